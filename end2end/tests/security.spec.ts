import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signInAt } from './helpers';

test('a tenant admin reads who enforces each setting, is stopped from locking themself out, and sees second factors', async ({ page }, info) => {
  await page.goto('/admin/security');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin/security');
  await hydrated(page);
  const badge = (setting: string) => page.locator(`[data-testid="enforcement"][data-setting="${setting}"]`);
  await expect(badge('session_idle_minutes')).toHaveAttribute('data-enforcement', 'enforced');
  await expect(badge('ip_allow_list')).toHaveAttribute('data-enforcement', 'enforced');
  await expect(badge('mfa_mode')).toHaveAttribute('data-enforcement', 'recorded_only');
  await expect(badge('allowed_countries')).toHaveAttribute('data-enforcement', 'recorded_only');
  await expect(page.getByTestId('your-ip')).toContainText('127.0.0.1');

  // A list without the admin's own address is refused, by field.
  await page.locator('#ip_allow_list').fill('192.0.2.0/24');
  await page.getByTestId('policy-save').click();
  await expect(page.getByTestId('ip_allow_list-error')).toBeVisible();
  // An idle limit out of bounds is caught before the round trip.
  await page.locator('#ip_allow_list').fill('');
  await page.locator('#session_idle_minutes').fill('2');
  await page.getByTestId('policy-save').click();
  await expect(page.getByTestId('session_idle_minutes-error')).toBeVisible();
  // A valid policy saves (the same values each run: the tenant is shared).
  await page.locator('#session_idle_minutes').fill('120');
  await page.getByTestId('policy-save').click();
  await expect(page.getByTestId('policy-saved')).toBeVisible();

  // Second factors, read from the development identity provider: Astrid
  // has an authenticator app, Mads none.
  await expect(page.locator('[data-testid="mfa-row"][data-email="astrid@fjord-tandklinik.example"]')).toHaveAttribute('data-state', 'enrolled');
  await expect(page.locator('[data-testid="mfa-row"][data-email="mads@fjord-tandklinik.example"]')).toHaveAttribute('data-state', 'none');

  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/admin-security-${info.project.name}.png`, fullPage: true });
});
