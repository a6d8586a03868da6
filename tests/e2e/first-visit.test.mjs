// Journey 1: a first visit shows the sample workspace, planned and saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, startServer, launch, openPage, waitSaved, waitPlanned, go, tableSummary, assertClean, pageTitle, until, waitEnabled,
} from './harness.mjs';

test('a first visit loads, plans and saves the sample workspace', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  try {
    const { page, problems } = await openPage(context, url);
    // The dashboard is the start page.
    assert.equal(await pageTitle(page), 'Dashboard');
    await waitSaved(page);

    const activeSkus = Number((await page.locator('[data-testid="kpi-skus"]').textContent()).replace(/\D/g, ''));
    assert.ok(activeSkus >= 290 && activeSkus <= 300, `about 298 active SKUs, got ${activeSkus}`);

    await waitPlanned(page);
    const suggestions = page.locator('[data-testid="kpi-suggestions"]');
    await suggestions.waitFor();
    const n = Number((await suggestions.textContent()).trim());
    assert.ok(Number.isInteger(n) && n > 0, `the plan suggests orders, got "${n}"`);
    // The dashboard lists the most urgent suggestions once planned.
    await page.locator('[data-testid="urgent-suggestions"] tbody tr').first().waitFor();

    // The KPI links to the SKU list: 300 SKUs, 50 per page.
    await page.locator('[data-testid="kpi-skus"]').click();
    await page.locator('[data-testid="sku-table"]').waitFor();
    assert.equal(await pageTitle(page), 'SKUs');
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');
    assert.equal(await page.locator('[data-testid="sku-table"] tbody tr').count(), 50);
    assert.match(await page.locator('[data-testid="sku-table"] tbody tr').first().textContent(), /SKU-00001/);

    // Saved means stored: a reload opens the same workspace without generating it again.
    await page.reload();
    await waitSaved(page);
    await page.locator('[data-testid="sku-table"]').waitFor();
    assert.equal(await tableSummary(page, 'sku-table'), '1–50 of 300 rows');
    await go(page, '#/dashboard');
    assert.equal(
      Number((await page.locator('[data-testid="kpi-skus"]').textContent()).replace(/\D/g, '')),
      activeSkus,
    );
    assertClean(problems);
  } finally {
    await close();
    server.close();
  }
});

test('the SKU list pages through its 300 rows and searches them', async () => {
  const app = await openApp({ hash: '#/skus' });
  const { page } = app;
  try {
    const table = page.locator('[data-testid="sku-table"]');
    await table.locator('tbody tr').first().waitFor();
    const next = table.getByRole('button', { name: 'Next ›' });
    const previous = table.getByRole('button', { name: '‹ Previous' });
    assert.equal(await previous.isDisabled(), true, 'no previous page on page 1');
    assert.match(await table.locator('.pager').textContent(), /Page 1 of 6/);
    await waitEnabled(next, true, 5_000);
    await next.click();
    await until(async () => (await tableSummary(page, 'sku-table')) === '51–100 of 300 rows', 'page 2');
    assert.match(await table.locator('tbody tr').first().textContent(), /SKU-00051/);
    await waitEnabled(previous);
    // 250 rows per page: two pages.
    await table.getByLabel('Rows per page').selectOption('250');
    await until(async () => (await tableSummary(page, 'sku-table')) === '1–250 of 300 rows', '250 per page');
    await next.click();
    await until(async () => (await tableSummary(page, 'sku-table')) === '251–300 of 300 rows', 'the last page');
    await waitEnabled(next, false);
    // A search starts again from the first page.
    await table.locator('input[type="search"]').fill('SKU-0029');
    await until(async () => (await tableSummary(page, 'sku-table')) === '1–10 of 10 rows (filtered from 300)', 'search');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
