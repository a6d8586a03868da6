// Journey 2: edit a SKU, reload, the change is still there; invalid values
// are explained under the field while typing and cannot be saved; a deep
// link to a SKU page works on a first visit and after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitSaved, waitSavedAgain, go, openSku, pageTitle, assertClean, waitEnabled } from './harness.mjs';

test('an edited SKU name survives a reload', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await openSku(page, 'SKU-00001');
    const name = page.locator('[data-testid="sku-name"]');
    const save = page.locator('[data-testid="sku-save"]');
    const original = await name.inputValue();
    assert.ok(original.length > 0);
    assert.equal(await pageTitle(page), original);
    // Nothing changed yet: nothing to save.
    assert.equal(await save.isDisabled(), true);

    const renamed = `${original} (renamed by the e2e test)`;
    await name.fill(renamed);
    await waitEnabled(save);
    await waitSavedAgain(page, () => save.click());
    assert.equal(await pageTitle(page), renamed);

    await page.reload();
    await waitSaved(page);
    // The list shows the new name…
    await go(page, '#/skus');
    await page.locator('[data-testid="sku-table"] input[type="search"]').fill('SKU-00001');
    await page.locator('[data-testid="sku-table"] tbody tr', { hasText: renamed }).waitFor();
    // …and so does the SKU's own page, opened from the list.
    await page.locator('[data-testid="sku-table"] tbody a', { hasText: 'SKU-00001' }).click();
    await page.locator('[data-testid="sku-name"]').waitFor();
    assert.equal(await page.locator('[data-testid="sku-name"]').inputValue(), renamed);
    assert.equal(await pageTitle(page), renamed);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('an invalid unit cost is explained under the field as you type and cannot be saved', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await openSku(page, 'SKU-00001');
    const cost = page.locator('[data-testid="sku-unit-cost"]');
    const field = page.locator('.field', { has: cost });
    const save = page.locator('[data-testid="sku-save"]');
    const good = await cost.inputValue();

    // Typed key by key, as a person does: the problem shows before any save.
    await cost.fill('');
    await cost.pressSequentially('abc');
    await field.locator('.error').filter({ hasText: /\S/ }).waitFor();
    const message = (await field.locator('.error').textContent()).trim();
    assert.ok(message.length > 5, `an explanation under the field, got "${message}"`);
    assert.equal(await cost.getAttribute('aria-invalid'), 'true');
    assert.equal(await save.isDisabled(), true, 'save is disabled while a field is invalid');

    // A negative cost is refused too.
    await cost.fill('-3');
    await field.locator('.error').filter({ hasText: /\S/ }).waitFor();
    assert.equal(await save.isDisabled(), true);

    // Fixing it clears the message; the value equals the saved one, so there is still nothing to save.
    await cost.fill(good);
    await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'false', await cost.elementHandle());
    assert.equal((await field.locator('.error').textContent()).trim(), '');
    assert.equal(await save.isDisabled(), true);
    await cost.fill('12.34');
    await waitEnabled(save);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('save is disabled as soon as any field turns invalid, also after a valid change', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await openSku(page, 'SKU-00001');
    const save = page.locator('[data-testid="sku-save"]');
    // A valid change first: save is enabled…
    await page.locator('[data-testid="sku-unit-cost"]').fill('12.34');
    await waitEnabled(save);
    // …then the name is emptied: the field says why, and save must be disabled again.
    const name = page.locator('[data-testid="sku-name"]');
    await name.fill('');
    await page.locator('.field', { has: name }).locator('.error').filter({ hasText: /\S/ }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    await waitEnabled(save, false);
    // Same with an invalid cost after a valid name change.
    await name.fill('A valid new name');
    await waitEnabled(save);
    await page.locator('[data-testid="sku-unit-cost"]').fill('abc');
    await waitEnabled(save, false);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a deep link to a SKU page shows the SKU on a first visit and after a reload', async () => {
  const app = await openApp({ hash: '#/skus/SKU-00002' });
  const { page } = app;
  try {
    // The app loads the workspace asynchronously; once it has, the page must show the SKU.
    await page.locator('[data-testid="sku-name"]').waitFor({ timeout: 10_000 });
    const name = await page.locator('[data-testid="sku-name"]').inputValue();
    assert.ok(name.length > 0);
    assert.equal(await pageTitle(page), name);

    await page.reload();
    await waitSaved(page);
    await page.locator('[data-testid="sku-name"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[data-testid="sku-name"]').inputValue(), name);
    assert.equal(await pageTitle(page), name);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});

test('a deep link to a supplier page shows the supplier after a reload', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await go(page, '#/suppliers');
    const link = page.locator('[data-testid="supplier-table"] tbody a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.locator('[data-testid="supplier-name"]').waitFor();
    const name = await page.locator('[data-testid="supplier-name"]').inputValue();

    await page.reload();
    await waitSaved(page);
    assert.equal(await page.evaluate(() => window.location.hash), href);
    await page.locator('[data-testid="supplier-name"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[data-testid="supplier-name"]').inputValue(), name);
    assertClean(app.problems);
  } finally {
    await app.done();
  }
});
