import { test, expect } from '@playwright/test';
import { collectErrors, expectLanguageCookie, hydrated, toggleLanguage } from './helpers';


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

  await expectLanguageCookie(context, 'en');

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

test('a public page served from memory carries a fresh nonce per response, in each language', async ({ request }) => {
  // Rendered once per language, then copied with a new nonce: each response's
  // body names exactly the nonce of its own CSP header, and no other.
  const answers = [];
  for (const encoding of ['identity', 'gzip, br', 'identity', 'gzip']) {
    const res = await request.get('/partners', { headers: { 'accept-encoding': encoding } });
    expect(res.status()).toBe(200);
    const csp = res.headers()['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
    expect(nonce, csp).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const html = await res.text();
    const named = new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
    expect([...named]).toEqual([nonce]);
    answers.push({ nonce, html });
  }
  expect(new Set(answers.map((a) => a.nonce)).size).toBe(answers.length);
  // The same page otherwise, byte for byte.
  const bare = answers.map((a) => a.html.replaceAll(a.nonce, 'N'));
  expect(new Set(bare).size).toBe(1);
  expect(bare[0]).toContain('<html lang="da"');

  // The other language's bytes, by cookie and by ?lang=, each with its own nonce.
  const byCookie = await request.get('/partners', { headers: { cookie: 'dezky-lang=en' } });
  const byQuery = await request.get('/partners?lang=en');
  const en = [];
  for (const res of [byCookie, byQuery]) {
    const nonce = /'nonce-([^']+)'/.exec(res.headers()['content-security-policy'] ?? '')?.[1] ?? '';
    const html = await res.text();
    expect(html).toContain(`nonce="${nonce}"`);
    en.push(html.replaceAll(nonce, 'N'));
  }
  expect(en[0]).toContain('<html lang="en"');
  expect(en[0]).toBe(en[1]);
  expect(en[0]).not.toBe(bare[0]);
});
