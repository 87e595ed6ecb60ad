import { test, expect } from '@playwright/test';
import { hydrated, openConsoleNav, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

test('a partner asks for access, the customer approves, the partner works inside under the banner and exits', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const domain = `partner-${info.project.name}.example`;
  // The partner, in this browser.
  await page.goto('/partner');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner');
  await hydrated(page);
  const fjord = page.locator('[data-testid="partner-tenant"][data-tenant="fjord-tandklinik"]');
  const cell = fjord.getByTestId('access-cell');
  await expect(cell).toHaveAttribute('data-state', 'none');

  // Without a grant the customer's pages refuse the partner.
  // (The request: a reason is required.)
  await fjord.getByTestId('partner-request').click();
  const form = page.getByTestId('request-access');
  await expect(form).toBeVisible();
  await page.getByTestId('request-access-submit').click();
  await expect(page.getByTestId('access-reason-error')).toBeVisible();
  await page.locator('#access-reason').fill('Opsætning af et nyt maildomæne');
  await page.locator('#access-scope').selectOption('admin');
  await page.locator('#access-hours').selectOption('1');
  await page.getByTestId('request-access-submit').click();
  await expect(cell).toHaveAttribute('data-state', 'pending');

  // The customer's admin, in another browser, sees the request and approves.
  const customer = await browser.newContext({ viewport: page.viewportSize() });
  const admin = await customer.newPage();
  await admin.goto('/admin/partner-access');
  await signInAt(admin, 'admin');
  await admin.waitForURL((url) => url.pathname === '/admin/partner-access');
  await hydrated(admin);
  await expect(admin.getByTestId('nav-partner-access').getByTestId('nav-badge')).toHaveText('1');
  const grant = admin.getByTestId('grant').and(admin.locator('[data-state="pending"]'));
  await expect(grant).toHaveCount(1);
  await expect(grant).toContainText('Opsætning af et nyt maildomæne');
  await grant.getByTestId('grant-approve').click();
  const active = admin.getByTestId('grant').and(admin.locator('[data-state="active"]'));
  await expect(active).toHaveCount(1);
  await noSidewaysScrollAndAxeClean(admin);
  await admin.screenshot({ path: `screenshots/signed-in/admin-partner-access-${info.project.name}.png`, fullPage: true });

  // The partner enters: the banner, the customer's admin links.
  await page.reload();
  await hydrated(page);
  await expect(cell).toHaveAttribute('data-state', 'active');
  await cell.getByTestId('partner-enter').click();
  await page.waitForURL((url) => url.pathname === '/admin' && url.searchParams.get('tenant') === 'fjord-tandklinik');
  const banner = page.getByTestId('partner-banner');
  await expect(banner).toHaveAttribute('data-tenant', 'fjord-tandklinik');
  await expect(page.getByTestId('workspace-name')).toHaveText('Fjord Tandklinik');
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('nav-partner-access')).toHaveCount(0);
  await page.getByTestId('nav-domains').click();
  await page.waitForURL((url) => url.pathname === '/admin/domains' && url.searchParams.get('tenant') === 'fjord-tandklinik');
  await expect(banner).toBeVisible();
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-inside-${info.project.name}.png`, fullPage: true });

  // It acts on the customer's behalf: a domain added and removed.
  await hydrated(page);
  await page.getByTestId('add-domain-open').click();
  await page.locator('#domain-name').fill(domain);
  await page.getByTestId('add-domain-submit').click();
  const detail = page.getByTestId('domain-detail');
  await expect(detail).toHaveAttribute('data-name', domain);
  await page.getByTestId('domain-remove').click();
  await page.getByTestId('domain-remove-dialog-confirm').click();
  await expect(detail).toHaveCount(0);

  // The customer sees the partner inside now, and what it did.
  await admin.reload();
  await expect(admin.getByTestId('inside-now')).toBeVisible();
  const did = (action: string) =>
    admin.getByTestId('access-event').and(admin.locator(`[data-action="${action}"]`)).filter({ hasText: domain });
  await expect(did('domain.added')).toHaveCount(1);
  await expect(did('domain.removed')).toHaveCount(1);

  // Exit, then end the access: the customer's pages refuse again.
  await page.getByTestId('partner-exit').click();
  await page.waitForURL((url) => url.pathname === '/partner');
  await hydrated(page);
  await cell.getByTestId('partner-end').click();
  await expect(cell).toHaveAttribute('data-state', 'none');
  await page.goto('/admin/domains?tenant=fjord-tandklinik');
  await expect(page.getByTestId('error-notice')).toHaveAttribute('data-error', 'forbidden');
  await expect(page.getByTestId('partner-banner')).toHaveCount(0);
  await customer.close();
});
