import { BrowserContext, Page, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// Waits until the wasm bundle has hydrated the page (an Effect sets the attribute;
// effects never run on the server).
export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

// Console errors and uncaught exceptions of the page from now on.
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

// The `dezky-lang` cookie holds `lang` for 12 months, `SameSite=Lax`, `Path=/`.
export async function expectLanguageCookie(context: BrowserContext, lang: string) {
  const cookie = (await context.cookies()).find((c) => c.name === 'dezky-lang');
  expect(cookie?.value).toBe(lang);
  expect(cookie?.sameSite).toBe('Lax');
  expect(cookie?.path).toBe('/');
  const days = ((cookie?.expires ?? 0) - Date.now() / 1000) / 86400;
  expect(days).toBeGreaterThan(360);
  expect(days).toBeLessThan(370);
}

// Clicks the language toggle; on phones it lives in the hamburger menu.
export async function toggleLanguage(page: Page) {
  const menuButton = page.locator('#menu-button');
  if (await menuButton.isVisible()) {
    if ((await menuButton.getAttribute('aria-expanded')) !== 'true') await menuButton.click();
  }
  await page.locator('#site-menu').getByTestId('lang-toggle').click();
}

// On phones the signed-in sidebar is a drawer behind the menu button: open it
// (after hydration) so its links can be used. On wider screens it is always open.
export async function openConsoleNav(page: Page) {
  const menu = page.getByTestId('console-menu');
  if (await menu.isVisible()) {
    await hydrated(page);
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
  }
}

// maildev's JSON API (playwright.config.ts starts it; scripts/test.sh picks the port).
export const mailWebPort = Number(
  process.env.DEZKY_E2E_MAIL_WEB_PORT ?? Number(process.env.DEZKY_E2E_PORT ?? 3100) + 5,
);

// stripe-mock, the billing stand-in (a test pauses it to show an outage).
export const stripePort = Number(
  process.env.DEZKY_E2E_STRIPE_PORT ?? Number(process.env.DEZKY_E2E_PORT ?? 3100) + 6,
);

// The Stalwart stand-in (JMAP management): tests add what a mail admin would.
export const stalwartPort = Number(
  process.env.DEZKY_E2E_STALWART_PORT ?? Number(process.env.DEZKY_E2E_PORT ?? 3100) + 7,
);

// Signs in at the development provider's login form (any password is accepted).
export async function signInAt(page: Page, account: string) {
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('demo');
  await page.locator('button[type="submit"]').click();
}

// No sideways scroll at this viewport, and no serious or critical axe-core
// violation.
export async function noSidewaysScrollAndAxeClean(page: Page) {
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => v.id)).toEqual([]);
}
