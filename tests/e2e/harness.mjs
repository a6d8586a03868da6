// Shared set-up for the end-to-end journeys: a plain static server over the
// release build (no index.html fallback, like any static host), Debian's
// Chromium driven by playwright-core with a fresh profile per browser, and
// guards that fail a test on console errors or requests leaving the origin.
//
// Every journey file starts its own server and browsers, so each file runs on
// its own: `node --test tests/e2e/plan.test.mjs`.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { serveStatic } from '../../scripts/static-server.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const screenshots = join(root, 'tests', 'screenshots');
export const fixtures = join(root, 'tests', 'fixtures');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/// Serve `dir` (relative to the repository) under `prefix`. Fails loudly when
/// the release build is missing: the suite never falls back to anything else.
export async function startServer(dir = 'dist', prefix = '/') {
  const path = resolve(root, dir);
  if (!existsSync(join(path, 'index.html'))) {
    throw new Error(`${path}/index.html is missing: build the release site first (scripts/test.sh does)`);
  }
  return serveStatic({ dir: path, prefix });
}

/// A browser with a fresh profile (so a fresh IndexedDB and local storage).
/// Options: colorScheme 'light' | 'dark', viewport, serviceWorkers: 'block'
/// (the default: journeys see the network as the app requests it, which a
/// service worker's cache would hide) or 'allow' (the offline journeys),
/// locale (the browser's language, which the app's number and date format
/// follows by default: en-US unless a journey asks for another).
export async function launch({ colorScheme = 'light', viewport = { width: 1440, height: 900 }, serviceWorkers = 'block', locale = 'en-US' } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (scripts/test.sh does)`);
  const profile = await mkdtemp(join(tmpdir(), 'stockpilot-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    acceptDownloads: true,
    colorScheme,
    viewport,
    serviceWorkers,
    locale,
  });
  context.setDefaultTimeout(30_000);
  // The persistent context opens one blank tab; tests open their own pages.
  for (const blank of context.pages()) await blank.close();
  const close = async () => {
    await context.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/// Open a page that records console errors, uncaught exceptions and requests
/// leaving `url`'s origin (the page's own and its workers'). `initScript`
/// runs before the app's scripts on every load of this page.
export async function openPage(context, url, { initScript } = {}) {
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const problems = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(String(error)));
  page.on('crash', () => problems.consoleErrors.push('the page crashed'));
  context.on('request', (request) => {
    const requestUrl = request.url();
    if (requestUrl.startsWith('blob:') || requestUrl.startsWith('data:')) return;
    if (new URL(requestUrl).origin !== origin) problems.foreignRequests.push(requestUrl);
  });
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url);
  return { page, problems };
}

/// The end of every journey: nothing went to the console as an error and no
/// request left the origin.
export function assertClean(problems) {
  assert.deepEqual(problems.consoleErrors, [], 'console errors');
  assert.deepEqual(problems.foreignRequests, [], 'requests outside the origin');
}

/// A server over `dir`, a fresh browser and one page of the app at `hash`,
/// loaded and saved. `done()` closes everything.
/// `fixedTime` (a Date): what the page's clock says, for a journey that reads
/// particular lines of the sample, which is generated for the page's today.
export async function openApp({ dir = 'dist', prefix = '/', hash = '', colorScheme = 'light', viewport, fixedTime } = {}) {
  const { server, url } = await startServer(dir, prefix);
  const { context, close } = await launch({ colorScheme, viewport });
  if (fixedTime) await context.clock.setFixedTime(fixedTime);
  const { page, problems } = await openPage(context, url + hash);
  await waitSaved(page);
  const done = async () => {
    await close();
    server.close();
  };
  return { server, url, context, page, problems, done };
}

/// Wait until the workspace is loaded and saved.
export async function waitSaved(page, timeout = 60_000) {
  await page.locator('[data-testid="save-status"][data-state="ok"]').waitFor({ timeout });
}

/// Wait until a plan has been computed and no re-plan is running.
export async function waitPlanned(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const indicator = document.querySelector('.plan-indicator');
    return indicator && indicator.textContent.trim() === '' && document.body.dataset.planReady === 'true';
  }, null, { timeout });
}

/// Wait until the save indicator has left "ok" (a save started) and come back.
export async function waitSavedAgain(page, action, timeout = 60_000) {
  await page.evaluate(() => {
    window.__saveSeen = false;
    const el = document.querySelector('[data-testid="save-status"]');
    const observer = new MutationObserver(() => {
      if (el.dataset.state !== 'ok') window.__saveSeen = true;
    });
    observer.observe(el, { attributes: true, attributeFilter: ['data-state'] });
    window.__saveObserver = observer;
  });
  await action();
  await page.waitForFunction(() => window.__saveSeen === true, null, { timeout });
  await waitSaved(page, timeout);
  await page.evaluate(() => window.__saveObserver.disconnect());
}

export async function shot(page, name) {
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/// Navigate with the hash router, as a link click does, and wait until the
/// new route has rendered its page title.
export async function go(page, hash) {
  await page.evaluate((h) => new Promise((done) => {
    if (window.location.hash === h) return done();
    window.addEventListener('hashchange', () => requestAnimationFrame(() => setTimeout(done, 0)), { once: true });
    window.location.hash = h;
  }), hash);
  await page.locator('[data-testid="page-title"]').first().waitFor();
}

/// The page title (h1) of the current page.
export async function pageTitle(page) {
  return (await page.locator('[data-testid="page-title"]').first().textContent()).trim();
}

/// The summary of the first data table on the page, e.g. "1–50 of 300 rows".
export async function tableSummary(page, table = '') {
  const scope = table ? `[data-testid="${table}"] ` : '';
  return (await page.locator(`${scope}[data-testid="table-summary"]`).first().textContent()).trim();
}

/// Read a download's text.
export async function downloadText(download) {
  const path = await download.path();
  return readFile(path, 'utf8');
}

/// Run `action` and collect the `count` downloads it starts: [{ name, text }].
export async function collectDownloads(page, count, action, timeout = 60_000) {
  const files = [];
  const all = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`expected ${count} downloads, got ${files.length}`)), timeout);
    const onDownload = async (download) => {
      const entry = { name: download.suggestedFilename(), text: null, bytes: null };
      files.push(entry);
      entry.bytes = await readFile(await download.path());
      entry.text = entry.bytes.toString('utf8');
      if (files.length === count && files.every((f) => f.text !== null)) {
        clearTimeout(timer);
        page.off('download', onDownload);
        done(files);
      }
    };
    page.on('download', onDownload);
  });
  await action();
  return all;
}

/// The files in a ZIP archive whose entries are stored uncompressed (what the
/// app writes), read through the central directory and checked against
/// their CRC-32, as an unzip tool would.
export function unzipStored(buffer) {
  return unzip(buffer);
}

/// Read a ZIP archive by its central directory: [{ name, text, bytes }].
/// Entries may be stored or deflated (method 8, what the app writes).
export function unzip(buffer) {
  const end = buffer.length - 22;
  assert.equal(buffer.readUInt32LE(end), 0x06054b50, 'end of central directory record');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = [];
  for (let i = 0; i < count; i += 1) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50, 'central directory header');
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const size = buffer.readUInt32LE(at + 20); // compressed
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    assert.ok(method === 0 || method === 8, `${name} is stored or deflated (method ${method})`);
    assert.equal(buffer.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const raw = buffer.subarray(dataAt, dataAt + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    assert.equal(crc32(data), crc, `checksum of ${name}`);
    files.push({ name, text: data.toString('utf8'), bytes: data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/// A ZIP archive of `files` ([{ name, bytes }]), stored (APPNOTE.TXT 4.3.7,
/// 4.3.12, 4.3.16): what a test needs to hand the app an edited workbook.
export function zipStored(files) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const { name, bytes } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(bytes.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(bytes.length, 20);
    header.writeUInt32LE(bytes.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, bytes);
    central.push(header, nameBytes);
    offset += 30 + nameBytes.length + bytes.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/// Write `contents` to a temporary file named `name` (the app recognises a
/// CSV's table by its file name) and return the path.
export async function tempFile(name, contents) {
  const dir = await mkdtemp(join(tmpdir(), 'stockpilot-file-'));
  const path = join(dir, name);
  await writeFile(path, contents);
  return path;
}

/// A minimal RFC 4180 reader: rows of cells, quotes and doubled quotes
/// handled, quoted line breaks kept.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/// CSV rows as objects keyed by the header.
export function csvRecords(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((cells) => Object.fromEntries(header.map((name, idx) => [name, cells[idx]])));
}

/// The manifest of the workspace saved in IndexedDB (its generation changes
/// with every save), or null.
export async function storedManifest(page) {
  return page.evaluate(() => new Promise((done, fail) => {
    const open = indexedDB.open('stockpilot');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('meta')) { db.close(); return done(null); }
      const get = db.transaction('meta').objectStore('meta').get('manifest');
      get.onsuccess = () => { db.close(); done(get.result ? JSON.parse(get.result) : null); };
      get.onerror = () => { db.close(); fail(get.error); };
    };
  }));
}

/// Open a SKU's page the way a user does after the app has loaded.
export async function openSku(page, id) {
  await go(page, `#/skus/${id}`);
  await page.locator('[data-testid="sku-name"]').waitFor();
}

