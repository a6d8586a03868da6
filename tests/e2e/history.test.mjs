// Journey: a wrong but valid import replaces good data; the version history
// brings it back in one click, and it stays back after a reload. (Issue 10,
// "Undo and history".)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, go, openSku, waitSaved, waitSavedAgain, tempFile, runImport, until, assertClean } from './harness.mjs';

const rows = (page) => page.locator('[data-testid="history-row"]');

async function skuName(page, id) {
  await openSku(page, id);
  return page.locator('[data-testid="sku-name"]').inputValue();
}

test('a wrong import is undone from the history, and stays undone after a reload', async () => {
  const app = await openApp();
  const { page } = app;
  page.on('dialog', (dialog) => dialog.accept());
  try {
    const good = await skuName(page, 'SKU-00001');
    const cost = await page.locator('[data-testid="sku-unit-cost"]').inputValue();
    await go(page, '#/data');
    await rows(page).first().waitFor();
    assert.match(await rows(page).first().innerText(), /Loaded the sample/);

    // A valid file with the names in the wrong column: it imports.
    const csv = ['sku_id,name,unit_cost', `SKU-00001,Widget family B,${cost}`, `SKU-00002,Widget family C,${cost}`, ''].join('\n');
    await page.locator('[data-testid="import-files"]').setInputFiles(await tempFile('skus.csv', csv));
    await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
    await waitSavedAgain(page, async () => assert.equal(await runImport(page), 'done'));
    assert.equal(await skuName(page, 'SKU-00001'), 'Widget family B');

    await go(page, '#/data');
    await until(async () => /Imported skus\.csv/.test(await rows(page).first().innerText()), 'the import in the history');
    assert.match(await rows(page).nth(1).innerText(), /Loaded the sample/);
    assert.match(await rows(page).first().innerText(), /Current/);

    // Restore the version before the import.
    await waitSavedAgain(page, () => rows(page).nth(1).locator('[data-testid="history-restore"]').click());
    await page.locator('[data-testid="notice"]', { hasText: /Restored the version of/ }).waitFor();
    await until(async () => /Restored the version of/.test(await rows(page).first().innerText()), 'the restore in the history');
    assert.equal(await skuName(page, 'SKU-00001'), good);

    await page.reload();
    await waitSaved(page);
    assert.equal(await skuName(page, 'SKU-00001'), good, 'still restored after a reload');
    await go(page, '#/data');
    await rows(page).first().waitFor();
    assert.equal(await rows(page).count(), 3, 'sample, import, restore');

    // The restore can be undone in turn: "Undo the last change" goes back to the import.
    await waitSavedAgain(page, () => page.locator('[data-testid="undo"]').click());
    assert.equal(await skuName(page, 'SKU-00001'), 'Widget family B');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('only the chosen number of versions is kept', async () => {
  const app = await openApp({ hash: '#/data' });
  const { page } = app;
  try {
    await page.locator('[data-testid="keep-versions"]').fill('2');
    await page.locator('[data-testid="keep-versions-save"]').click();
    for (const name of ['First rename', 'Second rename', 'Third rename']) {
      await openSku(page, 'SKU-00003');
      await page.locator('[data-testid="sku-name"]').fill(name);
      await waitSavedAgain(page, () => page.locator('[data-testid="sku-save"]').click());
    }
    await go(page, '#/data');
    await until(async () => (await rows(page).count()) === 2, 'two versions kept');
    assert.match(await rows(page).first().innerText(), /SKU SKU-00003 saved/);
    // A value outside 1–100 is refused with a reason.
    await page.locator('[data-testid="keep-versions"]').fill('0');
    await page.locator('[data-testid="keep-versions-save"]').click();
    await page.locator('.history-keep .error', { hasText: /between 1 and 100/ }).waitFor();
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('when storage is full, the oldest versions make room and the page says so', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    for (const name of ['One', 'Two', 'Three']) {
      await openSku(page, 'SKU-00004');
      await page.locator('[data-testid="sku-name"]').fill(name);
      await waitSavedAgain(page, () => page.locator('[data-testid="sku-save"]').click());
    }
    // The next chunk write finds the quota full, once (as if the dropped
    // versions freed what it needed).
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      let failed = false;
      IDBObjectStore.prototype.put = function (...args) {
        if (!failed && this.name === 'chunks') {
          failed = true;
          throw new DOMException('the quota has been exceeded.', 'QuotaExceededError');
        }
        return put.apply(this, args);
      };
    });
    await openSku(page, 'SKU-00004');
    await page.locator('[data-testid="sku-name"]').fill('Four');
    await waitSavedAgain(page, () => page.locator('[data-testid="sku-save"]').click());
    await page.locator('[data-testid="notice"]', { hasText: /storage for this site is full: the 2 oldest saved versions were dropped/ }).waitFor();
    await page.locator('[data-testid="notice"]', { hasText: 'SKU SKU-00004 saved.' }).waitFor();
    await go(page, '#/data');
    await until(async () => (await rows(page).count()) === 3, 'the versions left plus the new one');
    assert.match(await rows(page).first().innerText(), /SKU SKU-00004 saved/);
    await page.reload();
    await waitSaved(page);
    assert.equal(await skuName(page, 'SKU-00004'), 'Four');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
