// The files module (importers, backups, exports; files/ in the repository) is
// a WebAssembly program of its own that the worker fetches on demand: a first
// visit never downloads it, reopening a saved workspace does (it reads the
// stored core chunk), and when it cannot be fetched the save is left alone
// and the page says so, rather than calling the save unreadable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, launch, openPage, waitSaved, waitPlanned, go, tableSummary, storedManifest, until, root, assertClean,
} from './harness.mjs';

const FILES = /\/stockpilot-files(\.js|_bg\.wasm)\?v=/;

test('the files module is fetched on demand, and a failed fetch leaves the save alone', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  const fetched = [];
  context.on('request', (request) => {
    if (/stockpilot-files/.test(request.url())) fetched.push(request.url());
  });
  try {
    const { page, problems } = await openPage(context, url);
    await waitSaved(page);
    await waitPlanned(page);
    assert.deepEqual(fetched, [], 'a first visit does not fetch the files module');
    const manifest = await storedManifest(page);
    assert.ok(manifest, 'the sample is saved');

    // The module carries the app's build in its URL, so a cached module of
    // another build is never used.
    const app = readdirSync(join(root, 'dist')).find((f) => /^stockpilot-app-[0-9a-f]+\.js$/.test(f));
    const build = app.slice('stockpilot-app-'.length, -'.js'.length);

    // Unreachable (offline, a host that lost the file): the save is not opened,
    // not overwritten, and not called unreadable.
    await context.route(FILES, (route) => route.abort('internetdisconnected'));
    await page.reload();
    const banner = page.locator('[data-testid="banner-not-opened"]');
    await banner.waitFor({ timeout: 30_000 });
    assert.match(await banner.textContent(), /was not opened.*file reader could not do this.*Nothing has been changed/s);
    assert.equal(await page.locator('[data-testid="banner-unreadable"]').count(), 0);
    assert.ok(fetched.some((u) => u.includes(`stockpilot-files.js?v=${build}`)), `tried ${fetched}`);
    await page.waitForTimeout(1_500);
    assert.deepEqual(await storedManifest(page), manifest, 'nothing was saved over the workspace');

    // Reachable again: a reload opens the same save (no new generation).
    await context.unroute(FILES);
    fetched.length = 0;
    await page.reload();
    await waitSaved(page);
    assert.deepEqual(await storedManifest(page), manifest);
    assert.ok(fetched.some((u) => u.endsWith(`stockpilot-files_bg.wasm?v=${build}`)), `fetched ${fetched}`);
    await go(page, '#/skus');
    await until(async () => (await tableSummary(page, 'sku-table')) === '1–50 of 300 rows', 'the saved SKUs');
    // The aborted fetches are the only console errors allowed.
    problems.consoleErrors = problems.consoleErrors.filter((e) => !/stockpilot-files|ERR_INTERNET_DISCONNECTED/.test(e));
    assertClean(problems);
  } finally {
    await close();
    server.close();
  }
});