/// Poll `check` (async, returns truthy when done) until it passes; fail with
/// `message` and the last value otherwise. The DOM updates asynchronously
/// after an input, so assertions on it wait like this.
export async function until(check, message = 'condition', timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message} (last value: ${JSON.stringify(last)})`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/// Wait until a button (or input) is enabled (`enabled` true) or disabled.
export async function waitEnabled(locator, enabled = true, timeout = 10_000) {
  await until(async () => (await locator.isEnabled()) === enabled, `${locator} to be ${enabled ? 'enabled' : 'disabled'}`, timeout);
}

/// Click "Check and import" and wait for the outcome the page shows: the
/// `import-done` banner, the `import-problems` list, an error banner, or
/// (`'mapping'`) the mapping step for a file that is not one of the tables
/// when nothing else was imported. Fails
/// at once (rather than at the timeout) when the import finished, which
/// clears the chosen files, but the page shows no outcome at all.
export async function runImport(page, timeout = 60_000) {
  await page.locator('[data-testid="import-run"]').click();
  const handle = await page.waitForFunction(() => {
    if (document.querySelector('[data-testid="import-done"]')) return 'done';
    if (document.querySelector('[data-testid="import-problems"]')) return 'refused';
    if (document.querySelector('[data-testid="mapping-step"]')) return 'mapping';
    const section = document.querySelector('[data-testid="import-files"]')?.closest('section');
    if (!section) return 'the import section is gone';
    const failed = section.querySelector('.banner-error');
    if (failed) return `failed: ${failed.textContent.trim()}`;
    if (!section.querySelector('.file-list') && !section.querySelector('progress')) {
      return 'finished, but the page shows no outcome (no import-done banner, no problem list)';
    }
    return false;
  }, null, { timeout, polling: 100 });
  return handle.jsonValue();
}
