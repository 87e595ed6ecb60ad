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

// A 64×64 PNG in the partner's blue, and an SVG that carries script.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAeklEQVR4nO3PUQkAIBTAwFfESuY3jiH8OITBAtxm7fN1wwUNaEEDWtCAFjSgBQ1oQQNa0IAWNKAFDWhBA1rQgBY0oAUNaEEDWtCAFjSgBQ1oQQNa0IAWNKAFDWhBA1rQgBY0oAUNaEEDWtCAFjSgBQ1oQQNa0IAWPHYBCpkxLY4QL9sAAAAASUVORK5CYII=',
  'base64',
);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

test('a partner uploads its logo: SVG and oversize refused by name, the PNG in the preview and the sidebar, then removed', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/partner/settings');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner/settings');
  await hydrated(page);
  await expect(page.getByTestId('logo-none')).toBeVisible();
  const input = page.getByTestId('logo-input');

  // An SVG, even one named .png, is refused by the server by name.
  await input.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: SVG });
  await expect(page.getByTestId('logo-error')).toContainText('SVG');
  // Too large is refused before it travels.
  await input.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(256 * 1024 + 1, 0x89) });
  await expect(page.getByTestId('logo-error')).toContainText('256 KB');
  await expect(page.getByTestId('logo-none')).toBeVisible();

  // The PNG: shown as the current logo and in the preview's badge.
  await input.setInputFiles({ name: 'nordlys.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('logo-current')).toBeVisible();
  await expect(page.getByTestId('logo-error')).toHaveCount(0);
  const src = await page.getByTestId('logo-current').getAttribute('src');
  expect(src).toMatch(/^\/logos\/nordlys-it-[0-9a-f]{16}$/);
  await expect(page.getByTestId('brand-preview-badge').getByTestId('mark-logo')).toHaveAttribute('src', src!);
  const loaded = await page.getByTestId('logo-current').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
  expect(loaded).toBe(64);
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-logo-${info.project.name}.png`, fullPage: true });

  // The sidebar's mark wears it after a reload; the other saves keep it.
  await page.reload();
  await hydrated(page);
  await openConsoleNav(page);
  await expect(page.getByTestId('workspace-badge').getByTestId('mark-logo')).toHaveAttribute('src', src!);
  await page.reload();
  await hydrated(page);
  await page.getByTestId('branding-save').click();
  await expect(page.getByTestId('branding-saved')).toBeVisible();
  await expect(page.getByTestId('logo-current')).toHaveAttribute('src', src!);

  // Removed: back to the initial.
  await page.getByTestId('logo-remove').click();
  await expect(page.getByTestId('logo-none')).toBeVisible();
  await expect(page.getByTestId('brand-preview-badge').getByTestId('mark-logo')).toHaveCount(0);
  expect((await page.request.get(src!)).status()).toBe(404);
});
