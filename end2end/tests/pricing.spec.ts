import { test, expect } from '@playwright/test';
import { hydrated, openConsoleNav, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

// Re-pricing changes what every later test reads: the test ends with the
// list price restored (and today's MRR with it).
test('the operator sees an edit\'s impact before applying it, and the catalog, history and MRR follow', async ({ page }, info) => {
  test.setTimeout(120_000);
  await page.goto('/operator/pricing');
  await signInAt(page, 'operator');
  await page.waitForURL((url) => url.pathname === '/operator/pricing');
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('nav-pricing')).toHaveAttribute('aria-current', 'page');
  await page.reload();
  await hydrated(page);

  const row = page.locator('[data-testid=price-row][data-plan=standard][data-currency=dkk]');
  await expect(row.getByTestId('price-amount')).toHaveText('49,00 kr');
  await expect(page.getByTestId('pricing-money-off')).toHaveCount(0);

  const amount = page.locator('#reprice-amount');
  const check = page.getByTestId('reprice-check');
  // Refusals by field, before anything is changed.
  await amount.fill('49 kr');
  await check.click();
  await expect(page.locator('#reprice-amount-error')).toContainText('59,00');
  await amount.fill('49');
  await check.click();
  await expect(page.locator('#reprice-amount-error')).toContainText('nuværende beløb');
  await expect(page.getByTestId('reprice-impact')).toHaveCount(0);

  // The impact first: the customers on the plan (the three seeded, 43 seats,
  // and any another test added), none with a live subscription yet; their
  // MRR at 49 kr now and at 59 kr after.
  await amount.fill('59,00');
  await check.click();
  const impact = page.getByTestId('reprice-impact');
  await expect(impact).toHaveAttribute('data-subscriptions', '0');
  expect(Number(await impact.getAttribute('data-customers'))).toBeGreaterThanOrEqual(3);
  const seats = Number(await impact.getAttribute('data-seats'));
  expect(seats).toBeGreaterThanOrEqual(43);
  await expect(impact).toHaveAttribute('data-mrr-before', String(seats * 4900));
  await expect(impact).toHaveAttribute('data-mrr-after', String(seats * 5900));
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/operator-pricing-${info.project.name}.png`, fullPage: true });

  // Applied: a new provider price (stripe-mock), the catalog and history follow.
  await page.getByTestId('reprice-apply').click();
  await expect(page.getByTestId('reprice-done')).toContainText('59,00 kr');
  await expect(row.getByTestId('price-amount')).toHaveText('59,00 kr');
  await expect(row).toContainText('price_');
  const latest = page.getByTestId('repricing').first();
  await expect(latest).toContainText('49,00 kr → 59,00 kr');
  await expect(latest).toHaveAttribute('data-pending', '0');
  // Today's MRR follows at once (the overview's card: the 43 seats of
  // today's snapshot at 59 kr; a customer added since is taken tomorrow).
  await page.goto('/operator');
  await hydrated(page);
  await expect(page.getByTestId('mrr-current')).toHaveAttribute('data-minor', String(43 * 5900));

  // Restored.
  await page.goto('/operator/pricing');
  await hydrated(page);
  await page.locator('#reprice-amount').fill('49');
  await page.getByTestId('reprice-check').click();
  await expect(page.getByTestId('reprice-impact')).toHaveAttribute('data-mrr-after', String(seats * 4900));
  await page.getByTestId('reprice-apply').click();
  await expect(row.getByTestId('price-amount')).toHaveText('49,00 kr');
  await page.goto('/operator');
  await hydrated(page);
  await expect(page.getByTestId('mrr-current')).toHaveAttribute('data-minor', String(43 * 4900));
});
