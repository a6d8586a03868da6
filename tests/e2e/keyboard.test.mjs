// Keyboard journeys: everything the plan page and a dialog offer is reachable
// without a mouse, and focus goes where a keyboard user expects it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitPlanned, go, tableSummary, until, assertClean } from './harness.mjs';

/// What has the keyboard's focus: its tag, test id and classes, and whether
/// it carries the `data-e2e` mark a test put on an element.
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return {
    tag: el?.tagName.toLowerCase(),
    testid: el?.dataset.testid ?? null,
    id: el?.id || null,
    clickableRow: !!el?.matches('tr.clickable'),
    inDialog: !!el?.closest('[role="dialog"]'),
    marked: el?.dataset.e2e ?? null,
  };
});

test('the plan by keyboard: skip link, a row, its explanation and back, sorting and paging', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    await page.locator('[data-testid="plan-table"] tbody tr.clickable').first().waitFor();
    await page.evaluate(() => document.activeElement?.blur());

    // The first Tab stop skips the navigation.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).testid, 'skip-link');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'main');

    // From there, the first plan row is a handful of Tab stops away.
    let stops = 0;
    while (!(await focused(page)).clickableRow) {
      stops += 1;
      assert.ok(stops <= 25, `no plan row within 25 Tab stops (now at ${JSON.stringify(await focused(page))})`);
      await page.keyboard.press('Tab');
    }
    await page.evaluate(() => { document.activeElement.dataset.e2e = 'opener'; });

    // Enter opens the explanation and moves focus into it; Esc closes it and
    // gives focus back to the row.
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="why-panel"]').waitFor();
    await until(async () => (await focused(page)).testid === 'why-panel', 'focus in the why panel');
    await page.keyboard.press('Escape');
    await until(async () => (await page.locator('[data-testid="why-panel"]').count()) === 0, 'the panel closed');
    await until(async () => (await focused(page)).marked === 'opener', 'focus back on the row');

    // Sorting: a column header is a button.
    const header = page.locator('[data-testid="plan-table"] th[aria-sort]').nth(1);
    const before = await header.getAttribute('aria-sort');
    await header.locator('button').focus();
    await page.keyboard.press('Enter');
    await until(async () => (await header.getAttribute('aria-sort')) !== before, 'the sort changed');

    // Paging.
    const first = await tableSummary(page, 'plan-table');
    const next = page.locator('[data-testid="plan-table"]').getByRole('button', { name: 'Next ›' });
    await next.focus();
    await page.keyboard.press('Enter');
    await until(async () => (await tableSummary(page, 'plan-table')) !== first, 'the next page');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a dialog keeps the keyboard inside and gives focus back when it closes', async () => {
  const app = await openApp({ hash: '#/skus/SKU-00001' });
  const { page } = app;
  try {
    await go(page, '#/skus/SKU-00001');
    const opener = page.locator('[data-testid="sku-delete"]');
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="delete-dialog"]').waitFor();
    assert.equal((await focused(page)).testid, 'delete-dialog');
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press('Tab');
      assert.ok((await focused(page)).inDialog, `Tab ${i + 1} stays in the dialog`);
    }
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press('Shift+Tab');
      assert.ok((await focused(page)).inDialog, `Shift+Tab ${i + 1} stays in the dialog`);
    }
    await page.keyboard.press('Escape');
    await until(async () => (await page.locator('[data-testid="delete-dialog"]').count()) === 0, 'the dialog closed');
    assert.equal((await focused(page)).testid, 'sku-delete');
    // Nothing was deleted.
    assert.equal(await page.locator('[data-testid="sku-name"]').count(), 1);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
