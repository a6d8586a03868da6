// Every export a built-in preset reads, as a consultant brings a client's
// files in: Shopify products, orders and inventory, a German shop's
// WooCommerce export (English and German headers), Odoo products and stock quants (the examples in
// docs/examples/imports/), one after the other into the sample. Each file is
// recognised as its export in the mapping step and imports by its preset in
// one click, all or nothing. The figures of each import are checked against
// hand-worked values in the engine's tests (engine/tests/it/import_presets.rs)
// and the files module's (files/tests/mapping.rs); here the app's part: the
// offer, the parameters, the import, the report. STOCKPILOT_DIST as in
// mapping.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, go, tempFile, runImport, until, assertClean } from './harness.mjs';

const dir = process.env.STOCKPILOT_DIST ?? 'dist';

const EXPORTS = [
  ['shopify-products.csv', 'Shopify products export', /SKUs: 7 new/],
  ['shopify-orders.csv', 'Shopify orders export', /cancelled/],
  ['shopify-inventory.csv', 'Shopify inventory export', /Stock lots:/],
  ['woocommerce-products-de.csv', 'WooCommerce products export', /SKUs: \d+ new/],
  // The same shop's export by a German admin: German column headers
  // (Artikelnummer, Lager, …), the same SKUs, now updated, and their stock.
  ['woocommerce-products-de-admin.csv', 'WooCommerce products export', /SKUs: .*Stock lots: /],
  ['odoo-products.csv', 'Odoo products export', /Offers: \d+ new/],
  ['odoo-stock-quants.csv', 'Odoo stock quants export', /Stock lots: \d+ new/],
];

test('each built-in preset is offered for its export and imports it in one click', async () => {
  const app = await openApp({ dir });
  const { page } = app;
  try {
    await go(page, '#/data');
    for (const [name, label, summary] of EXPORTS) {
      const bytes = await readFile(new URL(`../../docs/examples/imports/${name}`, import.meta.url));
      await page.locator('[data-testid="import-files"]').setInputFiles([await tempFile(name, bytes)]);
      await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
      assert.equal(await runImport(page), 'mapping', name);
      const offer = page.locator('[data-testid="mapping-builtin"]');
      assert.match(await offer.textContent(), new RegExp(`This looks like a ${label}\\.`), name);
      if (await page.locator('[data-testid="builtin-location"]').count()) {
        await page.locator('[data-testid="builtin-location"]').selectOption('AMS');
      }
      // The file's own location names (Magazijn Utrecht, WH/Stock …) are
      // none of the sample's: each is kept as a new location, by choice.
      for (const select of await page.locator('[data-testid="builtin-location-map"]').all()) {
        if (!(await select.inputValue())) await select.selectOption(await select.getAttribute('data-name'));
      }
      await page.locator('[data-testid="builtin-import"]').click();
      await page.waitForFunction(() =>
        document.querySelectorAll('[data-testid="mapping-done"]').length === 1
          || document.querySelector('[data-testid="mapping-step"] [data-testid="import-problems"]'));
      const refused = page.locator('[data-testid="mapping-step"] [data-testid="import-problems"]');
      assert.equal(await refused.count(), 0, `${name}: ${(await refused.count()) ? await refused.textContent() : ''}`);
      const done = await page.locator('[data-testid="mapping-done"]').first().textContent();
      assert.match(done, new RegExp(`Imported ${name.replace('.', '\\.')} with the built-in ${label} preset\\.`), done);
      assert.match(done, summary, done);
    }
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

// A Shopify inventory export names its locations as the shop does
// ("Magazijn Utrecht", "Winkel Amsterdam"); the workspace calls them RTM and
// AMS. The step lists each name with a choice of the workspace's locations
// (proposing the one whose id or name it is), refuses to import while one
// is not placed, and imports into the chosen locations without creating any.
test('a Shopify inventory export imports into the locations the user maps its names to', async () => {
  const app = await openApp({ dir });
  const { page } = app;
  try {
    await go(page, '#/data');
    // The SKUs first, from the products export.
    const products = await readFile(new URL('../../docs/examples/imports/shopify-products.csv', import.meta.url));
    await page.locator('[data-testid="import-files"]').setInputFiles([await tempFile('shopify-products.csv', products)]);
    await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
    assert.equal(await runImport(page), 'mapping');
    await page.locator('[data-testid="builtin-import"]').click();
    await page.waitForSelector('[data-testid="mapping-done"]');
    // The shop calls one location by the sample's name for AMS, in its own
    // case: that name is proposed as AMS and not offered as a new location.
    const bytes = (await readFile(new URL('../../docs/examples/imports/shopify-inventory.csv', import.meta.url)))
      .toString('utf8').replaceAll('Winkel Amsterdam', 'amsterdam central warehouse');
    await page.locator('[data-testid="import-files"]').setInputFiles([await tempFile('shopify-inventory.csv', bytes)]);
    await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
    assert.equal(await runImport(page), 'mapping');
    const selects = page.locator('[data-testid="builtin-location-map"]');
    assert.deepEqual(
      await selects.evaluateAll((all) => all.map((s) => [s.dataset.name, s.value])),
      [['Magazijn Utrecht', ''], ['amsterdam central warehouse', 'AMS']],
    );
    const offered = (select) => select.evaluate((s) => [...s.options].map((o) => o.textContent));
    assert.ok((await offered(selects.nth(0))).includes('New location “Magazijn Utrecht”'));
    assert.deepEqual((await offered(selects.nth(1))).filter((t) => t.startsWith('New location')), []);
    const problems = page.locator('[data-testid="builtin-location-problems"]');
    assert.match(await problems.textContent(), /1 of the file's locations not placed yet/);
    assert.equal(await page.locator('[data-testid="builtin-import"]').isDisabled(), true);
    await selects.nth(0).selectOption('RTM');
    assert.equal(await problems.count(), 0);
    await page.locator('[data-testid="builtin-import"]').click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="mapping-done"]')].some((d) => d.textContent.includes('shopify-inventory.csv'))
        || document.querySelector('[data-testid="mapping-step"] [data-testid="import-problems"]'));
    const refused = page.locator('[data-testid="mapping-step"] [data-testid="import-problems"]');
    assert.equal(await refused.count(), 0, (await refused.count()) ? await refused.textContent() : '');
    const done = await page.locator('[data-testid="mapping-done"]', { hasText: 'shopify-inventory.csv' }).textContent();
    assert.match(done, /Imported shopify-inventory\.csv/, done);
    assert.match(done, /Stock lots:/, done);
    // Shopify's Unavailable units are a quarantined lot of their own.
    assert.match(done, /quarantined lot UNAVAILABLE/, done);
    assert.doesNotMatch(done, /Locations:/, done);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
