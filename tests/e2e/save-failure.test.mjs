// Journey 8: a save that fails (storage quota full, or a failure halfway
// through a save) never damages the last good save: the user is told, can
// export a backup of what the tab holds, and a later visit opens the previous
// save intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, openPage, waitSaved, waitPlanned, openSku, pageTitle, storedManifest, collectDownloads,
  assertClean, waitEnabled, until, go,
} from './harness.mjs';

/// Init scripts that break IndexedDB writes in one page before the app loads.
/// `failAfter` puts succeed first (a save that fails halfway).
function breakPuts(failAfter) {
  let puts = 0;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    puts += 1;
    if (puts > failAfter) {
      throw new DOMException('Failed to execute \'put\' on \'IDBObjectStore\': the quota has been exceeded.', 'QuotaExceededError');
    }
    return put.apply(this, args);
  };
}

async function journey(failAfter) {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  try {
    // A normal first visit saves the sample.
    const first = await openPage(context, url);
    await waitSaved(first.page);
    await openSku(first.page, 'SKU-00001');
    const original = await pageTitle(first.page);
    const manifest = await storedManifest(first.page);
    assertClean(first.problems);
    await first.page.close();

    // The same browser, with storage writes failing from now on.
    const broken = await openPage(context, url, { initScript: `(${breakPuts})(${failAfter})` });
    await waitSaved(broken.page);
    await openSku(broken.page, 'SKU-00001');
    assert.equal(await pageTitle(broken.page), original);
    const renamed = `${original} (not saved)`;
    await broken.page.locator('[data-testid="sku-name"]').fill(renamed);
    await waitEnabled(broken.page.locator('[data-testid="sku-save"]'));
    await broken.page.locator('[data-testid="sku-save"]').click();

    const banner = broken.page.locator('[data-testid="banner-save-failed"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /previous save is intact/i);
    assert.equal(await broken.page.locator('[data-testid="save-status"]').getAttribute('data-state'), 'error');
    // The tab still shows the change, and "Export backup" keeps it.
    assert.equal(await pageTitle(broken.page), renamed);
    const [backup] = await collectDownloads(broken.page, 1, () => banner.getByRole('button', { name: 'Export backup' }).click());
    const json = JSON.parse(backup.text);
    assert.equal(json.skus.find((s) => s.id === 'SKU-00001').name, renamed);
    assert.equal(json.skus.length, 300);
    // "Try again" fails the same way while storage is full.
    await banner.getByRole('button', { name: 'Try again' }).click();
    await until(async () => (await broken.page.locator('[data-testid="save-status"]').getAttribute('data-state')) === 'error',
      'the retried save to fail');
    await banner.waitFor();
    // The stored save was not touched.
    assert.equal((await storedManifest(broken.page)).generation, manifest.generation);
    // The failed save is reported in the page, not thrown into the console.
    assertClean(broken.problems);
    await broken.page.close();

    // Storage works again: the app loads the previous save, whole.
    const later = await openPage(context, url);
    await waitSaved(later.page);
    await waitPlanned(later.page);
    assert.deepEqual(await storedManifest(later.page), manifest);
    assert.equal(await later.page.locator('[data-testid="banner-save-failed"]').count(), 0);
    assert.equal(await later.page.locator('[data-testid="banner-unreadable"]').count(), 0);
    await go(later.page, '#/skus');
    assert.match(await later.page.locator('[data-testid="table-summary"]').textContent(), /of 300 rows/);
    await openSku(later.page, 'SKU-00001');
    assert.equal(await pageTitle(later.page), original);
    assert.equal(await later.page.locator('[data-testid="sku-name"]').inputValue(), original);
    // And it saves normally again.
    await later.page.locator('[data-testid="sku-name"]').fill(`${original} (saved)`);
    await waitEnabled(later.page.locator('[data-testid="sku-save"]'));
    await later.page.locator('[data-testid="sku-save"]').click();
    await until(async () => (await storedManifest(later.page)).generation === manifest.generation + 1, 'a new save');
    await waitSaved(later.page);
    assertClean(later.problems);
  } finally {
    await close();
    server.close();
  }
}

test('storage full: the save fails visibly and the previous save stays intact', () => journey(0));

test('a save failing halfway (after its first write) leaves the previous save intact', () => journey(1));

test('a full storage quota is named as such in the banner', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  try {
    // A first visit whose very first save (the sample) meets a full quota.
    const { page, problems } = await openPage(context, url, { initScript: `(${breakPuts})(0)` });
    const banner = page.locator('[data-testid="banner-save-failed"]');
    await banner.waitFor();
    // The cause is a QuotaExceededError: the banner should say the storage is
    // full (StorageError::QuotaExceeded), not a generic database error.
    assert.match(await banner.textContent(), /storage quota for this site is full/i);
    assertClean(problems);
  } finally {
    await close();
    server.close();
  }
});
