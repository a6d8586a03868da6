// Journey: buyer overrides stored in this browser cannot be read. The page
// must say only what happened and never delete or overwrite the only copy.
// (Issue 10, defect 12: the message said "kept aside" even when that write
// failed, and the original was deleted anyway.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitSaved, waitPlanned, until } from './harness.mjs';

const KEY = 'stockpilot.overrides.v1';
const GARBAGE = '{not json at all';

/// Seed local storage before the app starts; optionally make every write to
/// the backup keys fail, as a full quota would.
const seed = (failBackup) => `
  if (!sessionStorage.getItem('seeded')) {
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem(${JSON.stringify(KEY)}, ${JSON.stringify(GARBAGE)});
  }
  if (${failBackup}) {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).startsWith(${JSON.stringify(KEY)} + '.unreadable')) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return setItem.call(this, key, value);
    };
  }
`;

const notices = (page) => page.locator('[data-testid="notice"]').allInnerTexts();

test('unreadable overrides are copied aside before the original is removed, and the message names the copy', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  try {
    const { page } = await openPage(context, url + '#/plan', { initScript: seed(false) });
    await waitSaved(page);
    await until(async () => (await notices(page)).some((t) => /could not be read/.test(t)), 'the notice');
    const text = (await notices(page)).find((t) => /could not be read/.test(t));
    const named = text.match(/A copy was kept under “([^”]+)”/);
    assert.ok(named, `the notice names where the copy is: ${text}`);
    const stored = await page.evaluate(([key, copy]) => [localStorage.getItem(key), localStorage.getItem(copy)], [KEY, named[1]]);
    assert.deepEqual(stored, [null, GARBAGE], 'the copy holds the unreadable value; the original key is free');
  } finally {
    await close();
    server.close();
  }
});

test('when the copy cannot be written the original stays, nothing claims it was kept aside, and overrides do not overwrite it', async () => {
  const { server, url } = await startServer();
  const { context, close } = await launch();
  try {
    const { page } = await openPage(context, url + '#/plan', { initScript: seed(true) });
    await waitSaved(page);
    await waitPlanned(page);
    await until(async () => (await notices(page)).some((t) => /could not be read/.test(t)), 'the notice');
    const text = (await notices(page)).find((t) => /could not be read/.test(t));
    assert.doesNotMatch(text, /kept aside|A copy was kept/, `no claim of a copy: ${text}`);
    assert.match(text, /no copy could be made/);
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), GARBAGE, 'the only copy is still there');

    // An override made now applies in the tab but is not stored over the original.
    await page.locator('[data-testid="plan-table"] tbody tr').first().locator('td').nth(2).click();
    await page.locator('[data-testid="override-quantity"]').fill('1');
    await page.locator('[data-testid="override-apply"]').click();
    await until(async () => (await notices(page)).some((t) => /could not be stored/.test(t)), 'the not-stored notice');
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), GARBAGE, 'still the original');

    // And after a reload the original is still there to recover.
    await page.reload();
    await waitSaved(page);
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), GARBAGE);
  } finally {
    await close();
    server.close();
  }
});
