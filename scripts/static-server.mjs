// A plain static file server, like any static host: no rewrite rules, no
// fallback to index.html (a missing path is a 404), so the app's routing must
// survive reloads on its own. Serves `dir` under `prefix` (e.g. "/stockpilot/").
// Like nginx's gzip_static/brotli_static, it sends FILE.br or FILE.gz (written
// by scripts/compress.mjs) when the browser accepts that encoding.
//
//   node scripts/static-server.mjs DIR [PORT] [PREFIX]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function serveStatic({ dir, port = 0, prefix = '/', host = '127.0.0.1' }) {
  const root = resolve(dir);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const accepted = String(request.headers['accept-encoding'] ?? '');
      let encoding = null;
      let body = null;
      for (const [name, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
        if (body === null && new RegExp(`\\b${name}\\b`).test(accepted)) {
          body = await readFile(file + suffix).catch(() => null);
          if (body !== null) encoding = name;
        }
      }
      body ??= await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        vary: 'accept-encoding',
        ...(encoding ? { 'content-encoding': encoding } : {}),
      });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((done) => {
    server.listen(port, host, () => done({ server, url: `http://${host}:${server.address().port}${prefix}` }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir = 'dist', port = '8080', prefix = '/'] = process.argv.slice(2);
  const { url } = await serveStatic({ dir, port: Number(port), prefix });
  console.log(`Serving ${dir} at ${url}`);
}
