// Journey 3: a CSV batch with bad rows is refused as a whole, every problem
// listed, the data unchanged (also after a reload); a valid batch then
// updates by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  openApp, fixtures, go, openSku, waitSaved, tableSummary, storedManifest, tempFile, assertClean, until, runImport,
} from './harness.mjs';

async function problemRows(page) {
  return page.locator('[data-testid="problem-row"]').evaluateAll((rows) => rows.map((row) => {
    const [file, line, column, value, reason] = [...row.querySelectorAll('td')].map((td) => td.textContent.trim());
    return { file, row: line, column, value, reason };
  }));
}

async function skuName(page, id) {
  await openSku(page, id);
  return page.locator('[data-testid="sku-name"]').inputValue();
}

test('a batch with bad rows is refused, every problem listed, nothing changed', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    const nameBefore = await skuName(page, 'SKU-00001');
    const manifestBefore = await storedManifest(page);
    assert.ok(manifestBefore && manifestBefore.generation >= 1, 'the sample is saved');

    await go(page, '#/data');
    const run = page.locator('[data-testid="import-run"]');
    assert.equal(await run.isDisabled(), true, 'nothing to import before files are chosen');
    await page.locator('[data-testid="import-files"]').setInputFiles([
      join(fixtures, 'import-refused', 'skus.csv'),
      join(fixtures, 'import-refused', 'demand.csv'),
    ]);
    await until(() => run.isEnabled(), 'import-run enabled');
    assert.equal(await runImport(page), 'refused');

    const list = page.locator('[data-testid="import-problems"]');
    assert.match(await list.textContent(), /Nothing was imported/);
    const problems = await problemRows(page);
    const total = Number(await list.getAttribute('data-total'));
    assert.equal(total, problems.length, 'every problem is listed');
    assert.equal(total, 4, `4 bad rows, got: ${JSON.stringify(problems, null, 1)}`);

    const find = (column, value) => problems.find((p) => p.column === column && p.value === value);
    const unknownSku = find('sku_id', 'NO-SUCH-SKU');
    assert.ok(unknownSku, 'the unknown SKU is listed');
    assert.equal(unknownSku.file, 'demand.csv');
    assert.equal(unknownSku.row, '3');
    assert.match(unknownSku.reason, /SKU/i);

    const negative = find('quantity', '-4');
    assert.ok(negative, 'the negative quantity is listed');
    assert.equal(negative.row, '4');
    assert.match(negative.reason, /negative/i);

    const badDate = find('date', '03/04/2023');
    assert.ok(badDate, 'the ambiguous date is listed');
    assert.equal(badDate.row, '5');
    assert.match(badDate.reason, /YYYY-MM-DD|date/i);

    const unknownLocation = find('location_id', 'NOWHERE');
    assert.ok(unknownLocation, 'the unknown location is listed');
    assert.equal(unknownLocation.row, '6');

    // All or nothing: the valid rename in skus.csv was not applied either.
    assert.equal(await skuName(page, 'SKU-00001'), nameBefore);
    await go(page, '#/skus');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');
    const manifestAfter = await storedManifest(page);
    assert.equal(manifestAfter.generation, manifestBefore.generation, 'nothing was saved');

    await page.reload();
    await waitSaved(page);
    await page.locator('[data-testid="sku-table"]').waitFor();
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');
    assert.equal(await skuName(page, 'SKU-00001'), nameBefore);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a valid skus.csv updates one SKU by key and adds one', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await openSku(page, 'SKU-00001');
    const cost = await page.locator('[data-testid="sku-unit-cost"]').inputValue();
    const family = await page.locator('[data-testid="sku-family"]').inputValue();
    const csv = [
      'sku_id,name,unit_cost',
      `SKU-00001,Renamed by a valid import,${cost}`,
      'SKU-E2E-NEW,"Test widget, added by import",3.25',
      '',
    ].join('\n');

    await go(page, '#/data');
    await page.locator('[data-testid="import-files"]').setInputFiles(await tempFile('skus.csv', csv));
    await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
    // The outcome shown is checked last, so a missing banner does not hide
    // whether the data itself was imported.
    const outcome = await runImport(page);
    const done = page.locator('[data-testid="import-done"]');
    const banner = outcome === 'done'
      ? { text: await done.textContent(), elapsed: Number(await done.getAttribute('data-elapsed-ms')) } : null;
    await waitSaved(page);

    await go(page, '#/skus');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 301 rows');
    await openSku(page, 'SKU-00001');
    assert.equal(await page.locator('[data-testid="sku-name"]').inputValue(), 'Renamed by a valid import');
    // Columns left out of the file keep their values.
    assert.equal(await page.locator('[data-testid="sku-family"]').inputValue(), family);
    assert.equal(await page.locator('[data-testid="sku-unit-cost"]').inputValue(), cost);

    await page.reload();
    await waitSaved(page);
    await go(page, '#/skus');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 301 rows');
    await openSku(page, 'SKU-E2E-NEW');
    assert.equal(await page.locator('[data-testid="sku-name"]').inputValue(), 'Test widget, added by import');
    assert.equal(await page.locator('[data-testid="sku-unit"]').inputValue(), 'each');
    assertClean(app.problems);

    assert.equal(outcome, 'done', 'the import-done banner reports the import');
    assert.match(banner.text, /SKUs: 1 new, 1 updated/);
    assert.ok(banner.elapsed >= 0);
  } finally {
    await app.done();
  }
});
