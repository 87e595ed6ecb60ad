import { test, expect, Page } from '@playwright/test';
import { hydrated, toggleLanguage } from './helpers';


// Stop the browser from leaving for the mail app; the composed URL is also shown
// as a link, which is what we assert on.
async function blockMailto(page: Page) {
  await page.addInitScript(() => {
    window.addEventListener('beforeunload', (e) => e.preventDefault());
  });
}

test('become-a-partner: per-field errors, nothing typed is lost, then a prefilled mailto', async ({ page }) => {
  await blockMailto(page);
  await page.goto('/#become-partner');
  await hydrated(page);
  const form = page.getByTestId('partner-form');
  await form.locator('#bp-name').fill('Anna Holm');
  await form.locator('#bp-email').fill('anna@');
  await form.locator('#bp-website').fill('not a site');
  await form.getByRole('button').click();
  await expect(form.getByTestId('bp-company-error')).toHaveText('Udfyld feltet.');
  await expect(form.getByTestId('bp-email-error')).toHaveText(/gyldig mailadresse/);
  await expect(form.getByTestId('bp-website-error')).toBeVisible();
  await expect(form.getByTestId('bp-type-error')).toHaveText('Vælg en mulighed.');
  await expect(form.getByTestId('bp-name-error')).toHaveCount(0);
  await expect(form.locator('#bp-name')).toHaveValue('Anna Holm');
  await expect(form.locator('#bp-company')).toBeFocused();

  await form.locator('#bp-company').fill('Nordlys IT');
  await form.locator('#bp-email').fill('anna@nordlys.dk');
  await form.locator('#bp-website').fill('nordlys.dk');
  await form.locator('#bp-type').selectOption('whitelabel');
  await form.locator('#bp-message').fill('Vi vil gerne høre mere & snart.');
  await form.getByRole('button').click();
  const link = page.getByTestId('partner-mailto');
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  const url = new URL(href!);
  expect(url.protocol).toBe('mailto:');
  expect(url.pathname).toBe('info@dezky.eu');
  expect(url.searchParams.get('subject')).toBe('Partneransøgning: Nordlys IT');
  const body = url.searchParams.get('body')!;
  expect(body).toContain('Navn: Anna Holm');
  expect(body).toContain('Arbejdsmail: anna@nordlys.dk');
  expect(body).toContain('Partnerskabstype: White-label');
  expect(body).toContain('Besked: Vi vil gerne høre mere & snart.');
});

test('demo form: errors in English after toggling, then a prefilled mailto', async ({ page }) => {
  await blockMailto(page);
  await page.goto('/demo');
  await hydrated(page);
  await toggleLanguage(page);
  const form = page.getByTestId('demo-form');
  await form.getByRole('button').click();
  await expect(form.getByTestId('demo-name-error')).toHaveText('Fill in this field.');
  await expect(form.getByTestId('demo-size-error')).toHaveText('Choose an option.');
  await form.locator('#demo-name').fill('Jonas Brandt');
  await form.locator('#demo-company').fill('Brandt Rådgivning');
  await form.locator('#demo-email').fill('jonas@brandt.dk');
  await form.locator('#demo-size').selectOption('11-50');
  await form.locator('#demo-time').selectOption('morning');
  await form.getByRole('button').click();
  const href = await page.getByTestId('demo-mailto').getAttribute('href');
  const url = new URL(href!);
  expect(url.searchParams.get('subject')).toBe('Demo booking: Brandt Rådgivning');
  expect(url.searchParams.get('body')).toContain('Number of employees: 11–50');
  expect(url.searchParams.get('body')).toContain('Preferred time: Morning');
});

