import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signInAt } from './helpers';

test('the operator invites a colleague, who is listed at once and handed a way in shown once', async ({ page }, info) => {
  const email = `drift-${info.project.name}@dezky.example`;
  await page.goto('/operator/team');
  await signInAt(page, 'operator');
  await page.waitForURL((url) => url.pathname === '/operator/team');
  await hydrated(page);
  await expect(page.getByTestId('nav-team')).toHaveAttribute('aria-current', 'page');

  // Bad input is refused by field; nothing is made.
  await page.locator('#operator-name').fill('Ida Drift');
  await page.locator('#operator-email').fill('ida@dezky');
  await page.getByTestId('invite-operator-submit').click();
  await expect(page.getByTestId('operator-email-error')).toBeVisible();
  // A duplicate address is refused.
  await page.locator('#operator-email').fill('astrid@fjord-tandklinik.example');
  await page.getByTestId('invite-operator-submit').click();
  await expect(page.getByTestId('operator-email-error')).toBeVisible();

  await page.locator('#operator-email').fill(email);
  await page.getByTestId('invite-operator-submit').click();
  const handoff = page.getByTestId('operator-handoff');
  await expect(handoff).toBeVisible();
  const value = (await page.getByTestId('operator-handoff-value').textContent()) ?? '';
  expect(value.length).toBeGreaterThanOrEqual(16);
  await page.getByTestId('operator-handoff-copy').click();
  await expect(page.getByTestId('operator-handoff-copy')).toHaveText(/Kopieret|Copied/);
  // Listed at once, as invited.
  await expect(page.locator(`[data-testid="operator-row"][data-email="${email}"]`)).toHaveAttribute('data-state', 'invited');
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/operator-team-${info.project.name}.png`, fullPage: true });
  // Shown once: gone after Done and after a reload.
  await page.getByTestId('operator-handoff-done').click();
  await expect(handoff).toHaveCount(0);
  await page.reload();
  expect(await page.content()).not.toContain(value);
});

test('the operator finds a user, deactivates them everywhere (asked first), and reactivates them', async ({ page }, info) => {
  await page.goto('/operator/users');
  await signInAt(page, 'operator');
  await page.waitForURL((url) => url.pathname === '/operator/users');
  await hydrated(page);
  await page.getByTestId('user-search').fill('mads@');
  await page.getByTestId('user-search-submit').click();
  const mads = page.locator('[data-testid="platform-user"][data-email="mads@fjord-tandklinik.example"]');
  await expect(page.getByTestId('platform-user')).toHaveCount(1);
  await expect(mads).toHaveAttribute('data-state', /active|invited/);
  await mads.getByTestId('user-deactivate').click();
  await page.getByTestId('user-deactivate-dialog-confirm').click();
  await expect(mads).toHaveAttribute('data-state', 'inactive');
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/operator-users-${info.project.name}.png`, fullPage: true });
  await mads.getByTestId('user-reactivate').click();
  await expect(mads).not.toHaveAttribute('data-state', 'inactive');
});
