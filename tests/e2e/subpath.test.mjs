// Journey 5: the site served from a sub-path (/stockpilot/) by a plain static
// host: deep links, reloads and the worker work, and every request stays
// under the prefix of the same origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  root, startServer, launch, openPage, waitSaved, waitPlanned, go, pageTitle, assertClean,
} from './harness.mjs';

const PREFIX = '/stockpilot/';

/// Every request the context makes, to check they all stay under the prefix.
function recordRequests(context) {
  const urls = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

function assertUnderPrefix(urls, base) {
  const outside = urls.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && !u.startsWith(base));
  assert.deepEqual(outside, [], `every request stays under ${base}`);
}

test('dist-sub from /stockpilot/: loads, plans in the worker, navigates and reloads', async () => {
  const { server, url } = await startServer('dist-sub', PREFIX);
  const { context, close } = await launch();
  try {
    const urls = recordRequests(context);
    const { page, problems } = await openPage(context, url);
    await waitSaved(page);
    await waitPlanned(page);
    await page.locator('[data-testid="kpi-suggestions"]').waitFor();
    // The planning worker runs, and its program came from under the prefix.
    assert.ok(page.workers().length >= 1, 'a Web Worker is running');
    assert.ok(urls.some((u) => u.startsWith(url) && u.endsWith('.wasm')), 'the wasm came from the prefix');

    await go(page, '#/skus/SKU-00002');
    await page.locator('[data-testid="sku-name"]').waitFor();
    assert.equal(await pageTitle(page), await page.locator('[data-testid="sku-name"]').inputValue());
    assert.equal(new URL(page.url()).pathname, PREFIX);

    // A reload on another page: the plan is computed again by a fresh worker.
    await go(page, '#/plan');
    await page.reload();
    await waitSaved(page);
    await waitPlanned(page);
    await page.locator('[data-testid="plan-table"] tbody tr').first().waitFor();
    assert.equal(await pageTitle(page), 'Plan');
    assertUnderPrefix(urls, url);
    assertClean(problems);
  } finally {
    await close();
    server.close();
  }
});

test('dist-sub: a deep link /stockpilot/#/skus/SKU-00002 shows the SKU, also after a reload', async () => {
  const { server, url } = await startServer('dist-sub', PREFIX);
  const { context, close } = await launch();
  try {
    const urls = recordRequests(context);
    const { page, problems } = await openPage(context, `${url}#/skus/SKU-00002`);
    await waitSaved(page);
    await page.locator('[data-testid="sku-name"]').waitFor({ timeout: 10_000 });
    const name = await page.locator('[data-testid="sku-name"]').inputValue();
    assert.equal(await pageTitle(page), name);

    await page.reload();
    await waitSaved(page);
    await page.locator('[data-testid="sku-name"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[data-testid="sku-name"]').inputValue(), name);
    await waitPlanned(page);
    assertUnderPrefix(urls, url);
    assertClean(problems);
  } finally {
    await close();
    server.close();
  }
});

test('dist/ (the root build) under a sub-path, as its index.html allows', async (t) => {
  const assetsOf = (html) => [...html.matchAll(/(?:href|src|module_or_path:|from)\s*=?\s*['"]([^'"]+\.(?:css|js|wasm))['"]/g)].map((m) => m[1]);
  const html = await readFile(join(root, 'dist', 'index.html'), 'utf8');
  const assets = assetsOf(html);
  assert.ok(assets.length >= 2, `dist/index.html references its assets (${assets})`);
  const absolute = assets.filter((a) => a.startsWith('/'));
  if (absolute.length > 0) {
    // Trunk's default public URL is "/": the root build only works at the root
    // of a host, and dist-sub is the build for /stockpilot/. Check both facts.
    t.diagnostic(`dist/index.html uses absolute asset URLs (${absolute.join(', ')}): it is a root-only build; dist-sub serves the sub-path`);
    assert.deepEqual(absolute, assets, 'all or none of the asset URLs are absolute');
    const sub = await readFile(join(root, 'dist-sub', 'index.html'), 'utf8');
    assert.match(sub, /<base href="\/stockpilot\/"/);
    const subAssets = assetsOf(sub);
    assert.ok(subAssets.length >= assets.length);
    for (const asset of subAssets) assert.ok(asset.startsWith(PREFIX), `dist-sub references ${asset} under ${PREFIX}`);
    // Served under a prefix anyway, the root build must fail visibly, not half-work.
    const { server, url } = await startServer('dist', '/some/prefix/');
    try {
      const response = await fetch(new URL(absolute[0], url));
      assert.equal(response.status, 404);
    } finally {
      server.close();
    }
    return;
  }
  // A relative public URL: the very same build works under any prefix.
  const { server, url } = await startServer('dist', '/some/prefix/');
  const { context, close } = await launch();
  try {
    const urls = recordRequests(context);
    const { page, problems } = await openPage(context, `${url}#/plan`);
    await waitSaved(page);
    await waitPlanned(page);
    await page.locator('[data-testid="plan-table"] tbody tr').first().waitFor();
    await go(page, '#/skus/SKU-00002');
    await page.locator('[data-testid="sku-name"]').waitFor();
    await page.reload();
    await waitSaved(page);
    assertUnderPrefix(urls, url);
    assertClean(problems);
  } finally {
    await close();
    server.close();
  }
});