test('calculator: server-rendered default, updates as you type without a server round trip', async ({ page }) => {
  const res = await page.goto('/partners');
  const html = await res!.text();
  expect(html).toContain('14.945,00 kr');
  await hydrated(page);
  await expect(page.getByTestId('calc-monthly')).toHaveText('14.945,00 kr');
  await expect(page.getByTestId('calc-annual')).toHaveText('179.340,00 kr');
  await expect(page.getByTestId('calc-effective')).toHaveText('25,4 %');

  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const input = page.locator('#calc-seats');
  await input.fill('501');
  await expect(page.getByTestId('calc-monthly')).toHaveText('3.689,70 kr');
  await expect(page.getByTestId('calc-line')).toHaveCount(3);
  await expect(page.getByTestId('calc-line').nth(1)).toContainText('1');
  await input.fill('-3');
  await expect(page.getByTestId('calc-error')).toHaveText('Antallet kan ikke være negativt.');
  await expect(page.getByTestId('calc-monthly')).toHaveText('3.689,70 kr');
  await input.fill('abc');
  await expect(page.getByTestId('calc-error')).toHaveText(/helt tal/);
  await input.fill('99999999');
  await expect(page.getByTestId('calc-error')).toContainText('1.000.000');
  await input.fill('1001');
  await expect(page.getByTestId('calc-error')).toHaveCount(0);
  await expect(page.getByTestId('calc-monthly')).toHaveText('11.044,60 kr');
  expect(requests, 'no network while calculating').toEqual([]);

  await toggleLanguage(page);
  await expect(page.getByTestId('calc-monthly')).toHaveText('DKK 11,044.60');
  // Tier cards read the same brackets.
  await expect(page.getByTestId('tier-range')).toHaveText(['1–500 users', '501–1,000 users', '1,001 users and up']);
});

test('without JavaScript the demo form is checked by the server, keeps what was typed, then composes the mailto', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/demo');
  const form = page.getByTestId('demo-form');
  await form.locator('#demo-name').fill('Jonas Brandt');
  await form.locator('#demo-email').fill('jonas@');
  await form.locator('#demo-size').selectOption('11-50');
  await form.locator('#demo-message').fill('Hej </textarea><b>der</b> & farvel');
  await form.getByRole('button').click();
  // Posted to its page; the server answers with the page and the form checked.
  await expect(page).toHaveURL(/\/demo#demo-form$/);
  await expect(form.getByTestId('demo-company-error')).toHaveText('Udfyld feltet.');
  await expect(form.getByTestId('demo-email-error')).toHaveText(/gyldig mailadresse/);
  await expect(form.getByTestId('demo-time-error')).toHaveText('Vælg en mulighed.');
  await expect(form.getByTestId('demo-name-error')).toHaveCount(0);
  await expect(form.locator('#demo-name')).toHaveValue('Jonas Brandt');
  await expect(form.locator('#demo-email')).toHaveValue('jonas@');
  await expect(form.locator('#demo-size')).toHaveValue('11-50');
  await expect(form.locator('#demo-message')).toHaveValue('Hej </textarea><b>der</b> & farvel');
  await expect(form.locator('b')).toHaveCount(0);

  await form.locator('#demo-company').fill('Brandt Rådgivning');
  await form.locator('#demo-email').fill('jonas@brandt.dk');
  await form.locator('#demo-time').selectOption('morning');
  await form.getByRole('button').click();
  const href = await page.getByTestId('demo-mailto').getAttribute('href');
  const url = new URL(href!);
  expect(url.pathname).toBe('info@dezky.eu');
  expect(url.searchParams.get('subject')).toContain('Brandt Rådgivning');
  expect(url.searchParams.get('body')).toContain('Navn: Jonas Brandt');
  expect(url.searchParams.get('body')).toContain('Hej </textarea><b>der</b> & farvel');
  await context.close();
});

test('the calculator keeps the typed seats across a language switch', async ({ page }) => {
  await page.goto('/partners');
  await hydrated(page);
  await page.locator('#calc-seats').fill('501');
  await expect(page.getByTestId('calc-monthly')).toHaveText('3.689,70 kr');
  await toggleLanguage(page);
  await expect(page.locator('#calc-seats')).toHaveValue('501');
  await expect(page.getByTestId('calc-monthly')).toHaveText('DKK 3,689.70');
  await expect(page.getByTestId('calc-line').nth(2)).toContainText('1,001 and up');
  await page.locator('#calc-seats').fill('');
  await expect(page.getByTestId('calc-error')).toBeVisible();
  await expect(page.getByTestId('calc-monthly')).toHaveText('DKK 3,689.70');
});
