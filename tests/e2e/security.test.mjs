// Journey: the site runs under a strict Content-Security-Policy, and text from
// imported files is never rendered as HTML. (Issue 10, "Security".)
//
// The policy comes from scripts/csp.mjs (a Trunk post-build hook). Every other
// journey also runs under it: a refused script, style or request is a console
// error, which `assertClean` fails on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  root, openApp, go, waitPlanned, waitSaved, tempFile, runImport, until, pageTitle, assertClean,
} from './harness.mjs';

for (const dir of ['dist', 'dist-sub']) {
  test(`${dir}/index.html carries a strict policy and no inline script`, async () => {
    const html = await readFile(join(root, dir, 'index.html'), 'utf8');
    const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
    assert.ok(policy, 'the policy is in a meta tag');
    const directives = Object.fromEntries(policy[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"], 'no unsafe-inline, no unsafe-eval');
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    assert.deepEqual(directives['style-src'], ["'self'"]);
    // The engine worker starts from a blob: script; the service worker is the site's own file.
    assert.deepEqual(directives['worker-src'], ["'self'", 'blob:']);
    assert.deepEqual(directives['manifest-src'], ["'self'"]);
    for (const [, attributes, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(attributes, /\bsrc="/, 'every script is a file');
      assert.equal(body.trim(), '');
    }
    // The start script it points to exists.
    const start = html.match(/<script type="module" src="[^"]*?(start-[0-9a-f]+\.js)"/);
    assert.ok(start && (await readdir(join(root, dir))).includes(start[1]));
  });
}

test('the app works under the policy, and the policy refuses an inline script', async () => {
  const app = await openApp({ hash: '#/plan' });
  const { page } = app;
  try {
    await waitPlanned(page);
    const outcome = await page.evaluate(() => new Promise((done) => {
      document.addEventListener('securitypolicyviolation', (event) => done({ blocked: event.violatedDirective, ran: window.__inlineRan === true }), { once: true });
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      setTimeout(() => done({ blocked: null, ran: window.__inlineRan === true }), 2_000);
    }));
    assert.equal(outcome.ran, false, 'the inline script did not run');
    assert.match(outcome.blocked ?? '', /^script-src/);
    // The refusal is the only console error: the app itself broke no rule.
    assert.ok(app.problems.consoleErrors.every((e) => /Content Security Policy/.test(e) && /inline script/.test(e)),
      app.problems.consoleErrors.join('\n'));
  } finally {
    await app.done();
  }
});

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload="window.__pwned=3">',
];

test('imported text with HTML in it is shown as text on every page', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    const [a, b, c] = PAYLOADS;
    const files = [
      ['skus.csv', ['sku_id,name,family,unit,unit_cost', `SKU-00001,"${a.replaceAll('"', '""')}","${b}","${c.replaceAll('"', '""')}",12.50`]],
      ['locations.csv', ['location_id,name', `AMS,"${b}"`]],
    ];
    await go(page, '#/data');
    const paths = await Promise.all(files.map(([name, lines]) => tempFile(name, lines.join('\n') + '\n')));
    await page.locator('[data-testid="import-files"]').setInputFiles(paths);
    await until(() => page.locator('[data-testid="import-run"]').isEnabled(), 'import-run enabled');
    const outcome = await runImport(page);
    const problems = outcome === 'refused' ? await page.locator('[data-testid="import-problems"]').innerText() : '';
    assert.equal(outcome, 'done', problems);
    await waitSaved(page);
    await waitPlanned(page);

    const pages = ['#/dashboard', '#/plan', '#/skus', '#/skus/SKU-00001', '#/suppliers', '#/stock', '#/purchase-orders', '#/data', '#/settings'];
    for (const hash of pages) {
      await go(page, hash);
      await page.waitForTimeout(200);
      const injected = await page.evaluate(() => ({
        pwned: window.__pwned ?? null,
        elements: document.querySelectorAll('body img, body script, body svg[onload], [onerror], [onload]').length,
      }));
      assert.deepEqual(injected, { pwned: null, elements: 0 }, `${hash}: nothing imported became HTML`);
    }
    // The text is there, as text.
    await go(page, '#/skus/SKU-00001');
    assert.ok((await pageTitle(page)).includes(a), 'the SKU page title shows the name as typed');
    assert.equal(await page.locator('[data-testid="sku-name"]').inputValue(), a);
    await go(page, '#/skus');
    await until(async () => (await page.locator('[data-testid="sku-table"] tbody').innerText()).includes(a), 'the list shows the name as text');
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
