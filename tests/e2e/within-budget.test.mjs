// Buying within budget and the expedite split, as a buyer does them: the
// within-budget page defers what a family's budget cannot pay for, the buyer
// adjusts and drafts the rest; an urgent line's split becomes two drafts in
// one click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitPlanned, go, until, assertClean, pageTitle } from './harness.mjs';

const money = (text) => Number(text.replace(/[^0-9.\-]/g, ''));

test('suggestions beyond a family budget are deferred, adjusted and the rest drafted', async () => {
  const app = await openApp({ hash: '#/plan/within-budget' });
  const { page } = app;
  try {
    await waitPlanned(page);
    assert.equal(await pageTitle(page), 'Buy within budget');
    // A family that both buys and defers (the sample has such families).
    const family = page.locator('[data-testid^="budget-family-"]').filter({ has: page.locator('.row-deferred') }).first();
    await family.waitFor({ timeout: 30_000 });
    const left = money((await family.locator('p').first().textContent()).split('left')[0]);
    const ticked = family.locator('[data-testid="budget-ticked"]');
    const tickedValue = money(await ticked.textContent());
    assert.ok(tickedValue <= left + 0.005, `the engine's choice fits: ${tickedValue} of ${left}`);
    assert.doesNotMatch(await ticked.textContent(), /over/);

    // "Short if deferred", recomputed by hand from the row as printed:
    // per day × max(0, D + lead time − max(cover, lead time)).
    const days = Number((await page.locator('section.card p.small').first().textContent()).match(/(\d+) days, until/)[1]);
    const deferredRow = family.locator('tr.row-deferred').first();
    const cells = await deferredRow.locator('td').allTextContents();
    const [perDay, lead, cover, short] = [money(cells[5]), money(cells[6]), cells[7] === '–' ? null : money(cells[7]), money(cells[8])];
    const expected = cover === null ? 0 : perDay * Math.max(0, days + lead - Math.max(cover, lead));
    assert.ok(Math.abs(expected - short) <= 1, `short if deferred ${short} against ${expected} recomputed`);

    // Every deferred order is dearer than what is left after the ticked ones:
    // ticking one goes over, and the page says so.
    const box = deferredRow.locator('input[type="checkbox"]');
    assert.equal(await box.isChecked(), false);
    await box.check();
    await until(async () => /over what is left/.test(await ticked.textContent()), 'the over-budget warning');
    await box.uncheck();
    await until(async () => !/over/.test(await ticked.textContent()), 'back within budget');

    // Draft what is ticked.
    const button = page.locator('[data-testid="budget-draft"]');
    const n = Number((await button.textContent()).match(/\((\d+)\)/)[1]);
    assert.ok(n > 0);
    await button.click();
    await until(async () => /#\/purchase-orders/.test(page.url()), 'the drafts open');
    await page.locator('[data-testid="notice"]').filter({ hasText: /Drafted \d+ purchase orders?/ }).first().waitFor();
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('an urgent line drafts its expedite split in one click', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    const table = '[data-testid="plan-table"]';
    // The sample's 35-day lines with a 7-day alternative; the first of them
    // whose stock does not last until the regular order shows a split.
    let split = null;
    for (const sku of ['SKU-00008', 'SKU-00208', 'SKU-00108', 'SKU-00158', 'SKU-00058', 'SKU-00258']) {
      await page.locator(`${table} input[type="search"]`).fill(sku);
      const rows = page.locator(`${table} tbody tr`);
      await until(async () => (await rows.count()) > 0 && /SKU/.test(await rows.first().textContent()), `rows of ${sku}`);
      for (let i = 0; i < await rows.count() && !split; i += 1) {
        await rows.nth(i).locator('td').nth(2).click();
        await page.locator('[data-testid="why-panel"]').waitFor();
        await page.waitForTimeout(300);
        if (await page.locator('[data-testid="expedite-draft-split"]').count()) split = sku;
      }
      if (split) break;
    }
    assert.ok(split, 'one of the sample\'s urgent 35-day lines offers a split');
    const row = page.locator('[data-testid="expedite"] tr').filter({ hasText: 'Expedite split' });
    const orders = await row.locator('td').nth(1).locator('div').allTextContents();
    assert.equal(orders.length, 2, `the split orders twice: ${orders}`);
    const parts = orders.map((o) => {
      const m = o.match(/^([\d,.]+) \S+ from (\S+), arriving \d{1,2}\/\d{1,2}\/\d{4}$/) ?? assert.fail(`an order reads ${o}`);
      return { qty: money(m[1]), supplier: m[2] };
    });
    await page.locator('[data-testid="expedite-draft-split"]').click();
    await until(async () => /status=drafts/.test(page.url()), 'the two drafts open');
    const notice = await page.locator('[data-testid="notice"]').filter({ hasText: /Drafted 2 purchase orders/ }).first().textContent();
    const ids = notice.match(/PO-\d{4}-\d{5}/g);
    assert.equal(ids.length, 2, notice);
    // Each part is a draft of its own supplier at the split's quantity: the
    // regular order first, then the fast part.
    const seen = [];
    for (const id of ids) {
      await go(page, `#/purchase-orders/${id}`);
      await page.locator('[data-testid="po-lines"]').waitFor();
      assert.match(await page.locator('[data-testid="po-lines"]').textContent(), new RegExp(split));
      const qty = money(await page.locator('[data-testid="po-qty-10"]').inputValue());
      const supplier = parts.find((p) => p.qty === qty && !seen.includes(p))
        ?? assert.fail(`${id}: quantity ${qty} is none of the split's ${JSON.stringify(parts)}`);
      assert.match(await page.locator('main').textContent(), new RegExp(supplier.supplier));
      seen.push(supplier);
    }
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
