import { test, expect, Page } from '@playwright/test';
import { hydrated, toggleLanguage } from './helpers';


function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

test('home page is server-rendered in Danish by default and hydrates without errors', async ({ page }) => {
  const errors = collectErrors(page);
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await expect(page.locator('h1')).toHaveText('Din digitale arbejdsplads. Data der bliver i EU.');
  await hydrated(page);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('the language toggle switches in place and the choice survives a reload', async ({ page, context }) => {
  await page.goto('/');
  await hydrated(page);
  await toggleLanguage(page);
  // In place: no navigation happened, the text changed.
  await expect(page.locator('h1')).toHaveText('Your digital workplace. Data that stays in the EU.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const cookie = (await context.cookies()).find((c) => c.name === 'dezky-lang');
  expect(cookie?.value).toBe('en');
  expect(cookie?.sameSite).toBe('Lax');
  expect(cookie?.path).toBe('/');
  const days = ((cookie?.expires ?? 0) - Date.now() / 1000) / 86400;
  expect(days).toBeGreaterThan(360);
  expect(days).toBeLessThan(370);

  // The server renders English in the first byte: check the raw HTML, not the DOM.
  const raw = await page.request.get('/', { headers: { cookie: 'dezky-lang=en' } });
  const html = await raw.text();
  expect(html).toContain('<html lang="en"');
  expect(html).toContain('Your digital workplace. Data that stays in the EU.');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Your digital workplace. Data that stays in the EU.');
  await hydrated(page);
  await toggleLanguage(page);
  await expect(page.locator('h1')).toHaveText('Din digitale arbejdsplads. Data der bliver i EU.');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
});

test('an unknown path answers 404 with the not-found page', async ({ page }) => {
  const response = await page.goto('/this-page-does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test('the CSP nonce lets the hydration script run and nothing else', async ({ page }) => {
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  const html = await response!.text();
  expect(html).toContain(`nonce="${nonce}"`);
  await hydrated(page);
});
