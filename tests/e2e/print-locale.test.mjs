// Issue 11 §7: print stylesheets and the number and date format.
//
// Printing the plan, a SKU's page and a purchase order: under print media the
// navigation, banners, buttons and filters are gone, the table is there in
// full (no scroll box, its header row repeated on every sheet), and the page
// says when it was printed. A locale chosen in Settings changes the figures on
// the plan and the dashboard, survives a reload, and leaves the exported CSV
// exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  openApp, go, waitPlanned, waitSaved, collectDownloads, assertClean, until, openSku, screenshots,
} from './harness.mjs';

const table = '[data-testid="plan-table"]';

/// What print media shows of the chrome and the content, read from computed styles.
async function printLayout(page, tableSelector) {
  return page.evaluate((selector) => {
    const shown = (el) => !!el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
    const block = document.querySelector(selector);
    const tableEl = block?.querySelector('table') ?? block;
    const scroll = block?.querySelector('.table-scroll');
    const thead = tableEl?.querySelector('thead');
    const row = tableEl?.querySelector('tbody tr');
    const link = document.querySelector('main table a');
    return {
      nav: shown(document.querySelector('nav.sidebar')),
      // A sortable column's heading is a button; on paper it is the heading.
      buttons: [...document.querySelectorAll('main button, main .btn')].filter((b) => !b.classList.contains('th-sort')).filter(shown).length,
      headings: [...(tableEl?.querySelectorAll('thead th') ?? [])].filter((th) => th.textContent.trim() !== '').filter(shown).length,
      inputs: [...document.querySelectorAll('main input, main select')].filter(shown).length,
      table: shown(tableEl),
      rows: tableEl ? tableEl.querySelectorAll('tbody tr').length : 0,
      scrollOverflow: scroll ? getComputedStyle(scroll).overflowX : 'none',
      thead: thead ? getComputedStyle(thead).display : 'none',
      rowBreak: row ? getComputedStyle(row).breakInside : 'none',
      linkDecoration: link ? getComputedStyle(link).textDecorationLine : 'none',
      linkColor: link ? getComputedStyle(link).color : 'none',
      stamp: shown(document.querySelector('[data-testid="print-stamp"]'))
        ? document.querySelector('[data-testid="print-stamp"]').textContent : null,
      title: shown(document.querySelector('[data-testid="page-title"]')),
      background: getComputedStyle(document.body).backgroundColor,
    };
  }, tableSelector);
}

async function printShot(page, name) {
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  assert.ok(pdf.length > 1000, `${name}: a PDF is printed`);
  await writeFile(join(screenshots, `${name}.pdf`), pdf);
}

for (const colorScheme of ['light', 'dark']) {
  test(`printing the plan, a SKU and a purchase order keeps the content and drops the controls (${colorScheme})`, async () => {
    const app = await openApp({ hash: '#/plan', colorScheme, viewport: { width: 1280, height: 900 } });
    const { page } = app;
    try {
      await waitPlanned(page);
      await page.locator(`${table} tbody tr`).first().waitFor();
      const screen = await printLayout(page, table);
      assert.equal(screen.nav, true, 'the navigation is on screen');
      assert.ok(screen.buttons > 0 && screen.inputs > 0, 'buttons and filters are on screen');
      assert.equal(screen.stamp, null, 'the print stamp is not on screen');

      await page.emulateMedia({ media: 'print' });
      const plan = await printLayout(page, table);
      assert.equal(plan.nav, false, 'no navigation on paper');
      assert.equal(plan.buttons, 0, 'no buttons on paper');
      assert.equal(plan.inputs, 0, 'no filters or checkboxes on paper');
      assert.equal(plan.table, true, 'the plan table is printed');
      assert.ok(plan.rows > 0, 'with its rows');
      assert.ok(plan.headings >= 10, `with its column headings (${plan.headings})`);
      assert.equal(plan.scrollOverflow, 'visible', 'no scroll box cuts the table');
      assert.equal(plan.thead, 'table-header-group', 'the header row repeats on every sheet');
      assert.equal(plan.rowBreak, 'avoid', 'rows do not split across sheets');
      assert.equal(plan.linkDecoration, 'none', 'links print as text');
      assert.equal(plan.linkColor, 'rgb(0, 0, 0)', 'links print black');
      assert.equal(plan.background, 'rgb(255, 255, 255)', 'paper is white in either theme');
      assert.equal(plan.title, true, 'the page title is printed');
      assert.match(plan.stamp, /^Stockpilot · Plan · printed \d{1,2}\/\d{1,2}\/\d{4}$/);
      await printShot(page, `print-plan-${colorScheme}`);

      await page.emulateMedia({ media: 'screen' });
      await openSku(page, 'SKU-00001');
      await page.emulateMedia({ media: 'print' });
      const sku = await printLayout(page, 'main');
      assert.equal(sku.nav, false);
      assert.equal(sku.buttons, 0);
      assert.equal(sku.title, true);
      assert.match(sku.stamp, /· SKUs · printed /);
      assert.ok(await page.locator('[data-testid="sku-planning"]').isVisible(), 'the SKU\'s planning figures are printed');
      await printShot(page, `print-sku-${colorScheme}`);

      await page.emulateMedia({ media: 'screen' });
      await go(page, '#/purchase-orders');
      const first = page.locator('main table tbody tr a').first();
      await first.waitFor();
      await first.click();
      await page.locator('[data-testid="po-print"]').waitFor();
      await page.emulateMedia({ media: 'print' });
      const po = await printLayout(page, '.po-document');
      assert.equal(po.nav, false);
      assert.equal(po.buttons, 0);
      assert.equal(po.table, true, 'the order document and its lines are printed');
      assert.equal(po.thead, 'table-header-group');
      await printShot(page, `print-po-${colorScheme}`);
      assertClean(app.problems);
    } finally {
      await app.done();
    }
  });
}

