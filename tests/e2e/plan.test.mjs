// Journey 10: the plan page. Suggestions sorted by urgency, the "why this
// quantity?" panel, a buyer's override that persists and can be undone,
// export of selected lines, and a settings change that re-plans at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, go, waitPlanned, waitSaved, collectDownloads, csvRecords, assertClean, until, pageTitle,
} from './harness.mjs';

const table = '[data-testid="plan-table"]';

/// The visible plan rows as { sku, location, cover, margin, marginKind, order, supplier, buyer },
/// found by column heading so a new column does not break the reading.
async function planRows(page) {
  return page.locator(table).evaluate((block) => {
    const headings = [...block.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim());
    const at = (name) => {
      const idx = headings.indexOf(name);
      if (idx < 0) throw new Error(`no "${name}" column in ${headings.join(', ')}`);
      return idx;
    };
    const col = { sku: at('SKU'), location: at('Location'), cover: at('Cover'), margin: at('Margin'), order: at('Order'), supplier: at('Supplier') };
    return [...block.querySelectorAll('tbody tr')].map((row) => {
      const cells = [...row.querySelectorAll('td')];
      const margin = cells[col.margin];
      const badge = margin.querySelector('.badge');
      return {
        sku: cells[col.sku].textContent.trim(),
        location: cells[col.location].textContent.trim(),
        cover: cells[col.cover].textContent.trim(),
        margin: margin.textContent.trim(),
        marginKind: badge ? [...badge.classList].find((c) => c.startsWith('badge-')).slice(6) : 'plain',
        order: cells[col.order].textContent.trim(),
        supplier: cells[col.supplier].textContent.trim(),
        buyer: !!cells[col.order].querySelector('.badge'),
      };
    });
  });
}

async function search(page, text) {
  await page.locator(`${table} input[type="search"]`).fill(text);
}

async function openRow(page, sku, location) {
  await search(page, sku);
  const row = page.locator(`${table} tbody tr`).filter({ has: page.locator('td:nth-child(4)', { hasText: new RegExp(`^${location}$`) }) });
  // Click the name cell (the SKU cell is a link to the SKU page).
  await row.locator('td').nth(2).click();
  await page.locator('[data-testid="why-panel"]').waitFor();
  return row;
}

