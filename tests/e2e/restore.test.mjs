// Journey 9: restoring JSON backups. A backup from a newer Stockpilot is
// refused with a clear message and nothing is overwritten; a backup of this
// version restores the workspace it was made from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  openApp, fixtures, go, openSku, pageTitle, waitSaved, waitSavedAgain, storedManifest, collectDownloads, tempFile,
  tableSummary, assertClean, waitEnabled,
} from './harness.mjs';

test('a backup from a newer version is refused and nothing changes', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    const dialogs = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.accept(); });
    await openSku(page, 'SKU-00001');
    const name = await pageTitle(page);
    const manifest = await storedManifest(page);

    await go(page, '#/data');
    await page.locator('[data-testid="restore-file"]').setInputFiles(join(fixtures, 'newer-schema.json'));
    const list = page.locator('[data-testid="import-problems"]');
    await list.waitFor();
    assert.equal(dialogs.length, 1, 'the user confirmed replacing the workspace');
    assert.match(dialogs[0], /newer-schema\.json/);
    assert.equal(await list.getAttribute('data-total'), '1');
    assert.match(await list.textContent(), /Nothing was imported/);
    assert.match(await list.textContent(), /Your data is unchanged/);
    assert.match(
      await page.locator('[data-testid="problem-row"]').first().textContent(),
      /written by a newer version of Stockpilot \(schema 99\); this version reads schema 4 and older\. Nothing was changed\./,
    );

    // Nothing was written, in the page or in storage.
    await page.waitForTimeout(500);
    assert.deepEqual(await storedManifest(page), manifest);
    assert.equal(await page.locator('[data-testid="save-status"]').getAttribute('data-state'), 'ok');
    await go(page, '#/skus');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');
    await page.reload();
    await waitSaved(page);
    await go(page, '#/skus');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');
    await openSku(page, 'SKU-00001');
    assert.equal(await pageTitle(page), name);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a backup of this version restores the workspace it was made from', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    page.on('dialog', (dialog) => dialog.accept());
    await openSku(page, 'SKU-00001');
    const name = await pageTitle(page);
    await go(page, '#/data');
    const [backup] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-json"]').click());

    // Change the workspace after the backup: a rename and a new SKU.
    await openSku(page, 'SKU-00001');
    await page.locator('[data-testid="sku-name"]').fill('Changed after the backup');
    await waitEnabled(page.locator('[data-testid="sku-save"]'));
    await waitSavedAgain(page, () => page.locator('[data-testid="sku-save"]').click());

    await go(page, '#/data');
    const before = (await storedManifest(page)).generation;
    await page.locator('[data-testid="restore-file"]').setInputFiles(await tempFile('backup.json', backup.text));
    await page.locator('[data-testid="notice"]', { hasText: 'Restored the workspace from backup.json.' }).waitFor();
    await waitSaved(page);
    assert.ok((await storedManifest(page)).generation > before, 'the restored workspace is saved');
    await openSku(page, 'SKU-00001');
    assert.equal(await pageTitle(page), name);

    await page.reload();
    await waitSaved(page);
    await go(page, '#/skus');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');
    await openSku(page, 'SKU-00001');
    assert.equal(await pageTitle(page), name);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
