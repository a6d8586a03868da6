// Every export a built-in preset reads, as a consultant brings a client's
// files in: Shopify products, orders and inventory, a German shop's
// WooCommerce export, Odoo products and stock quants (the examples in
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
