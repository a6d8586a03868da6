// Trunk post-build step (last, see post-build.mjs): precompress the site's text and WebAssembly
// files, so any host that can serve a precompressed file (nginx
// `gzip_static`/`brotli_static`, Caddy `precompressed`, most CDNs; our own
// scripts/static-server.mjs) sends the 2 MB module as about 0.8 MB (gzip) or
// less (brotli) without compressing it on every request. Writes FILE.gz
// (gzip -9) and FILE.br (brotli quality 11) beside each file; the originals
// stay for hosts that compress on the fly or not at all.
// Run by Trunk with TRUNK_STAGING_DIR set; also `node scripts/compress.mjs DIR`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { extname, join } from 'node:path';

const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.webmanifest', '.json']);
const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('usage: node scripts/compress.mjs DIR (or run as a Trunk hook)');

function walk(path) {
  for (const name of readdirSync(path)) {
    const file = join(path, name);
    if (statSync(file).isDirectory()) {
      walk(file);
    } else if (COMPRESSIBLE.has(extname(name))) {
      const bytes = readFileSync(file);
      writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      writeFileSync(`${file}.br`, brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }));
    }
  }
}
walk(dir);
