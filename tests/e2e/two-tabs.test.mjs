// Journey 7: the app open in two tabs of one browser. A change saved in one
// tab is loaded by the other without a reload (src/session.rs: after each
// save a tab posts "saved <generation>" on the BroadcastChannel
// "stockpilot-workspace"; a tab with nothing unsaved loads that save). If
// both tabs change the workspace at once, the second save finds a
// generation it did not expect and is refused: that tab turns read-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, openPage, waitSaved, waitSavedAgain, openSku, pageTitle, storedManifest, assertClean, until,
  waitEnabled, go,
} from './harness.mjs';

async function twoTabs() {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  const a = await openPage(context, url);
  await waitSaved(a.page);
  const b = await openPage(context, url);
  await waitSaved(b.page);
  const done = async () => {
    await close();
    server.close();
  };
  return { a, b, context, done };
}

test('a change saved in tab A shows in tab B without a reload', async () => {
  const { a, b, done } = await twoTabs();
  try {
    await openSku(a.page, 'SKU-00001');
    await openSku(b.page, 'SKU-00001');
    const original = await pageTitle(b.page);
    // Marks tab B's document: a reload would lose it.
    await b.page.evaluate(() => { window.__sameDocument = true; });

    const renamed = `${original} — edited in tab A`;
    await a.page.locator('[data-testid="sku-name"]').fill(renamed);
    await waitEnabled(a.page.locator('[data-testid="sku-save"]'));
    await waitSavedAgain(a.page, () => a.page.locator('[data-testid="sku-save"]').click());

    await until(async () => (await pageTitle(b.page)) === renamed, 'tab B to show the new name', 10_000);
    assert.equal(await b.page.evaluate(() => window.__sameDocument), true, 'tab B was not reloaded');
    await b.page.locator('[data-testid="notice"]', { hasText: 'Loaded the changes saved in another tab.' }).waitFor();
    assert.equal(await b.page.locator('[data-testid="banner-other-tab"]').count(), 0);
    await go(b.page, '#/skus');
    await b.page.locator('[data-testid="sku-table"] tbody tr', { hasText: renamed }).waitFor();

    // Tab B is current, so its own change saves without a conflict and reaches tab A.
    await openSku(b.page, 'SKU-00002');
    const second = `${await pageTitle(b.page)} — edited in tab B`;
    await b.page.locator('[data-testid="sku-name"]').fill(second);
    await waitEnabled(b.page.locator('[data-testid="sku-save"]'));
    await waitSavedAgain(b.page, () => b.page.locator('[data-testid="sku-save"]').click());
    await openSku(a.page, 'SKU-00002');
    await until(async () => (await pageTitle(a.page)) === second, 'tab A to show tab B\'s change', 10_000);
    assert.equal(await a.page.locator('[data-testid="banner-other-tab"]').count(), 0);
    assert.equal(await b.page.locator('[data-testid="banner-other-tab"]').count(), 0);
    assertClean(a.problems);
    assertClean(b.problems);
  } finally {
    await done();
  }
});

test('an open SKU form in tab B follows the change saved in tab A, so B cannot undo it', async () => {
  const { a, b, done } = await twoTabs();
  try {
    await openSku(a.page, 'SKU-00001');
    await openSku(b.page, 'SKU-00001');
    const original = await pageTitle(b.page);
    const renamed = `${original} — edited in tab A`;
    await a.page.locator('[data-testid="sku-name"]').fill(renamed);
    await waitEnabled(a.page.locator('[data-testid="sku-save"]'));
    await waitSavedAgain(a.page, () => a.page.locator('[data-testid="sku-save"]').click());
    await until(async () => (await pageTitle(b.page)) === renamed, 'tab B to load the change', 10_000);

    // The form in tab B shows the loaded name, not the one it was opened with…
    await until(async () => (await b.page.locator('[data-testid="sku-name"]').inputValue()) === renamed,
      'tab B\'s name field to show the loaded name', 5_000);
    // …so changing another field there and saving keeps tab A's name.
    await b.page.locator('[data-testid="sku-unit-cost"]').fill('9.99');
    await waitEnabled(b.page.locator('[data-testid="sku-save"]'));
    await waitSavedAgain(b.page, () => b.page.locator('[data-testid="sku-save"]').click());
    await b.page.reload();
    await waitSaved(b.page);
    await openSku(b.page, 'SKU-00001');
    assert.equal(await b.page.locator('[data-testid="sku-name"]').inputValue(), renamed);
    assertClean(a.problems);
    assertClean(b.problems);
  } finally {
    await done();
  }
});

