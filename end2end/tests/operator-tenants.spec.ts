import { test, expect } from '@playwright/test';
import { hydrated, openConsoleNav, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

test('the operator finds a tenant, reads its tabs, suspends it (asked first) and resumes it', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/operator/tenants');
  await signInAt(page, 'operator');
  await page.waitForURL((url) => url.pathname === '/operator/tenants');
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('nav-tenants')).toHaveAttribute('aria-current', 'page');
  // (On a phone the menu covers the page: start again with it closed.)
  await page.reload();
  await hydrated(page);

  // Search and the status filter.
  await page.getByTestId('tenant-search').fill('bager');
  await page.getByTestId('tenant-search-submit').click();
  const rows = page.getByTestId('operator-tenant');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-tenant', 'bager-hansen');
  await page.locator('[data-testid="tenant-status-filter"] [data-chip="suspended"]').click();
  await expect(page.getByTestId('tenants-none')).toBeVisible();
  await page.locator('[data-testid="tenant-status-filter"] [data-chip="all"]').click();
  await expect(rows).toHaveCount(1);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/operator-tenants-${info.project.name}.png`, fullPage: true });

  // The detail, in tabs.
  await rows.first().getByTestId('tenant-open').click();
  await page.waitForURL((url) => url.pathname === '/operator/tenants/bager-hansen');
  await hydrated(page);
  const detail = page.getByTestId('tenant-detail');
  await expect(detail).toHaveAttribute('data-status', 'active');
  await expect(page.getByTestId('tenant-overview')).toBeVisible();
  await page.getByTestId('tab-users').click();
  // (Bager Hansen has nobody yet; Fjord's people are in the sign-in sweep.)
  await expect(page.getByTestId('tenant-members-none')).toBeVisible();
  await page.getByTestId('tab-billing').click();
  await expect(page.getByTestId('tenant-billing')).toBeVisible();

  // Suspend, asked first; Cancel changes nothing.
  await page.getByTestId('tenant-suspend').click();
  await page.getByTestId('tenant-suspend-dialog-cancel').click();
  await expect(detail).toHaveAttribute('data-status', 'active');
  await page.getByTestId('tenant-suspend').click();
  await page.getByTestId('tenant-suspend-dialog-confirm').click();
  await expect(detail).toHaveAttribute('data-status', 'suspended');
  await expect(page.getByTestId('tenant-cascade')).toBeVisible();
  await page.getByTestId('tab-audit').click();
  await expect(page.getByTestId('tenant-tabpanel')).toContainText('tenant.suspended');
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/operator-tenant-suspended-${info.project.name}.png`, fullPage: true });

  // Resume.
  await page.getByTestId('tenant-resume').click();
  await expect(detail).toHaveAttribute('data-status', 'active');

  // Delete: the slug typed again confirms; restorable until the purge.
  await page.getByTestId('tenant-delete-open').click();
  await page.locator('#tenant-delete-confirm').fill('bager');
  await expect(page.getByTestId('tenant-delete-confirm')).toBeDisabled();
  await page.locator('#tenant-delete-confirm').fill('bager-hansen');
  await page.getByTestId('tenant-delete-confirm').click();
  await expect(detail).toHaveAttribute('data-status', 'deleted');
  await expect(page.getByTestId('tenant-purge-after')).toBeVisible();
  await noSidewaysScrollAndAxeClean(page);
  await page.getByTestId('tenant-restore').click();
  await expect(detail).toHaveAttribute('data-status', 'active');
});
