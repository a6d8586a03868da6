// Journey: recurring orders (issue 8, section 7). The sample's fortnightly
// standing order is made weekly from today with twice its fixed quantity
// (a cadence of 0 weeks is refused first, with the importer's message); its
// due draft is generated and opened, with the quantity set; after a reload
// the schedule has moved on and the purchase order is still there. Then the
// page at desktop and phone widths, light and dark, without sideways
// overflow (screenshots into $RECURRING_SHOTS, default tests/screenshots/).
//
// `E2E_DIST` names the release build to serve (default dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp, go, waitPlanned, waitSavedAgain, until, assertClean, pageTitle, screenshots } from './harness.mjs';

const dir = process.env.E2E_DIST ?? 'dist';
const shots = process.env.RECURRING_SHOTS ?? screenshots;

/// A YYYY-MM-DD date as the page shows it: the harness's browser is en-US,
/// and the page writes dates in the browser's locale (Intl's short date).
function shown(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US').format(new Date(y, m - 1, d));
}

/// The browser's today, as YYYY-MM-DD (the app's today).
async function today(page) {
  return page.evaluate(() => {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  });
}

const text = async (locator) => (await locator.textContent()).trim();
const number = (value) => Number(String(value).replace(/[^0-9.\-]/g, ''));

test('edit the standing order, generate its due draft, open it, and find both after a reload', async () => {
  const app = await openApp({ dir, hash: '#/purchase-orders' });
  const { page, problems } = app;
  try {
    const day = await today(page);
    await page.locator('[data-testid="recurring-link"]').click();
    await until(async () => (await pageTitle(page)) === 'Recurring orders', 'the recurring orders page');
    const row = page.locator('[data-testid="recurring-row"]', { hasText: 'STANDING-01' });
    assert.equal(await text(row.locator('[data-testid="recurring-cadence"]')), 'every 2 weeks');
    assert.ok((await page.locator('[data-testid="schedule-row"]').count()) >= 4, 'a fortnightly order is due 4 times in 8 weeks');

    // Edit: weekly from today, twice the fixed quantity.
    await row.locator('a').first().click();
    await until(async () => (await pageTitle(page)) === 'Recurring order STANDING-01', 'the form');
    const lines = page.locator('[data-testid="recurring-line"]');
    assert.equal(await lines.count(), 2);
    const fixedLine = lines.filter({ has: page.locator('[data-testid="line-rule"]').locator('option[value="fixed"]:checked') });
    assert.equal(await fixedLine.count(), 1, 'one fixed line');
    const fixedSku = (await fixedLine.locator('[data-testid="line-sku"]').inputValue()).trim();
    const quantity = number(await fixedLine.locator('[data-testid="line-quantity"]').inputValue()) * 2;
    assert.ok(quantity > 0);
    const save = page.locator('[data-testid="recurring-save"]');
    assert.equal(await save.isDisabled(), true, 'nothing changed yet');

    await page.locator('[data-testid="recurring-every"]').fill('0');
    await until(async () => /between 1 and 520 weeks/.test(await page.locator('#f-recurring-every-error').textContent()), 'the cadence is refused');
    assert.equal(await save.isDisabled(), true, 'an invalid order cannot be saved');
    await fixedLine.locator('[data-testid="line-quantity"]').fill('-1');
    await until(async () => /must not be negative/.test(await fixedLine.locator('.error').allTextContents().then((t) => t.join(' '))), 'the quantity is refused');

    await page.locator('[data-testid="recurring-every"]').fill('1');
    await page.locator('[data-testid="recurring-start"]').fill(day);
    await fixedLine.locator('[data-testid="line-quantity"]').fill(String(quantity));
    await until(async () => !(await save.isDisabled()), 'the edited order can be saved');
    await waitSavedAgain(page, () => save.click());
    assert.match(await text(page.locator('.subtitle')), /every week · last generated – · next due/);

    // Generate: due today, once the plan (for the order-up-to line) is ready.
    await go(page, '#/recurring');
    assert.equal(await text(row.locator('[data-testid="recurring-cadence"]')), 'every week');
    assert.match(await text(row.locator('[data-testid="recurring-next-due"]')), new RegExp(`${shown(day)}\\s*Due`));
    assert.match(await text(page.locator('[data-testid="schedule-row"]').first()), new RegExp(`${shown(day)}\\s*Due today`));
    await waitPlanned(page);
    const generate = page.locator('[data-testid="generate-due"]');
    await until(async () => (await text(generate)) === 'Generate due drafts (1)' && !(await generate.isDisabled()), 'one order due');
    await waitSavedAgain(page, () => generate.click());
    const report = page.locator('[data-testid="generation-report"]');
    await report.waitFor();
    const link = report.locator('[data-testid="generated-po"]');
    assert.equal(await link.count(), 1, await text(report));
    const po = await text(link);
    assert.match(po, /^PO-\d{4}-\d{5}$/);
    assert.match(await text(page.locator('[data-testid="recurring-state"]')), /Nothing is due today/);
    assert.equal(await generate.isDisabled(), true, 'generated once');

    // The draft: the fixed quantity as set, an ordinary draft to approve.
    await link.click();
    await until(async () => (await pageTitle(page)) === `Purchase order ${po}`, 'the draft opens');
    assert.equal(await text(page.locator('[data-testid="po-status"] .badge').first()), 'Draft');
    const poLines = page.locator('[data-testid="po-lines"] tbody tr');
    const fixedRow = poLines.filter({ hasText: fixedSku });
    assert.equal(await fixedRow.count(), 1, `${fixedSku} is on the draft`);
    assert.equal(number(await fixedRow.locator('input.qty-input').inputValue()), quantity);
    assert.ok((await poLines.count()) <= 2);
    assert.match(await page.locator('[data-testid="po-log"]').textContent(), /Generated from recurring order STANDING-01/);
    assert.equal(await page.locator('[data-testid="po-submit"]').isVisible(), true, 'submitted like any draft');

    // Reload: the schedule moved on a week, the draft is still there.
    await page.reload();
    await go(page, '#/recurring');
    await page.locator('[data-testid="recurring-row"]').first().waitFor();
    const next = await page.evaluate(() => {
      const now = new Date();
      const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7);
      const pad = (n) => String(n).padStart(2, '0');
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
    });
    assert.equal(await text(row.locator('[data-testid="recurring-next-due"]')), shown(next));
    assert.equal(await text(row.locator('td').nth(6)), shown(day), 'last generated today');
    assert.match(await text(page.locator('[data-testid="schedule-row"]').first()), new RegExp(`^${shown(next)}`));
    assert.equal(await page.locator('[data-testid="schedule-row"]').count(), 8, 'weekly: 8 due dates in 8 weeks');
    await go(page, `#/purchase-orders/${po}`);
    assert.equal(await pageTitle(page), `Purchase order ${po}`);
    assert.equal(number(await page.locator('[data-testid="po-lines"] tbody tr').filter({ hasText: fixedSku }).locator('input.qty-input').inputValue()), quantity);
    assertClean(problems);
  } finally {
    await app.done();
  }
});

for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`the recurring orders page at ${viewport.width}×${viewport.height}, ${colorScheme}`, async () => {
      const app = await openApp({ dir, hash: '#/recurring', colorScheme, viewport });
      const { page, problems } = app;
      try {
        await page.locator('[data-testid="recurring-row"]').first().waitFor();
        await page.locator('[data-testid="schedule-row"]').first().waitFor();
        await page.evaluate(() => document.fonts.ready);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
        await mkdir(shots, { recursive: true });
        const name = `recurring-${viewport.width}-${colorScheme}`;
        await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
        await go(page, '#/recurring/STANDING-01');
        await page.locator('[data-testid="recurring-line"]').first().waitFor();
        const formOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(formOverflow <= 0, `the form scrolls sideways by ${formOverflow} px`);
        await page.screenshot({ path: join(shots, `${name}-form.png`), fullPage: true });
        assertClean(problems);
      } finally {
        await app.done();
      }
    });
  }
}
