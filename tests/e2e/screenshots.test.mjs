// Journey 11: a screenshot of every page in light and dark mode, into
// tests/screenshots/ (git-ignored), for people to look at. The test checks
// each page rendered its content and that dark mode really is dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp, go, waitPlanned, shot, screenshots, fixtures, assertClean, until, runImport } from './harness.mjs';

/// Relative luminance (0 black … 1 white) of an element's computed background.
async function backgroundLuminance(page, selector) {
  return page.evaluate((sel) => {
    let el = document.querySelector(sel);
    let color = 'rgba(0, 0, 0, 0)';
    while (el) {
      color = getComputedStyle(el).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(color) && color !== 'transparent') break;
      el = el.parentElement;
    }
    const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map((v) => Number(v) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }, selector);
}

for (const scheme of ['light', 'dark']) {
  test(`screenshots of every page, ${scheme} mode`, async () => {
    const app = await openApp({ colorScheme: scheme });
    const { page } = app;
    try {
      await waitPlanned(page);
      const taken = [];
      const capture = async (name) => {
        await page.evaluate(() => document.fonts.ready);
        await shot(page, `${scheme}-${name}`);
        taken.push(`${scheme}-${name}`);
      };

      await go(page, '#/dashboard');
      await page.locator('[data-testid="urgent-suggestions"]').waitFor();
      const luminance = await backgroundLuminance(page, 'main');
      if (scheme === 'dark') assert.ok(luminance < 0.2, `the dark page background is dark (luminance ${luminance.toFixed(2)})`);
      else assert.ok(luminance > 0.6, `the light page background is light (luminance ${luminance.toFixed(2)})`);
      await capture('01-dashboard');

      await go(page, '#/plan');
      await page.locator('[data-testid="plan-table"] tbody tr').first().locator('td').nth(2).click();
      await page.locator('[data-testid="why-panel"] [data-testid="offer-comparison"]').waitFor();
      await capture('02-plan-why');
      await page.keyboard.press('Escape');

      await go(page, '#/skus');
      await page.locator('[data-testid="sku-table"] tbody tr').first().waitFor();
      await capture('03-skus');

      await go(page, '#/skus/SKU-00001');
      await page.locator('[data-testid="sku-planning"]').waitFor();
      await capture('04-sku');

      await go(page, '#/suppliers');
      await page.locator('[data-testid="supplier-table"] tbody tr').first().waitFor();
      await capture('05-suppliers');
      await go(page, await page.locator('[data-testid="supplier-table"] tbody a').first().getAttribute('href'));
      await page.locator('[data-testid="supplier-name"]').waitFor();
      await capture('06-supplier');

      await go(page, '#/stock');
      await page.locator('[data-testid="stock-table"] tbody tr').first().waitFor();
      await capture('07-stock');

      await go(page, '#/purchase-orders');
      await page.locator('[data-testid="po-table"] tbody tr').first().waitFor();
      await capture('08-purchase-orders');
      await go(page, await page.locator('[data-testid="po-table"] tbody a').first().getAttribute('href'));
      await until(async () => /^Purchase order /.test(await page.locator('[data-testid="page-title"]').textContent()), 'a PO page');
      await capture('09-purchase-order');

      await go(page, '#/data');
      await page.locator('[data-testid="import-files"]').setInputFiles([
        join(fixtures, 'import-refused', 'skus.csv'),
        join(fixtures, 'import-refused', 'demand.csv'),
      ]);
      await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
      assert.equal(await runImport(page), 'refused');
      await capture('10-import-refused');

      await go(page, '#/settings');
      await page.locator('[data-testid="holding-rate"]').waitFor();
      await capture('11-settings');

      for (const name of taken) {
        const { size } = await stat(join(screenshots, `${name}.png`));
        assert.ok(size > 10_000, `${name}.png is a real picture (${size} bytes)`);
      }
      assertClean(app.problems);
    } finally {
      await app.done();
    }
  });
}
