import { Page } from '@playwright/test';

// Waits until the wasm bundle has hydrated the page (an Effect sets the attribute;
// effects never run on the server).
export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

// Clicks the language toggle; on phones it lives in the hamburger menu.
export async function toggleLanguage(page: Page) {
  const menuButton = page.locator('#menu-button');
  if (await menuButton.isVisible()) {
    if ((await menuButton.getAttribute('aria-expanded')) !== 'true') await menuButton.click();
  }
  await page.locator('#site-menu').getByTestId('lang-toggle').click();
}
