import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signInAt } from './helpers';

test('a tenant admin creates an SSO app, reads the secret once, and deletes it', async ({ page }, info) => {
  await page.goto('/admin/apps');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin/apps');
  await hydrated(page);
  await expect(page.getByTestId('nav-sso-apps')).toHaveAttribute('aria-current', 'page');

  // A bad address is refused by field before anything is made.
  const name = `Wiki ${info.project.name}`;
  await page.locator('#sso-name').fill(name);
  await page.locator('#sso-redirect-uris').fill('http://wiki.fjord-tandklinik.example/cb');
  await page.getByTestId('sso-create-submit').click();
  await expect(page.getByTestId('sso-redirect-uris-error')).toBeVisible();

  await page.locator('#sso-redirect-uris').fill('https://wiki.fjord-tandklinik.example/cb');
  await page.getByTestId('sso-create-submit').click();
  const created = page.getByTestId('sso-created');
  await expect(created).toBeVisible();
  const secret = (await page.getByTestId('sso-client-secret').textContent()) ?? '';
  expect(secret.length).toBeGreaterThanOrEqual(32);
  await page.getByTestId('sso-copy-secret').click();
  await expect(page.getByTestId('sso-copy-secret')).toHaveText(/Kopieret|Copied/);
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/admin-sso-apps-${info.project.name}.png`, fullPage: true });

  // Listed at once (the secret stays until Done), then only the app.
  const row = page.getByTestId('sso-app').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(created).toBeVisible();
  await page.getByTestId('sso-created-done').click();
  await expect(created).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await page.reload();
  await expect(row).toHaveCount(1);
  expect(await page.content()).not.toContain(secret);

  // Delete, asked first.
  await hydrated(page);
  await row.getByTestId('sso-delete').click();
  await page.getByTestId('sso-delete-dialog-confirm').click();
  await expect(row).toHaveCount(0);
});
