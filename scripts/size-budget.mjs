// The size budget: everything a first visit fetches (dist/index.html and every
// file it names: stylesheet, start script, the app's JavaScript and its
// WebAssembly, which the worker shares), compressed with gzip -9, must stay
// under BUDGET_KIB. Prints each file's figures and fails loudly over budget.
// The files module (importers, backups, exports: files/) is fetched on demand
// by the worker, never to show a first visit: its figures are printed apart,
// and the build fails if it is missing or if index.html names it. (The
// service worker caches it in the background once the first plan is shown,
// so the app works offline after one visit: see web/service-worker.js.)
//   node scripts/size-budget.mjs [DIST]
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_KIB = 1000;
const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'));
const named = [...html.toString('utf8').matchAll(/(?:href|src)="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((url) => !url.startsWith('data:') && !url.endsWith('/'))
  .map((url) => url.replace(/^\.\//, ''));
const files = ['index.html', ...new Set(named)];
let total = 0;
for (const file of files) {
  const path = join(dist, file);
  if (!existsSync(path)) throw new Error(`${path} is named by index.html but missing`);
  const bytes = readFileSync(path);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`  ${file.padEnd(48)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB raw ${(gzipped / 1024).toFixed(1).padStart(8)} KiB gzip -9`);
}
if (!files.some((f) => f.endsWith('.wasm'))) throw new Error('index.html names no .wasm file');
const ON_DEMAND = ['stockpilot-files.js', 'stockpilot-files_bg.wasm'];
for (const file of ON_DEMAND) {
  if (files.includes(file)) throw new Error(`index.html names ${file}, which must load on demand only`);
  const path = join(dist, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: the worker loads it for imports, exports and saved workspaces`);
  const bytes = readFileSync(path);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  console.log(`  on demand: ${file.padEnd(37)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB raw ${(gzipped / 1024).toFixed(1).padStart(8)} KiB gzip -9`);
}
const line = `first visit: ${(total / 1024).toFixed(1)} KiB gzipped (gzip -9), budget ${BUDGET_KIB} KiB`;
if (total > BUDGET_KIB * 1024) {
  console.error(`OVER BUDGET: ${line}`);
  process.exit(1);
}
console.log(`  ${line}: within budget`);
