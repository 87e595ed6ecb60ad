import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { collectErrors, hydrated, signInAt } from './helpers';

test('a tenant admin lands on the dashboard: seats, files storage per person, attention, recent events', async ({ page, browser }, info) => {
  // A member tries the admin area first: refused, and the refusal is the
  // tenant's newest event.
  const other = await browser.newContext();
  const member = await other.newPage();
  await member.goto('/portal');
  await signInAt(member, 'member');
  await member.waitForURL((url) => url.pathname === '/portal');
  await member.goto('/admin?tenant=fjord-tandklinik');
  await expect(member.getByTestId('error-notice')).toHaveAttribute('data-error', 'forbidden');
  await other.close();

  await page.goto('/admin');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin');
  await hydrated(page);
  const dash = page.getByTestId('dashboard');
  await expect(dash).toHaveAttribute('data-tenant', 'fjord-tandklinik');
  // Seats: the members (people.spec.ts may have added some) of 14 bought.
  await expect(page.getByTestId('dashboard-seats')).toHaveText(/^\d+ \/ 14$/);
  // The files stand-in runs: storage is read per person; the seeded admin
  // was never given a files account, and the page says so.
  const astrid = page.locator('[data-testid="storage-person"][data-email="astrid@fjord-tandklinik.example"]');
  await expect(astrid).toContainText(/ingen filkonto|no files account/);
  await expect(page.getByTestId('storage-not-connected')).toHaveCount(0);
  await expect(page.getByTestId('dashboard-attention')).toBeVisible();
  await expect(page.getByTestId('dashboard-recent')).toBeVisible();
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/admin-dashboard-${info.project.name}.png`, fullPage: true });
  // Recent events: the tenant's newest (this sign-in among them, at most
  // five), each opening the tenant's audit list searched for its action,
  // where the event is in full.
  const recent = page.getByTestId('dashboard-recent').getByTestId('recent-event');
  await expect(recent.first()).toBeVisible();
  expect(await recent.count()).toBeLessThanOrEqual(5);
  await expect(page.getByTestId('dashboard-recent').locator('[data-action="tenant.access_denied"]').first()).toContainText('mads@');
  const action = (await recent.first().getAttribute('data-action')) ?? '';
  await recent.first().getByRole('link').click();
  await page.waitForURL(
    (url) => url.pathname === '/admin/audit' && url.searchParams.get('tenant') === 'fjord-tandklinik' && url.searchParams.get('q') === action,
  );
  await expect(page.getByTestId('audit-search')).toHaveValue(action);
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-action', action);
});

test('an unknown path inside a signed-in face answers 404 with the website\'s page, which hydrates', async ({ page }) => {
  await page.goto('/admin');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin');
  const errors = collectErrors(page);
  // The catch-all route and the website's frame are lazy chunks of their own.
  const response = await page.goto('/admin/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await hydrated(page);
  expect(errors.filter((e) => !e.includes('404')), errors.join('\n')).toEqual([]);
});
