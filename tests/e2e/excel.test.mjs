// Excel and ZIP, as a buyer uses them: every table downloaded as one Excel
// workbook imports back with nothing changed; a table's workbook with one
// cost edited changes that cost alone; the ZIP of CSV files imports back as
// it is. Run against another build with STOCKPILOT_DIST=/abs/dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, go, collectDownloads, tempFile, runImport, until, unzip, zipStored, csvRecords, assertClean,
} from './harness.mjs';

const dir = process.env.STOCKPILOT_DIST ?? 'dist';

/// The workspace's JSON backup, with amounts as numbers: a number cell
/// keeps no trailing zeros, so 12.50 comes back from Excel as 12.5, the
/// same amount.
async function backup(page) {
  const [file] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-json"]').click());
  return JSON.parse(file.text, (_, value) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value));
}

async function importFile(page, path) {
  await page.locator('[data-testid="import-files"]').setInputFiles([path]);
  await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
  return runImport(page, 180_000);
}

test('every table as Excel imports back unchanged; an edited cost changes that cost alone', async () => {
  const app = await openApp({ dir });
  const { page } = app;
  try {
    await go(page, '#/data');
    const before = await backup(page);

    const [workbook] = await collectDownloads(
      page, 1, () => page.locator('[data-testid="export-all-xlsx"]').click(), 180_000,
    );
    assert.match(workbook.name, /^stockpilot-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const parts = unzip(workbook.bytes).map((f) => f.name);
    assert.ok(parts.includes('[Content_Types].xml'), 'an Office Open XML package');
    const sheetNames = [...unzip(workbook.bytes).find((f) => f.name === 'xl/workbook.xml').text
      .matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(sheetNames.includes('skus') && sheetNames.includes('demand') && sheetNames.includes('offers'), sheetNames.join());
    assert.equal(sheetNames.length, 25);

    assert.equal(await importFile(page, await tempFile(workbook.name, workbook.bytes)), 'done');
    assert.deepEqual(await backup(page), before, 'the workspace is unchanged');

    // One table as Excel; SKU-00001's unit_cost (column E, row 2) edited.
    const [skus] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-xlsx-skus"]').click());
    assert.equal(skus.name, 'skus.xlsx');
    const entries = unzip(skus.bytes);
    const sheet = entries.find((f) => f.name === 'xl/worksheets/sheet1.xml');
    const cell = /<c r="E2"([^>]*)><v>([^<]*)<\/v><\/c>/;
    const found = sheet.text.match(cell);
    assert.ok(found, 'unit_cost of the first SKU is a number cell');
    assert.equal(Number(found[2]), Number(before.skus.find((s) => s.id === 'SKU-00001').unit_cost));
    const edited = entries.map((f) => ({
      name: f.name,
      bytes: f === sheet ? Buffer.from(f.text.replace(cell, '<c r="E2"$1><v>987.25</v></c>'), 'utf8') : f.bytes,
    }));
    const path = await tempFile('skus.xlsx', zipStored(edited));
    assert.equal(await importFile(page, path), 'done');

    const after = await backup(page);
    assert.equal(Number(after.skus.find((s) => s.id === 'SKU-00001').unit_cost), 987.25);
    const expected = structuredClone(before);
    expected.skus.find((s) => s.id === 'SKU-00001').unit_cost = after.skus.find((s) => s.id === 'SKU-00001').unit_cost;
    assert.deepEqual(after, expected, 'nothing else changed');

    const [csv] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-skus"]').click());
    assert.equal(Number(csvRecords(csv.text).find((r) => r.sku_id === 'SKU-00001').unit_cost), 987.25);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('the ZIP of every table imports back as it is; a bad cell in a workbook names its sheet and row', async () => {
  const app = await openApp({ dir });
  const { page } = app;
  try {
    await go(page, '#/data');
    const before = await backup(page);
    const [archive] = await collectDownloads(
      page, 1, () => page.locator('[data-testid="export-all-csv"]').click(), 60_000,
    );
    assert.match(archive.name, /^stockpilot-csv-\d{4}-\d{2}-\d{2}\.zip$/);
    assert.equal(await importFile(page, await tempFile(archive.name, archive.bytes)), 'done');
    assert.deepEqual(await backup(page), before, 'the workspace is unchanged');

    // The same workbook edit, but a cost that is not a number: refused,
    // named as Excel shows it.
    const [skus] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-xlsx-skus"]').click());
    const entries = unzip(skus.bytes);
    const bad = entries.map((f) => ({
      name: f.name,
      bytes: f.name === 'xl/worksheets/sheet1.xml'
        ? Buffer.from(f.text.replace(/<c r="E3"([^>]*)><v>[^<]*<\/v><\/c>/, '<c r="E3" t="inlineStr"><is><t>cheap</t></is></c>'), 'utf8')
        : f.bytes,
    }));
    assert.equal(await importFile(page, await tempFile('prices.xlsx', zipStored(bad))), 'refused');
    const problem = await page.locator('[data-testid="problem-row"]').first().evaluate((row) =>
      [...row.querySelectorAll('td')].map((td) => td.textContent.trim()));
    assert.deepEqual(problem.slice(0, 4), ['prices.xlsx, sheet skus', '3', 'E (unit_cost)', 'cheap']);
    assert.deepEqual(await backup(page), before, 'nothing was imported');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
