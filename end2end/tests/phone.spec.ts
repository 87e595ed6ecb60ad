import { test, expect } from '@playwright/test';

test('at 390 px the page does not scroll sideways and the hamburger menu works after hydration', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone', 'phone layout only');
  await page.goto('/');
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  const menu = page.locator('#site-menu');
  await expect(menu).toBeHidden();
  const button = page.locator('#menu-button');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('lang-toggle')).toBeVisible();
  await expect(menu.getByTestId('nav-demo')).toBeVisible();
  await expect(menu.getByTestId('nav-login')).toBeVisible();
  await expect(menu.getByTestId('nav-login')).toHaveAttribute('href', '/sign-in');
  await expect(menu.getByRole('link', { name: 'Partnere' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Om os' })).toBeVisible();
  // A link in the menu navigates and closes the menu.
  await menu.getByRole('link', { name: 'Om os' }).click();
  await expect(page).toHaveURL(/\/about$/);
  await expect(menu).toBeHidden();
  await page.screenshot({ path: `screenshots/home-${info.project.name}.png`, fullPage: true });
});

test('desktop screenshot', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'desktop layout only');
  await page.goto('/');
  await expect(page.locator('#menu-button')).toBeHidden();
  await expect(page.locator('#site-menu')).toBeVisible();
  await page.screenshot({ path: `screenshots/home-${info.project.name}.png`, fullPage: true });
});
