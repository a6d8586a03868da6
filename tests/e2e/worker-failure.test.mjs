// Journey: the background worker fails — it cannot load, or it panics in the
// middle of a job. The page must not wait forever: pending work fails at once,
// a banner says what happened, and "Restart the worker" carries on with the
// data intact. (Issue 10, defect 4.)
//
// Both failures are made deterministically by an init script that wraps the
// page's `Worker`: it either swaps the worker's script for one that throws, or
// corrupts the next request so the real worker's decoder panics (a real Rust
// panic in the real worker, aborting its WebAssembly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitSaved, waitPlanned, go, collectDownloads } from './harness.mjs';

const wrapWorker = (mode) => `
  (() => {
    const RealWorker = window.Worker;
    window.__workerMode = '${mode}';
    window.__corruptNext = false;
    window.Worker = class extends RealWorker {
      constructor(url, options) {
        if (window.__workerMode === 'unloadable') {
          const broken = new Blob(['throw new Error("the worker script is broken (test)")'], { type: 'text/javascript' });
          super(URL.createObjectURL(broken), options);
        } else {
          super(url, options);
        }
      }
      postMessage(data, transfer) {
        if (window.__corruptNext && data instanceof Uint8Array) {
          window.__corruptNext = false;
          // Not a request the worker can decode: its decoder panics.
          return super.postMessage(new Uint8Array([9, 9, 9]));
        }
        return super.postMessage(data, transfer);
      }
    };
  })();
`;

const banner = (page) => page.locator('[data-testid="banner-worker-failed"]');

test('a worker that cannot load fails the start-up at once, and a restart recovers', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  try {
    const started = Date.now();
    const { page } = await openPage(context, url, { initScript: wrapWorker('unloadable') });
    await banner(page).waitFor({ timeout: 10_000 });
    const waited = Date.now() - started;
    assert.ok(waited < 10_000, `the failure is reported at once, not after a timeout (${waited} ms)`);
    assert.match(await banner(page).innerText(), /background worker stopped/i);
    assert.match(await banner(page).innerText(), /broken \(test\)/, 'the banner names the cause');
    // Nothing pretends to be saved.
    assert.notEqual(await page.locator('[data-testid="save-status"]').getAttribute('data-state'), 'ok');

    // Fix the cause, restart: the first visit completes (sample loaded, saved, planned).
    await page.evaluate(() => { window.__workerMode = 'normal'; });
    await page.locator('[data-testid="restart-worker"]').click();
    await waitSaved(page);
    await waitPlanned(page);
    assert.equal(await banner(page).count(), 0, 'the banner is gone after the restart');
  } finally {
    await close();
    server.close();
  }
});

test('a worker that panics mid-job fails that job, keeps the data, and a restart recovers', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  try {
    const { page } = await openPage(context, url + '#/data', { initScript: wrapWorker('normal') });
    await waitSaved(page);
    await waitPlanned(page);
    await go(page, '#/data');

    // The export job reaches the worker corrupted; the worker panics.
    await page.evaluate(() => { window.__corruptNext = true; });
    await page.locator('[data-testid="export-json"]').click();
    await banner(page).waitFor({ timeout: 10_000 });
    assert.match(await banner(page).innerText(), /internal error/i);
    assert.match(await banner(page).innerText(), /request could not be decoded/, 'the panic message reaches the page');
    // The export button is usable again: the job failed instead of hanging.
    await page.waitForFunction(() => !document.querySelector('[data-testid="export-json"]').disabled, null, { timeout: 5_000 });

    // While the worker is down, new work fails at once rather than waiting.
    await page.locator('[data-testid="export-json"]').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="export-json"]').disabled, null, { timeout: 5_000 });

    // Restart: the new worker gets the whole workspace again and works.
    await page.locator('[data-testid="restart-worker"]').click();
    await waitPlanned(page);
    const [backup] = await collectDownloads(page, 1, () => page.locator('[data-testid="export-json"]').click());
    const json = JSON.parse(backup.text);
    assert.equal(json.skus.length, 300, 'every SKU is still there');
    assert.ok(json.demand.series.length > 0, 'the demand history reached the new worker');
    assert.equal(await banner(page).count(), 0);
  } finally {
    await close();
    server.close();
  }
});
