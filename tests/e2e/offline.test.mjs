// Offline and new versions (the service worker, web/service-worker.js): after
// one visit the app opens, plans, imports and exports with no network; a new
// deployment waits until the buyer reloads, and is never mixed with the old.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer, launch, openPage, waitSaved, waitPlanned, go, tableSummary, tempFile, runImport, collectDownloads,
  until, root, assertClean, openSku,
} from './harness.mjs';

/// The names of the caches the service worker keeps, and whether the files
/// module (fetched on demand) is among the cached files.
async function cacheState(page) {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('stockpilot-'));
    let filesModule = false;
    for (const name of names) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) if (/stockpilot-files_bg\.wasm\?v=/.test(request.url)) filesModule = true;
    }
    return { names, filesModule };
  });
}

async function waitOfflineReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await until(async () => (await cacheState(page)).filesModule, 'the files module cached for offline use', 30_000);
}

test('after one visit the app opens, plans, imports and exports offline', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch({ serviceWorkers: 'allow' });
  try {
    const { page, problems } = await openPage(context, url);
    await waitSaved(page);
    await waitPlanned(page);
    await waitOfflineReady(page);
    assert.equal((await cacheState(page)).names.length, 1);

    await context.setOffline(true);
    await page.reload();
    await waitSaved(page);
    await waitPlanned(page);
    await go(page, '#/skus');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');

    // Import: the files module comes from the cache.
    await go(page, '#/data');
    const csv = 'sku_id,name,unit_cost\nSKU-OFFLINE,Imported on a plane,4.5\n';
    await page.locator('[data-testid="import-files"]').setInputFiles(await tempFile('skus.csv', csv));
    await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
    assert.equal(await runImport(page), 'done');
    await waitSaved(page);
    await openSku(page, 'SKU-OFFLINE');
    assert.equal(await page.locator('[data-testid="sku-name"]').inputValue(), 'Imported on a plane');

    // Export.
    await go(page, '#/data');
    const [skus] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-skus"]').click());
    assert.match(skus.text, /SKU-OFFLINE,Imported on a plane/);
    await context.setOffline(false);
    // Going offline shows up as failed requests the browser reports; nothing else.
    problems.consoleErrors = problems.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e));
    assertClean(problems);
  } finally {
    await close();
    server.close();
  }
});

test('a new deployment waits for the reload the page offers', async () => {
  const site = await mkdtemp(join(tmpdir(), 'stockpilot-site-'));
  await cp(join(root, 'dist'), site, { recursive: true });
  const { server, url } = await startServer(site);
  const { context, close } = await launch({ serviceWorkers: 'allow' });
  try {
    const { page, problems } = await openPage(context, url);
    await waitSaved(page);
    await waitPlanned(page);
    await waitOfflineReady(page);
    const [before] = (await cacheState(page)).names;

    // Deploy: a service worker of another version (as any change of any file makes).
    const path = join(site, 'service-worker.js');
    const worker = await readFile(path, 'utf8');
    const next = worker.replace(/const VERSION = "[0-9a-f]+"/, 'const VERSION = "e2e0next0version"');
    assert.notEqual(next, worker);
    await writeFile(path, next);
    // Its precompressed copies are of the old one: a deployment replaces them too.
    await rm(`${path}.br`);
    await rm(`${path}.gz`);

    await page.reload();
    await waitSaved(page);
    const banner = page.locator('[data-testid="banner-new-version"]');
    await banner.waitFor({ timeout: 30_000 });
    assert.match(await banner.textContent(), /A new version of Stockpilot is ready/);
    // Until the buyer reloads, the old version serves the page: the new one waits.
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting !== null), true);
    assert.ok((await cacheState(page)).names.includes(before));

    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.waitForEvent('load');
    await waitSaved(page);
    await until(async () => {
      const { names } = await cacheState(page);
      return names.length === 1 && names[0] === 'stockpilot-e2e0next0version';
    }, 'the new version in charge and the old cache gone', 30_000);
    assert.equal(await page.locator('[data-testid="banner-new-version"]').count(), 0);
    assertClean(problems);
  } finally {
    await close();
    server.close();
    await rm(site, { recursive: true, force: true });
  }
});
