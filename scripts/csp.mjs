// Trunk post-build hook: make dist/index.html work under a strict
// Content-Security-Policy with no inline script.
//
// Trunk writes the code that starts the app as an inline <script type="module">.
// This moves it into its own file, named by a hash of its content like every
// other asset, and puts the policy in a <meta> tag so it holds on any static
// host, whatever headers the host sends:
//   script-src 'self' 'wasm-unsafe-eval'  only the site's own scripts; compiling
//                                         WebAssembly needs 'wasm-unsafe-eval'
//   worker-src 'self' blob:               the engine worker starts from a small
//                                         blob: script that imports the site's own;
//                                         the service worker is the site's own file
//   connect-src 'self'                    fetches (the .wasm) stay on the origin
//   style-src 'self'; style-src-attr 'unsafe-inline'
//                                         the stylesheet is a file; a few elements
//                                         carry style attributes (no <style> tags)
//   img-src 'self' data:                  the favicon is a data: URL
//   manifest-src 'self'                   the web app manifest (scripts/offline.mjs)
// Run by Trunk with TRUNK_STAGING_DIR set; also `node scripts/csp.mjs DIR`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('usage: node scripts/csp.mjs DIR (or run as a Trunk hook)');
const path = join(dir, 'index.html');
let html = readFileSync(path, 'utf8');

const inline = /<script type="module">([\s\S]*?)<\/script>/g;
const scripts = [...html.matchAll(inline)];
if (scripts.length !== 1) throw new Error(`expected one inline module script in ${path}, found ${scripts.length}`);
const code = scripts[0][1];
// The start script lives beside the app's JavaScript: same URL prefix (relative
// or the --public-url), so its relative imports resolve as they did inline.
const preload = html.match(/<link rel="modulepreload" href="([^"]*?)[^/"]*"/);
if (!preload) throw new Error(`no modulepreload link in ${path}`);
const name = `start-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(dir, name), code);
html = html.replace(scripts[0][0], `<script type="module" src="${preload[1]}${name}"></script>`);

if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error(`an inline script is left in ${path}`);
const meta = `<meta http-equiv="Content-Security-Policy" content="${POLICY}" />`;
html = html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    ${meta}`);
if (!html.includes(meta)) throw new Error(`no place for the policy in ${path}`);
writeFileSync(path, html);
