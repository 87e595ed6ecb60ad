import { test, expect } from '@playwright/test';
import { hydrated, mailWebPort, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

test('a partner creates a customer through the wizard and lands inside it', async ({ page }, info) => {
  test.setTimeout(120_000);
  const p = info.project.name;
  await page.goto('/partner');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner');
  await hydrated(page);
  await page.getByTestId('new-customer-open').click();
  await page.waitForURL((url) => url.pathname === '/partner/customers/new');
  await hydrated(page);
  const wizard = page.getByTestId('new-customer');
  const status = page.getByTestId('slug-status');

  // Step 1: the slug follows the name, and is checked as it changes.
  await page.locator('#customer-name').fill(`Fjeld Revision ${p}`);
  await expect(page.locator('#customer-slug')).toHaveValue(`fjeld-revision-${p}`);
  await expect(status).toHaveAttribute('data-state', 'available');
  await page.locator('#customer-slug').fill('fjord-tandklinik');
  await expect(status).toHaveAttribute('data-state', 'taken');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('customer-slug-error')).toBeVisible();
  await expect(wizard).toHaveAttribute('data-step', 'workspace');
  await page.locator('#customer-slug').fill('Fjeld');
  await expect(status).toHaveAttribute('data-state', 'invalid');
  const slug = `fjeld-${p}`;
  await page.locator('#customer-slug').fill(slug);
  await expect(status).toHaveAttribute('data-state', 'available');
  // Edited by hand: the name no longer moves it.
  await page.locator('#customer-name').fill(`Fjeld Revision ApS ${p}`);
  await expect(page.locator('#customer-slug')).toHaveValue(slug);
  await page.getByTestId('wizard-next').click();

  // Step 2: plan and seats.
  await expect(wizard).toHaveAttribute('data-step', 'plan');
  await page.locator('#customer-seats').fill('0');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('customer-seats-error')).toBeVisible();
  await page.locator('#customer-seats').fill('8');
  await expect(page.getByTestId('customer-monthly')).toContainText('392');
  await page.getByTestId('wizard-next').click();

  // Step 3: an optional mail domain; back and forth keeps what was typed.
  await expect(wizard).toHaveAttribute('data-step', 'domain');
  await page.locator('#customer-domain').fill(`fjeld-${p}.example`);
  await page.getByTestId('wizard-back').click();
  await expect(page.locator('#customer-seats')).toHaveValue('8');
  await page.getByTestId('wizard-next').click();
  await expect(page.locator('#customer-domain')).toHaveValue(`fjeld-${p}.example`);
  await page.getByTestId('wizard-next').click();

  // Step 4: the first admin, then Create.
  await expect(wizard).toHaveAttribute('data-step', 'admin');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('customer-admin-name-error')).toBeVisible();
  await page.locator('#customer-admin-name').fill('Sofie Fjeld');
  await page.locator('#customer-admin-email').fill(`sofie@fjeld-${p}.example`);
  await expect(page.getByTestId('customer-summary')).toContainText(slug);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-new-customer-${p}.png`, fullPage: true });
  await page.getByTestId('wizard-next').click();

  // The development identity provider has no recovery flow: the partner is
  // shown a temporary password once; the invitation is in the catcher.
  const created = page.getByTestId('customer-created');
  await expect(created).toHaveAttribute('data-tenant', slug);
  await expect(page.getByTestId('customer-invitation-mailed')).toContainText(`sofie@fjeld-${p}.example`);
  await expect(page.getByTestId('customer-domain-added')).toContainText(`fjeld-${p}.example`);
  await expect(page.getByTestId('customer-problem')).toHaveCount(0);
  await expect(page.getByTestId('customer-handoff-value')).toHaveText(/^.{16}$/);
  const mails = await (await fetch(`http://127.0.0.1:${mailWebPort}/email`)).json();
  expect(mails.some((m: { subject: string; to: { address: string }[] }) =>
    m.to[0].address === `sofie@fjeld-${p}.example` && m.subject.includes(`Fjeld Revision ApS ${p}`))).toBe(true);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-customer-created-${p}.png`, fullPage: true });

  // It lands inside the new customer, under the banner, with its first admin
  // and its domain there.
  await page.getByTestId('customer-open').click();
  await page.waitForURL((url) => url.pathname === '/admin' && url.searchParams.get('tenant') === slug);
  await expect(page.getByTestId('partner-banner')).toHaveAttribute('data-tenant', slug);
  await expect(page.getByTestId('workspace-name')).toHaveText(`Fjeld Revision ApS ${p}`);
  await page.goto(`/admin/domains?tenant=${slug}`);
  await expect(page.getByText(`fjeld-${p}.example`).first()).toBeVisible();
  // The customer list has it.
  await page.goto('/partner');
  await expect(page.locator(`[data-testid="partner-tenant"][data-tenant="${slug}"]`)).toBeVisible();
});

test('a partner sees its customers health and alerts, suspends one (asked first) and resumes it', async ({ page }, info) => {
  await page.goto('/partner');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner');
  await hydrated(page);
  const bager = page.locator('[data-testid="partner-tenant"][data-tenant="bager-hansen"]');
  await expect(bager.getByTestId('customer-health')).toHaveAttribute('data-health', 'attention');
  await expect(page.locator('[data-testid="partner-alert"][data-tenant="bager-hansen"]')).toBeVisible();
  await expect(page.getByTestId('health-rule')).toBeVisible();

  const name = ((await bager.locator('td').first().textContent()) ?? '').trim();
  expect(name).not.toBe('');
  await bager.getByTestId('customer-suspend').click();
  await page.getByTestId('customer-suspend-dialog-confirm').click();
  await expect(bager.getByTestId('customer-health')).toHaveAttribute('data-health', 'critical');
  await expect(bager.getByTestId('customer-resume')).toBeVisible();
  // What the suspension did, per system, stays on screen after the list's re-read.
  const cascade = page.getByTestId('customer-cascade');
  await expect(cascade.getByRole('heading')).toContainText(name);
  await expect(cascade.getByTestId('cascade-system')).toHaveCount(2);
  await expect(cascade.locator('[data-testid="cascade-system"][data-system="identity"]')).toBeVisible();
  await expect(cascade.locator('[data-testid="cascade-system"][data-system="mail"]')).toBeVisible();
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-customer-suspended-${info.project.name}.png`, fullPage: true });
  await cascade.getByTestId('customer-cascade-dismiss').click();
  await expect(cascade).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-customers-health-${info.project.name}.png`, fullPage: true });
  await bager.getByTestId('customer-resume').click();
  await expect(bager.getByTestId('customer-health')).toHaveAttribute('data-health', 'attention');
  await expect(cascade.getByRole('heading')).toContainText(name);
});

test('a partner edits a customer: bad seats named, saved to the row, then put back', async ({ page }, info) => {
  await page.goto('/partner');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner');
  await hydrated(page);
  const bager = page.locator('[data-testid="partner-tenant"][data-tenant="bager-hansen"]');
  const seatsCell = bager.locator('td').nth(2);
  const before = (await seatsCell.textContent())?.trim() ?? '';
  const seats = before.split('/')[1]?.trim() ?? '';
  expect(seats).toMatch(/^\d+$/);

  await bager.getByTestId('customer-edit').click();
  const panel = page.getByTestId('edit-customer');
  await expect(panel).toHaveAttribute('data-tenant', 'bager-hansen');
  await expect(page.locator('#customer-seats')).toHaveValue(seats);
  await page.locator('#customer-seats').fill('0');
  await page.getByTestId('edit-customer-save').click();
  await expect(page.getByTestId('customer-seats-error')).toBeVisible();
  await page.locator('#customer-seats').fill(String(Number(seats) + 1));
  await expect(page.getByTestId('customer-monthly')).toContainText(/\d/);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-edit-customer-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('edit-customer-save').click();
  await expect(panel).toHaveCount(0);
  await expect(seatsCell).toContainText(`/ ${Number(seats) + 1}`);

  // Put back.
  await bager.getByTestId('customer-edit').click();
  await page.locator('#customer-seats').fill(seats);
  await page.getByTestId('edit-customer-save').click();
  await expect(seatsCell).toContainText(`/ ${seats}`);
});
