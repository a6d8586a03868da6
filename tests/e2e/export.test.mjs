// Journey 4: export the workspace as CSV and JSON and check what is
// downloaded; text that a spreadsheet would run as a formula is escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  unzipStored, openApp, go, openSku, waitSavedAgain, collectDownloads, parseCsv, csvRecords, assertClean, waitEnabled,
} from './harness.mjs';

const SKU_HEADER = 'sku_id,name,family,unit,unit_cost,criticality,regulated,shelf_life_days,min_remaining_shelf_life_days,status,weight_kg,volume_l';
const OFFER_HEADER = 'supplier_id,sku_id,supplier_sku,price_breaks,moq,pack_size,purchase_unit,units_per_purchase_unit,lead_time_days,freight_per_unit_override,duty_pct_override,handling_per_unit_override,contract_id,valid_from,valid_to';
const TABLE_FILES = [
  'settings.csv', 'policy_matrix.csv', 'approval_thresholds.csv', 'currency_rates.csv', 'locations.csv', 'skus.csv',
  'suppliers.csv', 'contracts.csv', 'offers.csv', 'stock_lots.csv', 'commitments.csv', 'min_max_overrides.csv',
  'budgets.csv', 'forecast_pins.csv', 'forecast_overrides.csv', 'promotions.csv', 'launches.csv',
  'purchase_orders.csv', 'po_lines.csv', 'receipts.csv', 'po_log.csv', 'recurring_orders.csv', 'recurring_lines.csv',
  'mapping_presets.csv', 'demand.csv',
];

test('CSV and JSON exports hold the workspace', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await openSku(page, 'SKU-00001');
    const sku = {
      name: await page.locator('[data-testid="sku-name"]').inputValue(),
      family: await page.locator('[data-testid="sku-family"]').inputValue(),
      unit: await page.locator('[data-testid="sku-unit"]').inputValue(),
      cost: await page.locator('[data-testid="sku-unit-cost"]').inputValue(),
    };
    await go(page, '#/data');

    // JSON backup: the whole workspace, schema 4.
    const [backup] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-json"]').click());
    assert.equal(backup.name, 'stockpilot-workspace.json');
    const json = JSON.parse(backup.text);
    assert.equal(json.schema_version, 4);
    assert.deepEqual(json.mapping_presets, [], 'the sample has no mapping presets');
    assert.equal(json.skus.length, 300);
    const first = json.skus.find((s) => s.id === 'SKU-00001');
    assert.ok(first, 'SKU-00001 is in the backup');
    assert.equal(first.name, sku.name);
    assert.ok(json.suppliers.length > 0 && json.offers.length > 0 && json.demand.series.length > 0);

    // One table: skus.csv with its header row and the known SKU.
    const [skus] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-skus"]').click());
    assert.equal(skus.name, 'skus.csv');
    assert.equal(skus.text.split('\n')[0], SKU_HEADER);
    assert.ok(!skus.text.startsWith('\uFEFF'), 'no byte-order mark');
    const records = csvRecords(skus.text);
    assert.equal(records.length, 300);
    const row = records.find((r) => r.sku_id === 'SKU-00001');
    assert.deepEqual(
      [row.name, row.family, row.unit, row.unit_cost],
      [sku.name, sku.family, sku.unit, sku.cost],
    );
    // Rows are sorted by key.
    assert.deepEqual(records.map((r) => r.sku_id), [...records.map((r) => r.sku_id)].sort());

    const [offers] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-offers"]').click());
    assert.equal(offers.name, 'offers.csv');
    assert.equal(offers.text.split('\n')[0], OFFER_HEADER);
    const offerRows = csvRecords(offers.text);
    assert.equal(offerRows.length, json.offers.length);
    assert.ok(offerRows.some((r) => r.sku_id === 'SKU-00001'), 'SKU-00001 has an offer');

    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('"Download every table" gives one ZIP holding all twenty-five CSV files', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await go(page, '#/data');
    const [skus] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-skus"]').click());
    // Every table at once: one archive (browsers refuse a burst of downloads), twenty-five files, each with a header.
    const [archive] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-all-csv"]').click(), 20_000);
    assert.match(archive.name, /^stockpilot-csv-\d{4}-\d{2}-\d{2}\.zip$/);
    const all = unzipStored(archive.bytes);
    assert.deepEqual(all.map((f) => f.name).sort(), [...TABLE_FILES].sort());
    for (const file of all) assert.ok(parseCsv(file.text)[0].length >= 2, `${file.name} has a header row`);
    assert.equal(all.find((f) => f.name === 'skus.csv').text, skus.text);
    const demandRows = parseCsv(all.find((f) => f.name === 'demand.csv').text);
    assert.deepEqual(demandRows[0], ['date', 'sku_id', 'location_id', 'channel', 'quantity', 'promo', 'stockout', 'requested']);
    assert.ok(demandRows.length > 10_000, `the demand history is exported (${demandRows.length} rows)`);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a name that starts with "=" is exported with an apostrophe in front', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    // Created through the form, as a user would.
    await go(page, '#/skus/new');
    await page.locator('[data-testid="sku-id"]').fill('SKU-FORMULA');
    await page.locator('[data-testid="sku-name"]').fill('=HYPERLINK("http://example.invalid","click")');
    await page.locator('[data-testid="sku-unit-cost"]').fill('1.50');
    const create = page.locator('[data-testid="sku-save"]');
    await waitEnabled(create);
    await waitSavedAgain(page, () => create.click());
    await page.waitForFunction(() => window.location.hash === '#/skus/SKU-FORMULA');

    // And renamed to another dangerous start through the same form.
    await openSku(page, 'SKU-00002');
    await page.locator('[data-testid="sku-name"]').fill('@SUM(1+1)');
    await waitEnabled(page.locator('[data-testid="sku-save"]'));
    await waitSavedAgain(page, () => page.locator('[data-testid="sku-save"]').click());

    await go(page, '#/data');
    const [skus] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-skus"]').click());
    const rows = parseCsv(skus.text);
    const formula = rows.find((r) => r[0] === 'SKU-FORMULA');
    assert.ok(formula, 'the new SKU is exported');
    assert.equal(formula[1], `'=HYPERLINK("http://example.invalid","click")`);
    // As written in the file: quoted because of the inner quotes, the apostrophe first.
    assert.ok(skus.text.includes('\nSKU-FORMULA,"\'=HYPERLINK(""http://example.invalid"",""click"")",'), 'raw CSV cell');
    assert.equal(rows.find((r) => r[0] === 'SKU-00002')[1], "'@SUM(1+1)");
    // Numbers are never escaped.
    assert.equal(formula[4], '1.50');

    // The JSON backup keeps the text as it is.
    const [backup] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-json"]').click());
    const json = JSON.parse(backup.text);
    assert.equal(json.skus.find((s) => s.id === 'SKU-FORMULA').name, '=HYPERLINK("http://example.invalid","click")');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
