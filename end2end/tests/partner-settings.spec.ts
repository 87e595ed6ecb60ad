import { test, expect } from '@playwright/test';
import { hydrated, openConsoleNav, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

test('a partner brands its product: readable text on its colour, a live preview, the sidebar mark, then back', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/partner/settings');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner/settings');
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('nav-partner-settings')).toHaveAttribute('aria-current', 'page');
  await page.reload();
  await hydrated(page);

  // The profile: saved, and said so.
  await page.locator('#profile-contact-name').fill('Peter Nordlys');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();

  // The invitation's own words, previewed as they will read.
  await page.locator('#mail-message').fill('Ring til os på 70 20 30 40.');
  await page.locator('#mail-signature').fill('Nordlys IT · support');
  await expect(page.getByTestId('mail-preview')).toContainText('Ring til os på 70 20 30 40.');
  await expect(page.getByTestId('mail-preview')).toContainText('Nordlys IT · support');
  await page.locator('#mail-message').fill('');
  await page.locator('#mail-signature').fill('');
  await expect(page.getByTestId('mail-preview')).not.toContainText('Nordlys IT · support');

  // A colour that is none is named; the preview stays on dezky's green.
  const badge = page.getByTestId('brand-preview-badge');
  await page.locator('#brand-product').fill('Nordlys Workplace');
  await expect(page.getByTestId('brand-preview-name')).toHaveText('Nordlys Workplace');
  await page.locator('#brand-accent').fill('blue');
  await page.getByTestId('branding-save').click();
  await expect(page.getByTestId('brand-accent-error')).toBeVisible();

  // A dark blue: white text (YIQ); a yellow: dark text.
  await page.locator('#brand-accent').fill('#ffd500');
  await expect(badge).toHaveCSS('color', 'rgb(17, 20, 24)');
  await page.locator('#brand-accent').fill('#1d4ed8');
  await expect(badge).toHaveCSS('background-color', 'rgb(29, 78, 216)');
  await expect(badge).toHaveCSS('color', 'rgb(255, 255, 255)');
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-settings-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('branding-save').click();
  await expect(page.getByTestId('branding-saved')).toBeVisible();

  // The sidebar's workspace mark wears it after a reload.
  await page.reload();
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('workspace-badge')).toHaveCSS('background-color', 'rgb(29, 78, 216)');
  await page.reload();
  await hydrated(page);

  // Back to dezky's own.
  await page.locator('#brand-product').fill('');
  await page.locator('#brand-accent').fill('');
  await page.getByTestId('branding-save').click();
  await expect(page.getByTestId('branding-saved')).toBeVisible();
  await page.locator('#profile-contact-name').fill('');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();
});

test('a customer admin sees the branding its partner manages, and may set its own once allowed', async ({ browser }, info) => {
  test.setTimeout(90_000);
  const partner = await (await browser.newContext({ viewport: info.project.use.viewport ?? undefined })).newPage();
  const admin = await (await browser.newContext({ viewport: info.project.use.viewport ?? undefined })).newPage();
  await admin.goto('/admin/branding');
  await signInAt(admin, 'admin');
  await admin.waitForURL((url) => url.pathname === '/admin/branding');
  await hydrated(admin);
  await expect(admin.getByTestId('tenant-branding')).toHaveAttribute('data-allowed', 'false');
  await expect(admin.getByTestId('branding-managed')).toContainText('Nordlys IT');
  await expect(admin.getByTestId('tenant-branding-save')).toHaveCount(0);

  // The partner allows it.
  await partner.goto('/partner/settings');
  await signInAt(partner, 'partner');
  await partner.waitForURL((url) => url.pathname === '/partner/settings');
  await hydrated(partner);
  await partner.getByTestId('brand-customers').check();
  await partner.getByTestId('branding-save').click();
  await expect(partner.getByTestId('branding-saved')).toBeVisible();

  await admin.reload();
  await hydrated(admin);
  await expect(admin.getByTestId('tenant-branding')).toHaveAttribute('data-allowed', 'true');
  await admin.locator('#brand-accent').fill('#c0392b');
  await expect(admin.getByTestId('brand-preview-badge')).toHaveCSS('color', 'rgb(255, 255, 255)');
  await noSidewaysScrollAndAxeClean(admin);
  await admin.screenshot({ path: `screenshots/signed-in/admin-branding-${info.project.name}.png`, fullPage: true });
  await admin.getByTestId('tenant-branding-save').click();
  await expect(admin.getByTestId('tenant-branding-saved')).toBeVisible();
  await admin.reload();
  await hydrated(admin);
  await expect(admin.getByTestId('workspace-badge')).toHaveCSS('background-color', 'rgb(192, 57, 43)');

  // Back: the customer's own cleared, the partner's permission withdrawn.
  await admin.locator('#brand-accent').fill('');
  await admin.getByTestId('tenant-branding-save').click();
  await expect(admin.getByTestId('tenant-branding-saved')).toBeVisible();
  await partner.reload();
  await hydrated(partner);
  await partner.getByTestId('brand-customers').uncheck();
  await partner.getByTestId('branding-save').click();
  await expect(partner.getByTestId('branding-saved')).toBeVisible();
});
