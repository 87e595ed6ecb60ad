import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectLanguageCookie, hydrated, openConsoleNav, signInAt } from './helpers';

test('a member sees the app tiles as configured and ends a session on another device', async ({ page, browser }, info) => {
  // A second device first: another browser context signs Mads in.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto('/portal');
  await signInAt(phone, 'member');
  await phone.waitForURL((url) => url.pathname === '/portal');

  await page.goto('/portal');
  await signInAt(page, 'member');
  await page.waitForURL((url) => url.pathname === '/portal');
  await hydrated(page);
  // Files has a web address in this run; mail has none and says so.
  await expect(page.getByTestId('app-files')).toHaveAttribute('data-connected', 'true');
  await expect(page.getByTestId('app-mail')).toHaveAttribute('data-connected', 'false');

  const sessions = page.getByTestId('my-session');
  await expect(sessions.first()).toHaveAttribute('data-this', 'true');
  const before = await sessions.count();
  expect(before).toBeGreaterThanOrEqual(2);
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/portal-sessions-${info.project.name}.png`, fullPage: true });

  // End every other session: the other device is signed out of dezky.
  while ((await page.locator('[data-testid="my-session"][data-this="false"]').count()) > 0) {
    const n = await sessions.count();
    await page.locator('[data-testid="my-session"][data-this="false"]').first().getByTestId('end-session').click();
    await expect(sessions).toHaveCount(n - 1);
  }
  const res = await phone.request.post('/api/whoami', { headers: { origin: new URL(phone.url()).origin } });
  expect(await res.text()).toBe('null');
  await other.close();

  // Signing out here leaves the portal.
  await page.locator('[data-testid="my-session"][data-this="true"]').getByTestId('end-session').click();
  await page.waitForURL((url) => url.pathname !== '/portal');
});

test('the console switches language in place and the choice survives a reload', async ({ page, context }, info) => {
  await page.goto('/portal');
  await signInAt(page, 'member');
  await page.waitForURL((url) => url.pathname === '/portal');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await expect(page.getByTestId('sign-out')).toHaveText('Log ud');

  // In the top bar; on a phone, in the drawer.
  await openConsoleNav(page);
  await page.locator('[data-testid="lang-toggle"]:visible').click();
  // In place: the same page, now in English.
  await expect(page.getByTestId('sign-out')).toHaveText('Sign out');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(new URL(page.url()).pathname).toBe('/portal');
  await page.screenshot({ path: `screenshots/signed-in/console-language-${info.project.name}.png` });

  // The browser kept the choice, with the attributes the server gives it.
  await expectLanguageCookie(context, 'en');

  // A reload is rendered in English by the server, and back again.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('sign-out')).toHaveText('Sign out');
  await hydrated(page);
  await openConsoleNav(page);
  await page.locator('[data-testid="lang-toggle"]:visible').click();
  await expect(page.getByTestId('sign-out')).toHaveText('Log ud');
  await expectLanguageCookie(context, 'da');
});
