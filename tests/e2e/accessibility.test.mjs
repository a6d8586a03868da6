// Accessibility: axe-core (every rule it runs by default: WCAG 2.1 A and AA
// and its best practices) reports nothing on any page, in light and dark
// themes, at desktop and phone widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, launch, openPage, waitSaved, waitPlanned, go, root, tempFile, until } from './harness.mjs';

const AXE = await readFile(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const PAGES = [
  '#/dashboard', '#/plan', '#/plan/within-budget', '#/forecasts', '#/skus', '#/skus/SKU-00008', '#/skus/new',
  '#/suppliers', '#/suppliers/BRIGHTLINK', '#/suppliers/new', '#/stock', '#/purchase-orders', '#/recurring',
  '#/recurring/new', '#/data', '#/settings',
];

/// axe's violations on the page as it is: "rule (impact): n nodes, e.g. <selector>".
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document);
    // Each rule with its distinct failures (a colour pair, a message), so a
    // report of hundreds of nodes says what to fix.
    return result.violations.map((v) => {
      const kinds = new Map();
      for (const node of v.nodes) {
        const why = node.failureSummary.split('\n').slice(1, 2).join(' ').replace(/\s+/g, ' ').trim();
        if (!kinds.has(why)) kinds.set(why, { count: 0, target: node.target.join(' ') });
        kinds.get(why).count += 1;
      }
      return { id: v.id, impact: v.impact, kinds: [...kinds].map(([why, { count, target }]) => `${count}× ${target}: ${why}`) };
    });
  });
  return found.flatMap((v) => v.kinds.map((kind) => `${v.id} (${v.impact}) ${kind}`));
}

for (const colorScheme of ['light', 'dark']) {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    test(`no axe violations on any page, ${colorScheme}, ${viewport.width} px`, async () => {
      const { server, url } = await startServer();
      const { context, close } = await launch({ colorScheme, viewport });
      try {
        const { page } = await openPage(context, url);
        await waitSaved(page);
        await waitPlanned(page);
        const report = [];
        for (const hash of PAGES) {
          await go(page, hash);
          await page.waitForTimeout(400);
          for (const line of await violations(page)) report.push(`${hash}: ${line}`);
        }
        // A purchase order and a recurring order of the sample.
        for (const [list, prefix] of [['#/purchase-orders', '#/purchase-orders/'], ['#/recurring', '#/recurring/']]) {
          await go(page, list);
          const href = await page.locator(`main a[href^="${prefix}"]:not([href$="/new"])`).first().getAttribute('href');
          await go(page, href);
          await page.waitForTimeout(400);
          for (const line of await violations(page)) report.push(`${href}: ${line}`);
        }
        // The "why this quantity?" panel, open.
        await go(page, '#/plan');
        await page.locator('[data-testid="plan-table"] tbody tr').first().locator('td').nth(2).click();
        await page.locator('[data-testid="why-panel"]').waitFor();
        for (const line of await violations(page)) report.push(`#/plan why panel: ${line}`);
        // The column-mapping step for a file that is not one of the tables:
        // as it opens (a question, a required field unfilled), then with
        // problems on cells of the preview.
        await go(page, '#/data');
        const count = Buffer.from('Artikel;Menge;Verfallsdatum\r\nSKU-00001;1.234,5;03/04/2027\r\nSKU-00002;12,0;05/06/2027\r\n', 'latin1');
        await page.locator('[data-testid="import-files"]').setInputFiles([await tempFile('stock-count.csv', count)]);
        await page.locator('[data-testid="import-run"]').click();
        const preview = page.locator('[data-testid="mapping-preview"]');
        const previewed = () => until(async () => (await preview.getAttribute('aria-busy')) === 'false', 'the preview', 30_000);
        await preview.waitFor({ timeout: 60_000 });
        await previewed();
        for (const line of await violations(page)) report.push(`#/data mapping step: ${line}`);
        await page.locator('[data-testid="mapping-source-location_id"]').selectOption('=constant');
        await page.locator('[data-testid="mapping-constant-location_id"]').fill('NOWHERE');
        await page.locator('[data-testid="mapping-date-order"]').selectOption('dmy');
        await page.locator('[data-testid="mapping-cell-problem"]').first().waitFor();
        await previewed();
        for (const line of await violations(page)) report.push(`#/data mapping preview with problems: ${line}`);
        assert.deepEqual(report, []);
      } finally {
        await close();
        server.close();
      }
    });
  }
}
