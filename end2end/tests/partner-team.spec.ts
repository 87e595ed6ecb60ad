import { test, expect } from '@playwright/test';
import { hydrated, mailWebPort, openConsoleNav, signInAt, noSidewaysScrollAndAxeClean } from './helpers';

test('a partner owner invites a colleague, changes their access and removes them; the last owner stays', async ({ page }, info) => {
  test.setTimeout(90_000);
  const p = info.project.name;
  const email = `kim-${p}@nordlys-it.example`;
  await page.goto('/partner');
  await signInAt(page, 'partner');
  await page.waitForURL((url) => url.pathname === '/partner');
  await openConsoleNav(page);
  await page.getByTestId('nav-partner-team').click();
  await page.waitForURL((url) => url.pathname === '/partner/team');
  await hydrated(page);

  // The owner's own row: marked, no Remove (the last owner stays).
  const own = page.locator('[data-testid="team-row"][data-email="peter@nordlys-it.example"]');
  await expect(own).toHaveAttribute('data-access', 'owner');
  await expect(own.getByTestId('team-you')).toBeVisible();
  await expect(own.getByTestId('team-remove')).toHaveCount(0);
  await expect(own).not.toHaveAttribute('data-mfa', 'unknown');

  // Bad input names its field.
  await page.locator('#colleague-name').fill('Kim Holm');
  await page.locator('#colleague-email').fill('kim@');
  await page.getByTestId('invite-colleague-submit').click();
  await expect(page.getByTestId('colleague-email-error')).toBeVisible();

  // The invitation: mailed, a temporary password shown once, on the list.
  await page.locator('#colleague-email').fill(email);
  await page.locator('#colleague-access').selectOption('member');
  await page.getByTestId('invite-colleague-submit').click();
  await expect(page.getByTestId('colleague-invited')).toHaveAttribute('data-mailed', 'true');
  await expect(page.getByTestId('colleague-handoff-value')).toHaveText(/^.{16}$/);
  const mails = await (await fetch(`http://127.0.0.1:${mailWebPort}/email`)).json();
  expect(mails.some((m: { subject: string; to: { address: string }[] }) =>
    m.to[0].address === email && m.subject.includes('Nordlys IT'))).toBe(true);
  const row = page.locator(`[data-testid="team-row"][data-email="${email}"]`);
  await expect(row).toHaveAttribute('data-state', 'invited');
  await expect(row).toHaveAttribute('data-access', 'member');
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/partner-team-${p}.png`, fullPage: true });

  // A new access level, at once.
  await row.getByTestId('team-access').selectOption('admin');
  await expect(row).toHaveAttribute('data-access', 'admin');
  await page.reload();
  await hydrated(page);
  await expect(row).toHaveAttribute('data-access', 'admin');

  // Remove (asked first).
  await row.getByTestId('team-remove').click();
  await expect(page.getByTestId('team-remove-dialog')).toContainText('Kim Holm');
  await page.getByTestId('team-remove-dialog-confirm').click();
  await expect(row).toHaveCount(0);
  await expect(own).toBeVisible();
});
