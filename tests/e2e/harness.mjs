// Shared set-up for the end-to-end journeys: a plain static server over the
// release build (no index.html fallback, like any static host), Debian's
// Chromium driven by playwright-core with a fresh profile per test, and
// guards that fail a test on console errors or requests leaving the origin.
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { serveStatic } from '../../scripts/static-server.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const screenshots = join(root, 'tests', 'screenshots');
export const fixtures = join(root, 'tests', 'fixtures');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function startServer(dir = 'dist', prefix = '/') {
  const path = resolve(root, dir);
  if (!existsSync(join(path, 'index.html'))) {
    throw new Error(`${path}/index.html is missing: build the release site first (scripts/test.sh does)`);
  }
  return serveStatic({ dir: path, prefix });
}

/// A browser with a fresh profile (so a fresh IndexedDB). Options:
/// colorScheme 'light' | 'dark'.
export async function launch({ colorScheme = 'light', viewport = { width: 1440, height: 900 } } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (scripts/test.sh does)`);
  const profile = await mkdtemp(join(tmpdir(), 'stockpilot-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    acceptDownloads: true,
    colorScheme,
    viewport,
  });
  context.setDefaultTimeout(30_000);
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/// Open a page that records console errors and requests leaving `origin`.
export async function openPage(context, url) {
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const problems = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(String(error)));
  context.on('request', (request) => {
    const requestUrl = request.url();
    if (requestUrl.startsWith('blob:') || requestUrl.startsWith('data:')) return;
    if (new URL(requestUrl).origin !== origin) problems.foreignRequests.push(requestUrl);
  });
  await page.goto(url);
  return { page, problems };
}

/// Wait until the workspace is loaded and saved.
export async function waitSaved(page, timeout = 60_000) {
  await page.locator('[data-testid="save-status"][data-state="ok"]').waitFor({ timeout });
}

/// Wait until the plan has been computed (the sidebar stops saying "Planning").
export async function waitPlanned(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const indicator = document.querySelector('.plan-indicator');
    return indicator && indicator.textContent.trim() === '' && document.body.dataset.planReady === 'true';
  }, null, { timeout });
}

export async function shot(page, name) {
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/// Navigate with the hash router.
export async function go(page, hash) {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await page.locator('[data-testid="page-title"]').first().waitFor();
}

/// Read a download's text.
export async function downloadText(download) {
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}
