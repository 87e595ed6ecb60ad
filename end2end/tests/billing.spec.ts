import { test, expect } from '@playwright/test';
import { hydrated, openConsoleNav, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

test('a customer admin reads plan, price and invoices, and edits billing details checked by the EU VAT format', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/admin/billing');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin/billing');
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('nav-billing')).toHaveAttribute('aria-current', 'page');
  await page.reload();
  await hydrated(page);

  // The plan at the catalog's price: 14 seats at 49 kr.
  await expect(page.getByTestId('billing-plan-name')).toHaveText('standard');
  await expect(page.getByTestId('billing-per-seat')).toHaveText('49,00 kr');
  await expect(page.getByTestId('billing-monthly')).toHaveText('686,00 kr');
  await expect(page.getByTestId('billing-seats')).toContainText('/ 14');
  // Payments are connected (stripe-mock). Before the card page made a
  // customer there are no invoices; after, stripe-mock's own invoice, each
  // with its status.
  await expect(page.getByTestId('billing-not-connected')).toHaveCount(0);
  const invoices = page.getByTestId('invoice');
  if ((await invoices.count()) === 0) {
    await expect(page.getByTestId('invoices-card')).toContainText('Ingen fakturaer endnu');
  } else {
    await expect(invoices.first()).toHaveAttribute('data-status', /^(paid|open|draft|void|uncollectible)$/);
  }

  // A VAT number of the wrong shape, and one of another country, are named
  // before anything is sent.
  const vat = page.locator('#billing-vat');
  await vat.fill('1234');
  await page.getByTestId('billing-details-save').click();
  await expect(page.getByTestId('billing-vat-error')).toContainText('DK og 8 cifre');
  await vat.fill('DE123456789');
  await page.getByTestId('billing-details-save').click();
  await expect(page.getByTestId('billing-vat-error')).toContainText('andet EU-land');
  await page.locator('#billing-email').fill('faktura');
  await vat.fill('dk 12 34 56 78');
  await page.getByTestId('billing-details-save').click();
  await expect(page.getByTestId('billing-email-error')).toBeVisible();
  await page.locator('#billing-email').fill('faktura@fjord-tandklinik.example');
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/admin-billing-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('billing-details-save').click();
  await expect(page.getByTestId('billing-details-saved')).toBeVisible();
  // Shown as stored.
  await expect(vat).toHaveValue('DK12345678');
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#billing-vat')).toHaveValue('DK12345678');

  // Back as seeded.
  await page.locator('#billing-vat').fill('');
  await page.getByTestId('billing-details-save').click();
  await expect(page.getByTestId('billing-details-saved')).toBeVisible();
});

test('the operator generates the month\'s payouts and marks one paid; the partner sees its own', async ({ browser }, info) => {
  test.setTimeout(90_000);
  const context = () => browser.newContext({ viewport: info.project.use.viewport ?? undefined });
  const operator = await (await context()).newPage();
  await operator.goto('/operator/billing');
  await signInAt(operator, 'operator');
  await operator.waitForURL((url) => url.pathname === '/operator/billing');
  await hydrated(operator);
  const ledger = operator.getByTestId('payout-ledger');
  await expect(ledger).toHaveAttribute('data-month', /^\d{4}-\d{2}$/);
  await operator.getByTestId('payouts-generate').click();
  // Nordlys IT: its customers' 14 + 6 seats at 49 kr on the start-up
  // snapshot, at its contracted 30 %.
  const nordlys = operator.getByTestId('payout').filter({ hasText: 'Nordlys IT' });
  await expect(nordlys).toHaveAttribute('data-payout', String(20 * 4900 * 0.3));
  if ((await nordlys.getAttribute('data-status')) === 'pending') {
    await nordlys.getByTestId('payout-mark-paid').click();
    await operator.getByTestId('payout-paid-dialog-confirm').click();
  }
  await expect(nordlys).toHaveAttribute('data-status', 'paid');
  // Generating again leaves a paid row as it is.
  await operator.getByTestId('payouts-generate').click();
  await expect(nordlys).toHaveAttribute('data-status', 'paid');
  // A month without a snapshot says so.
  await operator.getByTestId('payout-month').fill('2001-01');
  await operator.getByTestId('payout-month').dispatchEvent('change');
  await expect(ledger).toHaveAttribute('data-month', '2001-01');
  await operator.getByTestId('payouts-generate').click();
  await expect(operator.getByTestId('payouts-no-snapshot')).toBeVisible();
  await noSidewaysScrollAndAxeClean(operator);

  const partner = await (await context()).newPage();
  await partner.goto('/partner/billing');
  await signInAt(partner, 'partner');
  await partner.waitForURL((url) => url.pathname === '/partner/billing');
  await hydrated(partner);
  const rows = partner.getByTestId('payout');
  await expect(rows.first()).toBeVisible();
  // Its own rows only.
  expect(await rows.filter({ hasNotText: 'Nordlys IT' }).count()).toBe(0);
  await expect(rows.first()).toHaveAttribute('data-status', 'paid');
  await noSidewaysScrollAndAxeClean(partner);
  await partner.screenshot({ path: `screenshots/signed-in/partner-billing-${info.project.name}.png`, fullPage: true });
});

test('the card is added on its own page, the only one whose policy lets Stripe.js in, and a Stripe that cannot be reached is said so', async ({ page }, info) => {
  test.setTimeout(90_000);
  // Stripe.js is on the internet; these machines have none. Refused at once
  // so the page's failure path is what is seen, whatever the network does.
  await page.route('https://js.stripe.com/**', (route) => route.abort());
  const billing = await page.goto('/admin/billing');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin/billing');
  await hydrated(page);
  const strict = await page.reload();
  await hydrated(page);
  expect(strict?.headers()['content-security-policy']).not.toContain('stripe');
  expect(billing).not.toBeNull();
  const payment = page.getByTestId('payment-method');
  await expect(payment.getByTestId('no-card')).toBeVisible();
  await expect(payment.getByTestId('card-add')).toHaveText('Tilføj kort');

  // A full page load: the card page's own policy applies.
  const [card] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/billing/card' && r.request().resourceType() === 'document'),
    payment.getByTestId('card-add').click(),
  ]);
  const csp = card.headers()['content-security-policy'];
  expect(csp).toContain('script-src \'self\' \'wasm-unsafe-eval\' \'nonce-');
  expect(csp).toContain('https://js.stripe.com');
  expect(csp).toContain('frame-src https://js.stripe.com https://hooks.stripe.com');
  await hydrated(page);
  await expect(page.getByTestId('card-page')).toContainText('Stripes eget sikre felt');
  // The SetupIntent was made (stripe-mock); Stripe.js could not be loaded.
  await expect(page.locator('#card-status')).toContainText('Stripes kortformular kunne ikke hentes');
  await expect(page.getByTestId('card-save')).toBeDisabled();
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/admin-card-${info.project.name}.png`, fullPage: true });
});
