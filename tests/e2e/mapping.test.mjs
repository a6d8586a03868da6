// The column-mapping step, as a consultant uses it: a stock count saved by
// a German spreadsheet (Windows-1252, semicolons, decimal commas, dates that
// read both ways) is not one of Stockpilot's tables, so Import & export
// opens the mapping step instead of an error. The format and the table are
// proposed, the date order is asked for, the location is a constant, a bad
// constant shows on its cells, and the import lands on the Stock page. A
// file with a bad cell imports nothing and names the user's row, column and
// value. Run against another build with STOCKPILOT_DIST=/abs/dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, go, tempFile, runImport, until, assertClean } from './harness.mjs';

const dir = process.env.STOCKPILOT_DIST ?? 'dist';

/// Text as Windows-1252 (Latin-1 for these characters) bytes, lines ended
/// CRLF as Windows writes them.
function latin1(lines) {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

const COUNT = latin1([
  'Artikel;Bezeichnung;Menge;Charge;Verfallsdatum',
  'SKU-00001;Handschuhe grün;1.234,5;MAP-1;03/04/2027',
  'SKU-00002;Desinfektion;12,0;MAP-2;05/06/2027',
]);

/// Next month's count: the same columns, new lots.
const NEXT_COUNT = latin1([
  'Artikel;Bezeichnung;Menge;Charge;Verfallsdatum',
  'SKU-00001;Handschuhe grün;7,5;NEXT-1;03/05/2027',
]);

/// The same count with a quantity that is no number on row 3 (the header
/// is row 1).
const BAD_COUNT = latin1([
  'Artikel;Bezeichnung;Menge;Charge;Verfallsdatum',
  'SKU-00003;Masken;40,0;BAD-1;03/04/2027',
  'SKU-00004;Schürzen;zwölf;BAD-2;05/06/2027',
]);

async function chooseFile(page, name, bytes) {
  await page.locator('[data-testid="import-files"]').setInputFiles([await tempFile(name, bytes)]);
  await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
  return runImport(page);
}

/// Wait for the preview of the current mapping; its status line's number of
/// problems, or -1 when the mapping is not complete.
async function previewProblems(page) {
  const preview = page.locator('[data-testid="mapping-preview"]');
  await until(async () => (await preview.getAttribute('aria-busy')) === 'false', 'the preview');
  if (await page.locator('[data-testid="mapping-spec-problems"]').count()) return -1;
  return Number(await page.locator('[data-testid="mapping-preview-status"]').getAttribute('data-problems'));
}

/// Set the location to a constant.
async function locationConstant(page, value) {
  const source = page.locator('[data-testid="mapping-source-location_id"]');
  if ((await source.inputValue()) !== '=constant') await source.selectOption('=constant');
  await page.locator('[data-testid="mapping-constant-location_id"]').fill(value);
}

async function lotRows(page, search) {
  await go(page, '#/stock');
  await page.locator('[data-testid="stock-table"] input[type="search"]').fill(search);
  await page.waitForTimeout(300);
  return page.locator('[data-testid="stock-table"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent.trim())));
}

test('a foreign stock count is mapped, previewed, fixed and imported; a bad one imports nothing', async () => {
  const app = await openApp({ dir });
  const { page } = app;
  try {
    await go(page, '#/data');
    assert.equal(await chooseFile(page, 'stock-count.csv', COUNT), 'mapping');

    // The proposal: the format as sniffed, the table, the question.
    const step = page.locator('[data-testid="mapping-step"]');
    assert.match(await step.locator('h2').textContent(), /stock-count\.csv/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mapping-title', 'focus moves to the step');
    assert.equal(await page.locator('[data-testid="mapping-encoding"]').inputValue(), 'windows1252');
    assert.equal(await page.locator('[data-testid="mapping-delimiter"]').inputValue(), 'semicolon');
    assert.equal(await page.locator('[data-testid="mapping-decimal"]').inputValue(), 'comma');
    assert.equal(await page.locator('[data-testid="mapping-thousands"]').inputValue(), 'point');
    assert.equal(await page.locator('[data-testid="mapping-target"]').inputValue(), 'stock_lots');
    assert.equal(await page.locator('[data-testid="mapping-source-sku_id"]').inputValue(), 'col:Artikel');
    assert.equal(await page.locator('[data-testid="mapping-source-quantity"]').inputValue(), 'col:Menge');
    assert.equal(await page.locator('[data-testid="mapping-source-lot_id"]').inputValue(), 'col:Charge');
    // 03/04/2027 reads both ways: asked, never guessed.
    assert.equal(await page.locator('[data-testid="mapping-date-order"]').inputValue(), '');
    assert.match(await page.locator('[data-testid="mapping-questions"]').textContent(), /Verfallsdatum.*03\/04\/2027/);

    // The location is required and not in the file: the mapping says so.
    assert.equal(await previewProblems(page), -1);
    assert.match(await page.locator('[data-testid="mapping-spec-problems"]').textContent(), /location_id/);
    assert.equal(await page.locator('[data-testid="mapping-import"]').isDisabled(), true, 'nothing to import yet');

    // A constant that is no location: a problem on each row's cell, in words.
    await locationConstant(page, 'NOWHERE');
    await page.locator('[data-testid="mapping-date-order"]').selectOption('dmy');
    assert.equal(await previewProblems(page), 2);
    const bad = page.locator('[data-testid="mapping-cell-problem"]');
    assert.equal(await bad.count(), 2);
    assert.match(await bad.first().textContent(), /NOWHERE.*⚠.*location/i);
    assert.match(await page.locator('[data-testid="mapping-problem-list"]').textContent(), /Row 2, location_id \(constant\), value “NOWHERE”/);

    // Fixed: the preview shows the rows as the importer reads them.
    await locationConstant(page, 'AMS');
    assert.equal(await previewProblems(page), 0);
    assert.equal(await page.locator('[data-testid="mapping-questions"]').count(), 0, 'the date question is answered');
    const firstRow = await page.locator('[data-testid="mapping-preview-row"]').first().evaluate((row) =>
      [...row.querySelectorAll('td')].map((td) => td.textContent.trim()));
    assert.deepEqual(firstRow, ['2', 'SKU-00001', 'AMS', 'MAP-1', '1234.5', '2027-04-03']);

    // Saved under a name, for next month's file.
    await page.locator('[data-testid="mapping-save-name"]').fill('Monthly count');
    await page.locator('[data-testid="mapping-save"]').click();
    assert.match(await page.locator('[data-testid="mapping-saved-note"]').textContent(), /Saved the mapping “Monthly count”/);

    await page.locator('[data-testid="mapping-import"]').click();
    const done = page.locator('[data-testid="mapping-done"]');
    await done.waitFor();
    assert.match(await done.textContent(), /Imported stock-count\.csv into Stock lots\..*2 new/);
    assert.match(await done.textContent(), /received.*quarantine/);
    assert.equal(await page.locator('[data-testid="mapping-fill-link"]').getAttribute('href'), '#/stock');
    assert.equal(await page.locator('[data-testid="mapping-step"]').count(), 0, 'the step closes');

    const lots = await lotRows(page, 'MAP-');
    assert.equal(lots.length, 2, JSON.stringify(lots));
    const glove = lots.find((cells) => cells.includes('MAP-1'));
    assert.ok(glove, JSON.stringify(lots));
    assert.equal(glove[0], 'SKU-00001');
    assert.equal(glove[2], 'AMS');
    assert.match(glove[4], /^1,234\.5\b/);

    // Next month: the saved mapping fits the file's columns and is used as
    // the step opens, so the import is one click.
    await go(page, '#/data');
    assert.equal(await chooseFile(page, 'stock-count-next.csv', NEXT_COUNT), 'mapping');
    assert.match(await page.locator('[data-testid="mapping-using"]').textContent(), /Using your saved mapping “Monthly count”/);
    assert.equal(await page.locator('[data-testid="mapping-saved"]').inputValue(), 'Monthly count');
    assert.equal(await previewProblems(page), 0);
    await page.locator('[data-testid="mapping-import"]').click();
    await page.locator('[data-testid="mapping-done"]').waitFor();
    const next = await lotRows(page, 'NEXT-');
    assert.equal(next.length, 1, JSON.stringify(next));
    assert.match(next[0][4], /^7\.5\b/);

    // A bad cell: nothing is imported, the problem in the user's terms.
    await go(page, '#/data');
    assert.equal(await chooseFile(page, 'stock-count-2.csv', BAD_COUNT), 'mapping');
    await locationConstant(page, 'AMS');
    await page.locator('[data-testid="mapping-date-order"]').selectOption('dmy');
    // "zwölf" is no number, so the column is not proposed as numbers: say so.
    await page.locator('[data-testid="mapping-transform-quantity"]').selectOption('number');
    assert.equal(await previewProblems(page), 1);
    await page.locator('[data-testid="mapping-import"]').click();
    const problems = page.locator('[data-testid="import-problems"]');
    await problems.waitFor();
    assert.match(await problems.textContent(), /Nothing was imported: 1 problem/);
    const problem = await page.locator('[data-testid="problem-row"]').first().evaluate((row) =>
      [...row.querySelectorAll('td')].map((td) => td.textContent.trim()));
    assert.deepEqual(problem.slice(0, 4), ['stock-count-2.csv', '3', 'Menge', 'zwölf']);
    assert.match(problem[4], /decimal comma/);
    const after = await lotRows(page, 'BAD-');
    assert.ok(!after.some((cells) => cells.includes('BAD-1') || cells.includes('BAD-2')), JSON.stringify(after));

    // The saved mapping is listed on Import & export, and can be deleted.
    await go(page, '#/data');
    const saved = page.locator('[data-testid="saved-mapping-row"]');
    assert.equal(await saved.count(), 1);
    assert.match(await saved.textContent(), /Monthly count.*Stock lots/);
    await saved.locator('button').click();
    await until(async () => (await page.locator('[data-testid="saved-mappings"]').count()) === 0, 'the mapping deleted');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a Shopify products export imports by its built-in preset, with its parameters and a report', async () => {
  const app = await openApp({ dir });
  const { page } = app;
  try {
    await go(page, '#/data');
    const shopify = await readFile(new URL('../../docs/examples/imports/shopify-products.csv', import.meta.url));
    assert.equal(await chooseFile(page, 'products_export.csv', shopify), 'mapping');
    const offer = page.locator('[data-testid="mapping-builtin"]');
    assert.match(await offer.textContent(), /This looks like a Shopify products export\./);
    await page.locator('[data-testid="builtin-location"]').selectOption('AMS');
    // A lead time that is no number of days is not taken.
    await page.locator('[data-testid="builtin-lead-time"]').fill('two weeks');
    assert.equal(await page.locator('[data-testid="builtin-import"]').isDisabled(), true);
    await page.locator('[data-testid="builtin-lead-time"]').fill('10');
    await page.locator('[data-testid="builtin-import"]').click();
    const done = page.locator('[data-testid="mapping-done"]');
    await done.waitFor();
    const text = await done.textContent();
    assert.match(text, /Imported products_export\.csv with the built-in Shopify products export preset\./);
    // Rows 6 and 8 of the example have no SKU; row 11 is a gift card.
    // Said once, not once per table the rows were left out of.
    const report = await page.locator('[data-testid="mapping-report"] li').allTextContents();
    const noSku = report.filter((line) => /no SKU/.test(line));
    const tables = 'SKUs, Suppliers, Offers, Stock lots';
    assert.deepEqual(noSku, [`${tables}: 2 rows skipped: no SKU (image rows, or variants without a SKU) (rows 6, 8).`], report.join('\n'));
    assert.ok(report.includes(`${tables}: 1 row skipped: gift cards (row 11).`), report.join('\n'));
    assert.ok(report.includes('Stock lots: 1 row skipped: stock not tracked (row 10).'), report.join('\n'));
    assert.ok(report.includes('Offers: lead_time_days = 10 on 7 new rows; rows already there kept theirs.'), report.join('\n'));

    await go(page, '#/skus');
    await page.locator('input[type="search"]').first().fill('GLV-100-M');
    await page.waitForTimeout(300);
    assert.match(await page.locator('table.data tbody').first().textContent(), /Nitrile gloves, powder-free - M/);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
