// Trunk post-build step (after csp.mjs, see post-build.mjs): make the site work offline and
// installable.
//
// - Writes service-worker.js from web/service-worker.js with this build's
//   files: FIRST_VISIT (index.html and every file it names, as written there)
//   precached at install; ON_DEMAND (the files module, with the app's build in
//   its query as the worker asks for it) cached once the page has planned.
//   VERSION is a hash of all their contents, so any change to any file makes
//   a new worker and the page offers a reload.
// - Adds web/offline.js (registration and the "new version" banner) as a
//   script file named by its hash, and the web app manifest with its icon.
// Run by Trunk with TRUNK_STAGING_DIR set; also `node scripts/offline.mjs DIR`.
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('usage: node scripts/offline.mjs DIR (or run as a Trunk hook)');
const path = join(dir, 'index.html');
let html = readFileSync(path, 'utf8');

const app = html.match(/<link rel="modulepreload" href="([^"]*?)stockpilot-app-([0-9a-f]+)\.js"/);
if (!app) throw new Error(`no stockpilot-app module preload link in ${path}`);
const [, prefix, build] = app;

const hashed = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const script = readFileSync(join(web, 'offline.js'));
const scriptName = `offline-${hashed(script)}.js`;
writeFileSync(join(dir, scriptName), script);
copyFileSync(join(web, 'manifest.webmanifest'), join(dir, 'manifest.webmanifest'));
copyFileSync(join(web, 'icon.svg'), join(dir, 'icon.svg'));
const head = `<link rel="manifest" href="${prefix}manifest.webmanifest" />\n    <script type="module" src="${prefix}${scriptName}"></script>\n  </head>`;
if (!html.includes('</head>')) throw new Error(`no </head> in ${path}`);
html = html.replace('</head>', head);
writeFileSync(path, html);

const named = [...html.matchAll(/(?:href|src)="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((url) => !url.startsWith('data:') && !url.endsWith('/'));
const firstVisit = [...new Set(['index.html', ...named, `${prefix}icon.svg`])];
const onDemand = [`${prefix}stockpilot-files.js?v=${build}`, `${prefix}stockpilot-files_bg.wasm?v=${build}`];
const local = (url) => join(dir, url.startsWith(prefix) ? url.slice(prefix.length) : url).replace(/\?.*$/, '');
const version = createHash('sha256');
for (const url of [...firstVisit, ...onDemand]) version.update(url).update(readFileSync(local(url)));
const worker = readFileSync(join(web, 'service-worker.js'), 'utf8')
  .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
  .replace('__FIRST_VISIT__', JSON.stringify(firstVisit))
  .replace('__ON_DEMAND__', JSON.stringify(onDemand));
if (worker.includes('__')) throw new Error('service-worker.js has a placeholder left');
writeFileSync(join(dir, 'service-worker.js'), worker);