test('suggestions are sorted by urgency and each explains itself', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    await page.locator(`${table} tbody tr`).first().waitFor();
    assert.match(await page.locator('.subtitle').textContent(), /^As of \d{1,2}\/\d{1,2}\/\d{4}: \d+ suggestions worth/);
    assert.equal(await page.locator(`${table} th[aria-sort="ascending"]`).textContent(), 'Margin▲');

    // Sorted by margin (days of cover left after the lead time), smallest first:
    // overdue lines (red) first, then the ones due within a week (amber), then the rest.
    const rows = await planRows(page);
    assert.equal(rows.length, 50);
    const margins = rows.map((r) => Number.parseFloat(r.margin.replace('−', '-')));
    assert.deepEqual(margins, [...margins].sort((a, b) => a - b), `urgency order: ${rows.map((r) => `${r.sku}@${r.location} ${r.margin}`).join(', ')}`);
    const rank = { error: 0, warn: 1, plain: 2 };
    const ranks = rows.map((r) => rank[r.marginKind]);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    assert.equal(rows[0].marginKind, 'error', 'the most urgent line is overdue');
    assert.ok(rows.every((r) => /^\d[\d,]*(\.\d+)? /.test(r.order)), 'every suggestion has an order quantity');

    // The why panel of the most urgent line.
    await page.locator(`${table} tbody tr`).first().locator('td').nth(2).click();
    const panel = page.locator('[data-testid="why-panel"]');
    await panel.waitFor();
    assert.match(await panel.locator('h2').textContent(), new RegExp(`${rows[0].sku} · ${rows[0].location}`));
    assert.ok(await panel.locator('[data-testid="why-steps"] li').count() >= 5, 'the calculation step by step');
    const offers = panel.locator('[data-testid="offer-comparison"] tbody tr');
    assert.ok(await offers.count() >= 1);
    await panel.locator('[data-testid="offer-comparison"] .badge', { hasText: 'Chosen' }).waitFor();
    assert.match(await panel.locator('[data-testid="why-order"]').textContent(), new RegExp(`from ${rows[0].supplier}`));
    assert.equal(await page.locator(`${table} tbody tr.selected`).count(), 1, 'the open row is marked');
    // Escape closes it.
    await panel.press('Escape');
    await until(async () => (await panel.count()) === 0, 'the panel to close');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a buyer override changes the line, persists after a reload and can be undone', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    await page.locator(`${table} tbody tr`).first().waitFor();
    // A line with a second priced supplier, so the override can change both.
    const rows = await planRows(page);
    let target;
    for (const row of rows.slice(0, 15)) {
      await openRow(page, row.sku, row.location);
      const options = await page.locator('[data-testid="override-supplier"] option').allTextContents();
      const other = options.slice(1).find((s) => s !== row.supplier);
      if (other) { target = { ...row, other }; break; }
    }
    assert.ok(target, 'one of the first lines has two priced suppliers');
    const row = page.locator(`${table} tbody tr.selected`);

    await page.locator('[data-testid="override-quantity"]').fill('777');
    await page.locator('[data-testid="override-supplier"]').selectOption(target.other);
    await page.locator('[data-testid="override-apply"]').click();
    // 777 may be far beyond what the line needs: then the buyer confirms it.
    await page.locator('[data-testid="override-confirm"], tr.selected .badge:text("buyer")').first().waitFor();
    if (await page.locator('[data-testid="override-confirm"]').count()) await page.locator('[data-testid="override-confirm"]').click();
    await row.locator('.badge', { hasText: /^buyer$/ }).waitFor();
    let [changed] = await planRows(page).then((r) => r.filter((x) => x.sku === target.sku && x.location === target.location));
    assert.match(changed.order, /^777 /);
    assert.equal(changed.supplier, target.other);
    assert.match(await page.locator('[data-testid="why-order"]').textContent(), new RegExp(`^777 .* from ${target.other}`));
    await until(() => page.locator('[data-testid="override-clear"]').isEnabled(), '"Back to the plan" to be enabled');


    // Persists after a reload.
    await page.reload();
    await waitSaved(page);
    await waitPlanned(page);
    await page.locator(`${table} tbody tr`).first().waitFor();
    await openRow(page, target.sku, target.location);
    [changed] = await planRows(page).then((r) => r.filter((x) => x.sku === target.sku && x.location === target.location));
    assert.ok(changed.buyer, 'the buyer badge is back after the reload');
    assert.match(changed.order, /^777 /);
    assert.equal(changed.supplier, target.other);
    assert.equal(await page.locator('[data-testid="override-quantity"]').inputValue(), '777');

    // "Back to the plan" removes it.
    await page.locator('[data-testid="override-clear"]').click();
    await until(async () => (await row.locator('.badge', { hasText: /^buyer$/ }).count()) === 0, 'the buyer badge to go');
    [changed] = await planRows(page).then((r) => r.filter((x) => x.sku === target.sku && x.location === target.location));
    assert.equal(changed.order, target.order);
    assert.equal(changed.supplier, target.supplier);
    await page.reload();
    await waitPlanned(page);
    await openRow(page, target.sku, target.location);
    [changed] = await planRows(page).then((r) => r.filter((x) => x.sku === target.sku && x.location === target.location));
    assert.equal(changed.buyer, false, 'still undone after a reload');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a quantity far beyond what the line needs asks first, showing the cover and value it buys', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    await page.locator(`${table} tbody tr`).first().locator('td').nth(2).click();
    const row = page.locator(`${table} tbody tr.selected`);
    await page.locator('[data-testid="override-quantity"]').fill('99999');
    await page.locator('[data-testid="override-apply"]').click();
    const confirmation = page.locator('[data-testid="override-confirmation"]');
    await confirmation.waitFor();
    const text = await confirmation.innerText();
    // "99,999 units is N× what this line needs (M units). It brings the position to P units: about D days of cover …"
    const figures = text.match(/^99,999 (\S+) is ([\d,.]+)× what this line needs \(([\d,.]+) \S+\)\. It brings the position to ([\d,.−-]+) \S+: about ([\d,]+) days of cover/);
    assert.ok(figures, `the confirmation states scale and cover: ${text}`);
    const num = (t) => Number(t.replace(/,/g, '').replace('−', '-'));
    const [multiple, needed] = [num(figures[2]), num(figures[3])];
    assert.ok(Math.abs(multiple - 99999 / needed) <= 0.01 * multiple, `${multiple}× is 99,999 ÷ ${needed}`);
    assert.match(text, /Order value: [\d,]+\.\d\d [A-Z]{3}\./, 'the value it costs');
    // Nothing is applied until the buyer confirms.
    assert.equal(await row.locator('.badge', { hasText: /^buyer$/ }).count(), 0);
    await page.locator('[data-testid="override-cancel"]').click();
    await until(async () => (await confirmation.count()) === 0, 'the question to go');
    assert.equal(await row.locator('.badge', { hasText: /^buyer$/ }).count(), 0, '"Change it" applies nothing');

    await page.locator('[data-testid="override-apply"]').click();
    await page.locator('[data-testid="override-confirm"]').click();
    await row.locator('.badge', { hasText: /^buyer$/ }).waitFor();
    assert.match(await page.locator('[data-testid="why-order"]').textContent(), /^99,999 /);

    // Within the multiple, a quantity is applied without a question.
    await page.locator('[data-testid="override-clear"]').click();
    await until(async () => (await row.locator('.badge', { hasText: /^buyer$/ }).count()) === 0, 'the override to go');
    await page.locator('[data-testid="override-quantity"]').fill(String(Math.max(1, Math.floor(needed))));
    await page.locator('[data-testid="override-apply"]').click();
    await row.locator('.badge', { hasText: /^buyer$/ }).waitFor();
    assert.equal(await confirmation.count(), 0);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('an override quantity that is not a number, or negative, is explained and cannot be applied', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    await page.locator(`${table} tbody tr`).first().locator('td').nth(2).click();
    const quantity = page.locator('[data-testid="override-quantity"]');
    const apply = page.locator('[data-testid="override-apply"]');
    const error = page.locator('[data-testid="override-form"] .error');
    await quantity.fill('abc');
    await error.filter({ hasText: /\S/ }).waitFor();
    await until(() => apply.isDisabled(), 'apply disabled for "abc"');
    await quantity.fill('12');
    await until(() => apply.isEnabled(), 'apply enabled for 12');
    // A negative order quantity means nothing a supplier can deliver.
    await quantity.fill('-5');
    await error.filter({ hasText: /\S/ }).waitFor({ timeout: 5_000 });
    await until(() => apply.isDisabled(), 'apply disabled for -5');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('"Export selected" downloads exactly the selected lines', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    await page.locator(`${table} tbody tr`).first().waitFor();
    const exportSelected = page.locator('[data-testid="export-selected"]');
    assert.equal(await exportSelected.isDisabled(), true, 'nothing selected yet');
    const rows = await planRows(page);
    const boxes = page.locator(`${table} tbody [data-testid="select-row"]`);
    await boxes.nth(1).check();
    await boxes.nth(4).check();
    await until(async () => (await exportSelected.textContent()) === 'Export selected (2)', 'two selected');
    // Ticking a box does not open the row.
    assert.equal(await page.locator('[data-testid="why-panel"]').count(), 0);

    const [file] = await collectDownloads(page, 1, () => exportSelected.click());
    assert.match(file.name, /^stockpilot-suggestions-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csvRecords(file.text);
    assert.equal(lines.length, 2);
    assert.deepEqual(
      lines.map((l) => `${l.sku}@${l.location}`).sort(),
      [rows[1], rows[4]].map((r) => `${r.sku}@${r.location}`).sort(),
    );
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('saving a setting re-plans without a reload', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    await page.locator(`${table} tbody tr`).first().waitFor();
    const summary = async () => (await page.locator('.subtitle').textContent()).trim();
    const before = await summary();
    const rowsBefore = await planRows(page);
    await page.evaluate(() => { window.__sameDocument = true; });

    await go(page, '#/settings');
    const holding = page.locator('[data-testid="holding-rate"]');
    assert.equal(await holding.inputValue(), '25');
    await holding.fill('60');
    await until(() => page.locator('[data-testid="settings-save"]').isEnabled(), 'settings-save enabled');
    await page.locator('[data-testid="settings-save"]').click();
    await page.locator('[data-testid="notice"]', { hasText: 'Settings saved' }).waitFor();

    await go(page, '#/plan');
    const after = await until(async () => { const s = await summary(); return s !== before && !/Planning/.test(s) && s; },
      'the plan summary to change', 30_000);
    assert.match(after, /^As of /);
    await waitPlanned(page);
    const rowsAfter = await planRows(page);
    const quantities = (rows) => rows.map((r) => `${r.sku}@${r.location}:${r.order}`).join('|');
    assert.notEqual(quantities(rowsAfter), quantities(rowsBefore), 'order quantities changed');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
    assert.equal(await pageTitle(page), 'Plan');
    await waitSaved(page);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
