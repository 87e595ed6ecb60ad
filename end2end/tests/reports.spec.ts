import { test, expect } from '@playwright/test';
import { hydrated, openConsoleNav, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

test('the operator reads revenue and reports from the snapshot, every figure with its day', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/operator/billing');
  await signInAt(page, 'operator');
  await page.waitForURL((url) => url.pathname === '/operator/billing');
  await hydrated(page);
  // 43 seats at 49 kr on the start-up snapshot; its day is named.
  await expect(page.getByTestId('summary-mrr')).toHaveText('2.107,00 kr');
  await expect(page.getByTestId('summary-arr')).toHaveText('25.284,00 kr');
  await expect(page.getByTestId('summary-seats')).toHaveText('43');
  await expect(page.getByTestId('summary-as-of')).toContainText('Tal fra øjebliksbilledet den');
  await expect(page.getByTestId('all-invoices')).toBeVisible();

  await page.goto('/operator/reports');
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('nav-reports')).toHaveAttribute('aria-current', 'page');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('reports-as-of')).toContainText('Tal fra øjebliksbilledet den');
  await expect(page.getByTestId('mrr-current')).toHaveAttribute('data-minor', String(43 * 4900));
  await expect(page.locator('[data-testid=by-plan] [data-testid=bar]').first()).toHaveAttribute('data-value', String(43 * 4900));
  await expect(page.getByTestId('top-tenant').first()).toHaveAttribute('data-slug', 'ravn-arkitekter');
  await expect(page.getByTestId('cohort')).toHaveCount(12);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/operator-reports-${info.project.name}.png`, fullPage: true });
});

test('a partner reads its own reports and saves, reads and deletes a custom report', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/partner/reports');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner/reports');
  await hydrated(page);
  // Nordlys IT's own two customers: 20 seats.
  await expect(page.locator('[data-testid=by-plan] [data-testid=bar]').first()).toHaveAttribute('data-value', String(20 * 4900));
  await expect(page.getByTestId('top-tenant')).toHaveCount(2);
  const health = page.locator('[data-testid=health-bars] [data-testid=bar]');
  await expect(health.first()).toBeVisible();

  // A name is required, before anything is sent.
  await page.getByTestId('report-save').click();
  await expect(page.locator('#report-name-error')).toBeVisible();
  await page.locator('#report-name').fill('Brugere pr. plan');
  await page.locator('#report-metric').selectOption('seats');
  await page.locator('#report-group').selectOption('plan');
  await page.getByTestId('report-save').click();
  const report = page.locator('[data-testid=saved-report][data-name="Brugere pr. plan"]');
  // Its live customers' seats: the seeded 14 + 6, and any customer another
  // test added through the wizard since.
  const seats = Number(await report.getByTestId('bar').getAttribute('data-value'));
  expect(seats).toBeGreaterThanOrEqual(20);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-reports-${info.project.name}.png`, fullPage: true });
  // Kept across a reload, then deleted (asked first).
  await page.reload();
  await hydrated(page);
  await report.getByTestId('saved-report-delete').click();
  await page.getByTestId('report-delete-dialog-confirm').click();
  await expect(report).toHaveCount(0);

  // Its billing page lists its customers' invoices.
  await page.goto('/partner/billing');
  await hydrated(page);
  await expect(page.getByTestId('partner-invoices')).toBeVisible();
});