/// The first plan row's value cell and the dashboard's stock value, as shown.
async function figures(page) {
  await go(page, '#/plan');
  await waitPlanned(page);
  await page.locator(`${table} tbody tr`).first().waitFor();
  const value = await page.locator(table).evaluate((block) => {
    const headings = [...block.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim());
    const at = headings.indexOf('Value');
    return block.querySelector('tbody tr').querySelectorAll('td')[at].textContent.trim();
  });
  const subtitle = (await page.locator('.subtitle').textContent()).trim();
  await go(page, '#/dashboard');
  const stock = (await page.locator('[data-testid="kpi-stock-value"]').textContent()).trim();
  const today = (await page.locator('.subtitle').textContent()).trim();
  return { value, subtitle, stock, today };
}

/// The first plan row's "why this quantity?" steps, as shown, and the line they explain.
async function whySteps(page) {
  await go(page, '#/plan');
  await waitPlanned(page);
  await page.locator(`${table} tbody tr`).first().locator('td').nth(2).click();
  const panel = page.locator('[data-testid="why-panel"]');
  await panel.locator('[data-testid="why-steps"] li').first().waitFor();
  const line = (await panel.locator('h2').textContent()).trim();
  const text = (await panel.locator('[data-testid="why-steps"] li').allInnerTexts()).join('\n');
  return { line, text };
}

async function exportPlan(page) {
  await go(page, '#/plan');
  await waitPlanned(page);
  const [file] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-suggestions"]').click());
  return file;
}

test('de-DE in Settings changes the figures on the plan and the dashboard, not the exported CSV', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    const before = await figures(page);
    // The browser's language here is en-US (the harness's default).
    assert.match(before.value, /^\d{1,3}(,\d{3})*\.\d{2}$/, `en-US money: ${before.value}`);
    assert.match(before.stock, /^\d{1,3}(,\d{3})+ [A-Z]{3}$/, `en-US whole money: ${before.stock}`);
    const csvBefore = await exportPlan(page);
    const whyBefore = await whySteps(page);

    await go(page, '#/settings');
    const select = page.locator('[data-testid="number-format-select"]');
    assert.match(await select.locator('option').first().textContent(), /\(en-US\)/);
    await select.selectOption('de-DE');
    await until(async () => (await page.locator('[data-testid="number-format-sample"]').textContent()).includes('1.234,56'),
      'the sample in de-DE');

    const after = await figures(page);
    // Expected from the browser's own Intl, not from the app's formatter.
    const germanDay = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    assert.match(after.value, /^\d{1,3}(\.\d{3})*,\d{2}$/, `de-DE money: ${after.value}`);
    assert.equal(after.value.replace(/\./g, '').replace(',', '.'), before.value.replace(/,/g, ''), 'the same amount');
    assert.match(after.stock, /^\d{1,3}(\.\d{3})+ [A-Z]{3}$/, `de-DE whole money: ${after.stock}`);
    assert.equal(after.stock.replace(/\./g, ''), before.stock.replace(/,/g, ''), 'the same stock value');
    assert.ok(after.subtitle.startsWith(`As of ${germanDay}:`), after.subtitle);
    const longDay = new Intl.DateTimeFormat('de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    assert.equal(after.today, `Today is ${longDay}`);

    // The why panel's formulas: the same figures with the locale's decimal
    // comma and days, so they still compute as printed in German.
    const whyAfter = await whySteps(page);
    assert.equal(whyAfter.line, whyBefore.line, 'the same plan line');
    assert.match(whyBefore.text, /\d\.\d/, 'en-US formulas have decimals');
    assert.match(whyAfter.text, /\d,\d/, 'decimal commas');
    const enAsMachine = whyBefore.text.replace(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g,
      (_, month, day, year) => `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`);
    const deDaysAsMachine = whyAfter.text.replace(/\b(\d{2})\.(\d{2})\.(\d{4})\b/g,
      (_, day, month, year) => `${year}-${month}-${day}`);
    assert.doesNotMatch(deDaysAsMachine, /\d\.\d/, `no decimal point in de-DE: ${whyAfter.text}`);
    const deAsMachine = deDaysAsMachine.replace(/(\d),(\d)/g, '$1.$2');
    assert.equal(deAsMachine, enAsMachine, 'the same formulas, figure for figure');

    const csvAfter = await exportPlan(page);
    assert.equal(csvAfter.name, csvBefore.name);
    assert.equal(csvAfter.text, csvBefore.text, 'files keep their machine format');
    assert.match(csvAfter.text.split('\n')[1], /,\d+\.\d{2},/, 'a point for decimals in the file');

    // A choice of this browser: it survives a reload.
    await page.reload();
    await waitSaved(page);
    const reloaded = await figures(page);
    assert.equal(reloaded.value, after.value);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
