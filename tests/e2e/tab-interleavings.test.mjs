// Journey: two tabs change the same SKU in the orders that lost data before
// (issue 10, defect 8). Each order is forced, not hoped for: tab B's
// BroadcastChannel can be muted (it does not hear of A's save) and its
// worker's requests can be held (a load of A's save stays half-done) by an
// init script, so every run takes the same interleaving. The rules behind
// them are `src/tabs.rs`, tested natively over every interleaving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, openPage, waitSaved, waitSavedAgain, openSku, pageTitle, until, waitEnabled, assertClean,
} from './harness.mjs';

const CONTROLS = `
  (() => {
    window.__mute = false;
    window.__hold = false;
    window.__held = [];
    const RealChannel = window.BroadcastChannel;
    window.BroadcastChannel = class extends RealChannel {
      set onmessage(handler) {
        super.onmessage = (event) => { if (!window.__mute) handler(event); };
      }
    };
    const RealWorker = window.Worker;
    window.Worker = class extends RealWorker {
      postMessage(data, transfer) {
        if (window.__hold) { window.__held.push(() => super.postMessage(data, transfer)); return; }
        return super.postMessage(data, transfer);
      }
    };
    window.__release = () => { window.__hold = false; const held = window.__held; window.__held = []; held.forEach((send) => send()); };
  })();
`;

async function twoTabs() {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  const a = await openPage(context, url);
  await waitSaved(a.page);
  const b = await openPage(context, url, { initScript: CONTROLS });
  await waitSaved(b.page);
  await openSku(a.page, 'SKU-00001');
  await openSku(b.page, 'SKU-00001');
  const original = {
    name: await pageTitle(b.page),
    cost: await b.page.locator('[data-testid="sku-unit-cost"]').inputValue(),
  };
  const done = async () => { await close(); server.close(); };
  return { a, b, original, done, url };
}

async function renameInA(a, name) {
  await a.page.locator('[data-testid="sku-name"]').fill(name);
  await waitEnabled(a.page.locator('[data-testid="sku-save"]'));
  await waitSavedAgain(a.page, () => a.page.locator('[data-testid="sku-save"]').click());
}

const notices = (page) => page.locator('[data-testid="notice"]').allInnerTexts();

/// B turned read-only, said its change was not saved (never "saved"), still
/// shows it; and storage holds A's rename with the original cost.
async function assertRefusedAndAKept({ a, b }, renamed, original) {
  await b.page.locator('[data-testid="banner-other-tab"]').waitFor();
  const said = await until(async () => {
    const texts = await notices(b.page);
    return texts.some((t) => /^Not saved: SKU SKU-00001/.test(t)) && texts;
  }, 'the not-saved notice');
  assert.ok(!said.some((t) => /SKU SKU-00001 saved/.test(t)), `never "saved": ${said.join(' | ')}`);
  assert.equal(await b.page.locator('[data-testid="sku-unit-cost"]').inputValue(), '9.99', 'B still shows its change');

  await a.page.reload();
  await waitSaved(a.page);
  await openSku(a.page, 'SKU-00001');
  assert.equal(await a.page.locator('[data-testid="sku-name"]').inputValue(), renamed, 'A\'s rename survived');
  assert.equal(await a.page.locator('[data-testid="sku-unit-cost"]').inputValue(), original.cost);
  assertClean(a.problems);
}

test('typing in B when A saves is kept, and reapplied field by field on A\'s change', async () => {
  const { a, b, original, done } = await twoTabs();
  try {
    await b.page.locator('[data-testid="sku-unit-cost"]').fill('9.99');
    const renamed = `${original.name} — renamed in A`;
    await renameInA(a, renamed);

    // B asks instead of replacing the typing.
    const banner = b.page.locator('[data-testid="banner-other-tab-draft"]');
    await banner.waitFor();
    assert.equal(await b.page.locator('[data-testid="sku-unit-cost"]').inputValue(), '9.99', 'the typing is still there');
    // While B waits for the choice, it saves nothing over A.
    await b.page.locator('[data-testid="draft-reapply"]').click();
    await until(async () => (await b.page.locator('[data-testid="sku-name"]').inputValue()) === renamed, 'A\'s name in B');
    assert.equal(await b.page.locator('[data-testid="sku-unit-cost"]').inputValue(), '9.99', 'B\'s cost reapplied');
    await b.page.locator('[data-testid="draft-reapplied"]').waitFor();
    assert.ok(!(await notices(b.page)).some((t) => /SKU SKU-00001 saved/.test(t)), 'nothing said saved yet');

    await waitSavedAgain(b.page, () => b.page.locator('[data-testid="sku-save"]').click());
    await b.page.locator('[data-testid="notice"]', { hasText: 'SKU SKU-00001 saved.' }).waitFor();

    // Both changes are stored: A loads B's save and a reload shows both.
    await until(async () => (await a.page.locator('[data-testid="sku-unit-cost"]').inputValue()) === '9.99', 'B\'s cost in A');
    await a.page.reload();
    await waitSaved(a.page);
    await openSku(a.page, 'SKU-00001');
    assert.equal(await a.page.locator('[data-testid="sku-name"]').inputValue(), renamed);
    assert.equal(await a.page.locator('[data-testid="sku-unit-cost"]').inputValue(), '9.99');
    assertClean(a.problems);
    assertClean(b.problems);
  } finally {
    await done();
  }
});

