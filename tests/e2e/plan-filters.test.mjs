// Journey: the plan's filters always match the table. (Issue 10, defect 9:
// with the plan filtered to "Every planned line", class A, a settings change
// saved in another tab re-planned and the table showed every suggestion of
// every class while the dropdowns still read the old filter.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitSaved, waitPlanned, go, until, assertClean } from './harness.mjs';

/// What the controls say and what the table shows, read from the DOM.
async function shown(page) {
  return page.evaluate(() => {
    const value = (selector) => document.querySelector(selector).value;
    const block = document.querySelector('[data-testid="plan-table"]');
    const headings = [...block.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim());
    const classIdx = headings.indexOf('Class');
    const orderIdx = headings.indexOf('Order');
    const rows = [...block.querySelectorAll('tbody tr:not(.empty-row)')].map((tr) => {
      const cells = tr.querySelectorAll('td');
      return { class: cells[classIdx].textContent.trim(), order: cells[orderIdx].textContent.trim() };
    });
    return { show: value('[data-testid="plan-show"]'), abc: value('select[aria-label="ABC class"]'), rows };
  });
}

function assertConsistent({ show, abc, rows }, when) {
  assert.ok(rows.length > 0, `${when}: the filtered table has rows`);
  if (abc) assert.ok(rows.every((r) => r.class.startsWith(abc)), `${when}: every row is class ${abc}`);
  if (show === 'suggestions') assert.ok(rows.every((r) => r.order !== '–'), `${when}: every row is an order`);
  else assert.ok(rows.some((r) => r.order === '–'), `${when}: "every planned line" shows lines without an order too`);
}

test('a settings change saved in another tab re-plans this one and keeps its filters and table in step', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  // The journey reads particular lines of the sample, which is generated for
  // the day the browser says it is (its plan differs from day to day: on
  // 2026-12-08 every class A line on the first page orders). Pinned, it
  // meets the same data on every day it runs; timers keep running.
  await context.clock.setFixedTime(new Date('2026-12-07T12:00:00Z'));
  try {
    const a = await openPage(context, url + '#/settings');
    await waitSaved(a.page);
    const b = await openPage(context, url + '#/plan');
    await waitSaved(b.page);
    await waitPlanned(b.page);
    await b.page.locator('[data-testid="plan-show"]').selectOption('all');
    await b.page.locator('select[aria-label="ABC class"]').selectOption('A');
    const before = await until(async () => {
      const s = await shown(b.page);
      return s.rows.length > 0 && s.rows.every((r) => r.class.startsWith('A')) && s;
    }, 'the filter to apply');
    assert.deepEqual([before.show, before.abc], ['all', 'A']);
    assertConsistent(before, 'before');

    // Tab A changes a setting that changes the plan.
    await a.page.locator('[data-testid="holding-rate"]').fill('60');
    await until(() => a.page.locator('[data-testid="settings-save"]').isEnabled(), 'settings-save enabled');
    await a.page.locator('[data-testid="settings-save"]').click();
    await b.page.locator('[data-testid="notice"]', { hasText: 'Loaded the changes saved in another tab.' }).waitFor();
    await waitPlanned(b.page);
    await b.page.locator('[data-testid="plan-table"] tbody tr').first().waitFor();

    const after = await shown(b.page);
    assert.deepEqual([after.show, after.abc], ['all', 'A'], 'the filters the buyer chose are kept');
    assertConsistent(after, 'after the other tab\'s change');

    // Coming back to the page keeps them too.
    await go(b.page, '#/dashboard');
    await go(b.page, '#/plan');
    await waitPlanned(b.page);
    const back = await shown(b.page);
    assert.deepEqual([back.show, back.abc], ['all', 'A']);
    assertConsistent(back, 'after navigating back');

    // And clearing them shows every class again, controls and table alike.
    await b.page.locator('select[aria-label="ABC class"]').selectOption('');
    const cleared = await until(async () => {
      const s = await shown(b.page);
      return s.rows.some((r) => !r.class.startsWith('A')) && s;
    }, 'every class to show');
    assert.equal(cleared.abc, '');
    assertClean(a.problems);
    assertClean(b.problems);
  } finally {
    await close();
    server.close();
  }
});
