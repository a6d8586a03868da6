// Journey: forecasts drive the plan. The Forecasts page shows the portfolio's
// accuracy; on a SKU's page a buyer overrides a forecast week and pins a
// model, and the forecast, the saved workspace and the plan follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitSavedAgain, waitPlanned, go, openSku, until, assertClean, tempFile, runImport } from './harness.mjs';

/// The first location's forecast card on a SKU's page, and a reader of its
/// "Next 4 weeks: …" line.
async function forecastCard(page, sku) {
  await openSku(page, sku);
  const card = page.locator('[data-testid="forecast-card"]').first();
  await card.waitFor({ timeout: 60_000 });
  const nextWeeks = async () => card.locator('p.small', { hasText: 'Next 4 weeks' }).textContent();
  return { card, nextWeeks };
}

test('the Forecasts page reports accuracy against seasonal naive and links to the SKUs', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await waitPlanned(page);
    await go(page, '#/forecasts');
    const mase = page.locator('[data-testid="forecast-mase"]');
    await mase.waitFor();
    assert.match(await mase.textContent(), /^\d\.\d\d$/);
    const series = Number((await page.locator('[data-testid="forecast-series"]').textContent()).replace(/,/g, ''));
    assert.ok(series > 800, `${series} series`);
    const first = page.locator('[data-testid="forecast-worst"] tbody a').first();
    const sku = await first.textContent();
    await first.click();
    await page.locator('[data-testid="sku-name"]').waitFor();
    assert.ok((await page.url()).endsWith(`#/skus/${sku}`));
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a buyer overrides a forecast week and pins a model on the SKU page', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await waitPlanned(page);
    const { card, nextWeeks: next } = await forecastCard(page, 'SKU-00003');
    const before = await next();
    assert.doesNotMatch(before, /Next 4 weeks: 777,/);

    await card.locator('summary', { hasText: 'Override a week' }).click();
    await card.locator('[data-testid="override-quantity"]').fill('777');
    await waitSavedAgain(page, () => card.locator('[data-testid="override-save"]').click());
    await until(async () => /Next 4 weeks: 777,/.test(await next()), 'the overridden week in the forecast', 60_000);

    // A negative figure is refused with the importer's words and saves nothing.
    await card.locator('[data-testid="override-quantity"]').fill('-5');
    await card.locator('[data-testid="override-save"]').click();
    await card.locator('.field-error').waitFor();

    await page.locator('[data-testid="pin-model"]').selectOption('zero');
    await waitSavedAgain(page, () => page.locator('[data-testid="pin-save"]').click());
    await until(async () => (await page.locator('[data-testid="pin-control"]').textContent()).includes('Pinned: Zero'),
      'the pin is shown');
    await until(async () => (await card.locator('.section-head .badge').first().textContent()) === 'Zero',
      'the pinned model on the card', 60_000);
    await until(async () => (await card.textContent()).includes('Pinned by a buyer'), 'the reason', 60_000);
    // The week the buyer set still stands over the pinned model.
    assert.match(await next(), /Next 4 weeks: 777, 0, 0, 0/);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('an imported promotion is listed and lifts the forecast of its weeks', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await waitPlanned(page);
    const { card, nextWeeks } = await forecastCard(page, 'SKU-00003');
    const firstWeek = async () => {
      const text = await nextWeeks();
      return Number(text.match(/Next 4 weeks: ([\d,.]+),/)[1].replace(/,/g, ''));
    };
    const before = await firstWeek();
    assert.ok(before > 0);
    // Today and the next 27 days, every location, twice the usual demand.
    const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    const end = await page.evaluate(() => new Date(Date.now() + 27 * 86_400_000).toISOString().slice(0, 10));
    const csv = `promotion_id,sku_id,family,location_id,start,end,uplift,note\nPR-E2E,SKU-00003,,,${today},${end},2,e2e\n`;
    await go(page, '#/data');
    await page.locator('[data-testid="import-files"]').setInputFiles(await tempFile('promotions.csv', csv));
    assert.equal(await runImport(page), 'done');
    await waitPlanned(page);
    await go(page, '#/forecasts');
    await page.locator('[data-testid="planned-promotions"] tr', { hasText: 'PR-E2E' }).waitFor({ timeout: 60_000 });
    await openSku(page, 'SKU-00003');
    await card.waitFor({ timeout: 60_000 });
    await until(async () => Math.abs((await firstWeek()) - 2 * before) <= 0.01 * before + 0.01,
      `the first week doubled from ${before}`, 60_000);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