test('discarding B\'s typing shows A\'s version and saves nothing from B', async () => {
  const { a, b, original, done } = await twoTabs();
  try {
    await b.page.locator('[data-testid="sku-unit-cost"]').fill('9.99');
    const renamed = `${original.name} — renamed in A`;
    await renameInA(a, renamed);
    await b.page.locator('[data-testid="draft-discard"]').click();
    await until(async () => (await b.page.locator('[data-testid="sku-name"]').inputValue()) === renamed, 'A\'s name in B');
    assert.equal(await b.page.locator('[data-testid="sku-unit-cost"]').inputValue(), original.cost);
    assert.equal(await b.page.locator('[data-testid="banner-other-tab-draft"]').count(), 0);
    assertClean(a.problems);
    assertClean(b.problems);
  } finally {
    await done();
  }
});

test('B saves on top of a save it has not heard of: refused, said so, never "saved", A\'s change kept', async () => {
  const { a, b, original, done } = await twoTabs();
  try {
    await b.page.evaluate(() => { window.__mute = true; });
    const renamed = `${original.name} — renamed in A`;
    await renameInA(a, renamed);

    await b.page.locator('[data-testid="sku-unit-cost"]').fill('9.99');
    await waitEnabled(b.page.locator('[data-testid="sku-save"]'));
    await b.page.locator('[data-testid="sku-save"]').click();
    await assertRefusedAndAKept({ a, b }, renamed, original);
  } finally {
    await done();
  }
});

test('B changes the SKU while A\'s save is being loaded: B keeps its change, is told, and overwrites nothing', async () => {
  const { a, b, original, done } = await twoTabs();
  try {
    // B's worker holds requests: the load of A's save stops half-way.
    await b.page.evaluate(() => { window.__hold = true; });
    const renamed = `${original.name} — renamed in A`;
    await renameInA(a, renamed);
    await until(() => b.page.evaluate(() => window.__held.length > 0), 'B to start loading A\'s save');

    await b.page.locator('[data-testid="sku-unit-cost"]').fill('9.99');
    await waitEnabled(b.page.locator('[data-testid="sku-save"]'));
    await b.page.locator('[data-testid="sku-save"]').click();
    await b.page.evaluate(() => window.__release());
    await assertRefusedAndAKept({ a, b }, renamed, original);
  } finally {
    await done();
  }
});

test('typing in an offer dialog survives A\'s save: the dialog opens again with it', async () => {
  const { a, b, original, done } = await twoTabs();
  try {
    // B edits the first offer of SKU-00001 in its dialog, without saving.
    await b.page.locator('[data-testid="offer-table"] tbody tr').first().getByRole('button', { name: 'Edit' }).click();
    const moq = b.page.locator('[data-testid="offer-moq"]');
    await moq.fill('777');
    const renamed = `${original.name} — renamed in A`;
    await renameInA(a, renamed);

    await b.page.locator('[data-testid="banner-other-tab-draft"]').waitFor();
    await b.page.locator('[data-testid="draft-reapply"]').click();
    await until(async () => (await b.page.locator('[data-testid="sku-name"]').inputValue()) === renamed, 'A\'s name in B');
    await b.page.locator('[data-testid="offer-form"]').waitFor();
    assert.equal(await moq.inputValue(), '777', 'the dialog is open again with B\'s typing');
    assertClean(a.problems);
    assertClean(b.problems);
  } finally {
    await done();
  }
});
