import { test, expect } from '@playwright/test';
import { hydrated, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

// Edits dezky's own direct-sales partner (other specs rely on Nordlys IT
// staying active), and puts every field back at the end.
test('the operator edits a partner in place: only changes are saved, Cancel asks first, the audit shows the diff', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/operator/partners');
  await signInAt(page, 'operator');
  await page.waitForURL((url) => url.pathname === '/operator/partners');
  await hydrated(page);
  const row = page.locator('[data-testid="operator-partner"][data-partner="dezky"]');
  await expect(row).toBeVisible();
  await row.getByTestId('partner-open').click();
  await page.waitForURL((url) => url.pathname === '/operator/partners/dezky');
  await hydrated(page);
  const detail = page.getByTestId('partner-detail');
  await expect(detail).toHaveAttribute('data-editing', 'false');
  // The segmented control fits (no label spills out of its cell).
  const fits = await page.getByTestId('partner-status').evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('button')].every((b) => {
      const r = b.getBoundingClientRect();
      return r.left >= box.left - 1 && r.right <= box.right + 1;
    });
  });
  expect(fits).toBe(true);

  // Edit, change the status, Cancel: asked first; Keep editing keeps it.
  await page.getByTestId('partner-edit').click();
  await expect(detail).toHaveAttribute('data-editing', 'true');
  await page.locator('[data-testid="partner-status"] [data-status="prospect"]').click();
  await page.getByTestId('partner-cancel').click();
  await page.getByTestId('partner-discard-dialog-confirm').click();
  await expect(detail).toHaveAttribute('data-editing', 'false');
  await expect(page.locator('[data-testid="partner-status"] [data-status="active"]')).toHaveAttribute('aria-checked', 'true');

  // Edit and save two fields.
  const contact = `Dorte ${info.project.name}`;
  await page.getByTestId('partner-edit').click();
  await page.locator('#partner-contact-name').fill(contact);
  await page.locator('#partner-margin').fill('12');
  await expect(page.getByTestId('partner-margin-value')).toHaveText('12 %');
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/operator-partner-edit-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('partner-save').click();
  await expect(detail).toHaveAttribute('data-editing', 'false');
  await expect(detail).toContainText(contact);

  // The audit has the diff of exactly those fields.
  await page.goto('/operator/audit');
  await hydrated(page);
  const event = page.locator('[data-testid="audit-row"][data-action="partner.updated"]').filter({ hasText: 'dezky' }).first();
  await event.locator('summary').click();
  const diff = event.getByTestId('audit-diff');
  await expect(diff).toContainText('contact_name');
  await expect(diff).toContainText(contact);
  await expect(diff).toContainText('margin_pct');
  await expect(diff).not.toContainText('status');

  // Put the margin back.
  await page.goto('/operator/partners/dezky');
  await hydrated(page);
  await page.getByTestId('partner-edit').click();
  await page.locator('#partner-margin').fill('0');
  await page.getByTestId('partner-save').click();
  await expect(detail).toHaveAttribute('data-editing', 'false');
  await expect(page.getByTestId('partner-margin-value')).toHaveText('0 %');
});
