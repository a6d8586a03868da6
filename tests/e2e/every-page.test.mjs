// Journey 6: every page renders, and nothing in a full journey asks for
// anything outside the site's own origin: no fonts, analytics or CDNs.
// After the first load the app keeps working with the network switched off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, go, pageTitle, waitPlanned, assertClean } from './harness.mjs';

test('every page renders with no request leaving the origin, and keeps working offline', async () => {
  const app = await openApp();
  const { page, context } = app;
  try {
    const requests = [];
    context.on('request', (request) => requests.push(request.url()));
    await waitPlanned(page);

    // Ids of one supplier and one purchase order, read from their lists.
    await go(page, '#/suppliers');
    const supplierHref = await page.locator('[data-testid="supplier-table"] tbody a').first().getAttribute('href');
    await go(page, '#/purchase-orders');
    await page.locator('[data-testid="po-table"] select[aria-label="Status"]').selectOption('');
    const poHref = await page.locator('[data-testid="po-table"] tbody a').first().getAttribute('href');
    assert.match(supplierHref, /^#\/suppliers\/./);
    assert.match(poHref, /^#\/purchase-orders\/./);

    // From here on the network is off: everything runs in the browser.
    await context.setOffline(true);
    const pages = [
      ['#/dashboard', /^Dashboard$/, '[data-testid="kpi-skus"]'],
      ['#/plan', /^Plan$/, '[data-testid="plan-table"] tbody tr'],
      ['#/skus', /^SKUs$/, '[data-testid="sku-table"] tbody tr'],
      ['#/skus/SKU-00003', /\S/, '[data-testid="sku-planning"]'],
      ['#/skus/new', /^New SKU$/, '[data-testid="sku-id"]'],
      ['#/suppliers', /^Suppliers$/, '[data-testid="supplier-table"] tbody tr'],
      [supplierHref, /\S/, '[data-testid="supplier-name"]'],
      ['#/suppliers/new', /^New supplier$/, '[data-testid="supplier-id"]'],
      ['#/stock', /^Stock$/, '[data-testid="stock-table"] tbody tr'],
      ['#/purchase-orders', /^Purchase orders$/, '[data-testid="po-table"]'],
      [poHref, /^Purchase order /, '[data-testid="page-title"]'],
      ['#/data', /^Import & export$/, '[data-testid="export-panel"]'],
      ['#/settings', /^Settings$/, '[data-testid="holding-rate"]'],
      ['#/no/such/page', /^Page not found$/, '.empty-state'],
    ];
    for (const [hash, title, content] of pages) {
      await go(page, hash);
      await page.locator(content).first().waitFor();
      const shown = await pageTitle(page);
      assert.match(shown, title, `${hash} shows "${shown}"`);
      if (!hash.startsWith('#/no/')) assert.doesNotMatch(shown, /not found/i, `${hash} is found`);
      assert.match(await page.title(), /Stockpilot/);
    }
    // The plan's explanation opens offline too (it is computed by the worker).
    await go(page, '#/plan');
    await page.locator('[data-testid="plan-table"] tbody tr td:nth-child(3)').first().click();
    await page.locator('[data-testid="why-panel"] [data-testid="why-steps"]').waitFor();
    await context.setOffline(false);

    const foreign = requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && new URL(u).origin !== new URL(app.url).origin);
    assert.deepEqual(foreign, []);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