test('two tabs saving at once: one is refused and turns read-only, nothing is merged', async () => {
  const { a, b, done } = await twoTabs();
  try {
    await openSku(a.page, 'SKU-00001');
    await openSku(b.page, 'SKU-00002');
    const nameA = `${await pageTitle(a.page)} — tab A`;
    const nameB = `${await pageTitle(b.page)} — tab B`;
    await a.page.locator('[data-testid="sku-name"]').fill(nameA);
    await b.page.locator('[data-testid="sku-name"]').fill(nameB);
    await waitEnabled(a.page.locator('[data-testid="sku-save"]'));
    await waitEnabled(b.page.locator('[data-testid="sku-save"]'));
    const before = (await storedManifest(a.page)).generation;

    // Both save within a few milliseconds, well inside the 250 ms save delay.
    // (Playwright's click waits for an animation frame, which a background
    // tab may not paint for a second; a DOM click lands at once.)
    const clickSave = () => document.querySelector('[data-testid="sku-save"]').click();
    await Promise.all([a.page.evaluate(clickSave), b.page.evaluate(clickSave)]);
    const locked = await until(async () => {
      const [lockedA, lockedB] = await Promise.all([
        a.page.locator('[data-testid="banner-other-tab"]').count(),
        b.page.locator('[data-testid="banner-other-tab"]').count(),
      ]);
      return lockedA + lockedB > 0 && { lockedA, lockedB };
    }, 'a tab to turn read-only', 10_000);
    assert.equal(locked.lockedA + locked.lockedB, 1, 'exactly one tab turns read-only');
    const [loser, winner, winnerName, loserName, loserSku] = locked.lockedA
      ? [a, b, nameB, nameA, 'SKU-00001'] : [b, a, nameA, nameB, 'SKU-00002'];
    await waitSaved(winner.page);
    const banner = loser.page.locator('[data-testid="banner-other-tab"]');
    assert.match(await banner.textContent(), /read-only/);
    await banner.getByRole('button', { name: 'Reload' }).waitFor();
    await banner.getByRole('button', { name: 'Export backup' }).waitFor();
    assert.equal(await loser.page.locator('[data-testid="save-status"]').getAttribute('data-state'), 'error');
    assert.equal((await storedManifest(a.page)).generation, before + 1, 'one save went through');

    // The read-only tab refuses further edits.
    await loser.page.locator('[data-testid="sku-name"]').fill(`${loserName} again`);
    await loser.page.locator('[data-testid="sku-save"]').click();
    await loser.page.locator('[data-testid="notice"]', { hasText: /read-only/ }).waitFor();
    await loser.page.waitForTimeout(600);
    assert.equal((await storedManifest(a.page)).generation, before + 1, 'the read-only tab saved nothing');

    // Reload: the read-only tab continues with the saved data, the winner's change in it and its own not.
    const reloaded = loser.page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await waitSaved(loser.page);
    assert.equal(await loser.page.locator('[data-testid="banner-other-tab"]').count(), 0);
    // (Via the list: a reload straight onto a SKU page is journey 2's deep-link test.)
    await go(loser.page, '#/skus');
    await openSku(loser.page, loserSku);
    assert.notEqual(await loser.page.locator('[data-testid="sku-name"]').inputValue(), loserName);
    await openSku(loser.page, loserSku === 'SKU-00001' ? 'SKU-00002' : 'SKU-00001');
    assert.equal(await loser.page.locator('[data-testid="sku-name"]').inputValue(), winnerName);
    assertClean(a.problems);
    assertClean(b.problems);
  } finally {
    await done();
  }
});
