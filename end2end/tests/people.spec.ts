import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { hydrated, stalwartPort, signInAt } from './helpers';

// The secrets the server runs with (end2end/secrets.json).
const here = typeof __dirname === 'string' ? __dirname : `${process.cwd()}/tests`;
const secrets = JSON.parse(readFileSync(`${here}/../secrets.json`, 'utf8'));

// What a mail admin does at the mail server: the tenant's domain (the
// Stalwart stand-in, through its JMAP management API).
async function addMailDomain(name: string) {
  const res = await fetch(`http://127.0.0.1:${stalwartPort}/jmap`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`admin:${secrets.STALWART_ADMIN_SECRET}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      using: ['urn:ietf:params:jmap:core', 'urn:stalwart:jmap'],
      methodCalls: [['x:Domain/set', { accountId: 'a', create: { d: { name } } }, '0']],
    }),
  });
  expect(res.ok).toBe(true);
}

test('a tenant admin adds a person across every system, retries a failure halfway, and the person signs in', async ({ page, browser }, info) => {
  await page.goto('/admin/users');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin/users');
  await hydrated(page);
  await page.getByTestId('add-person-open').click();
  const panel = page.getByTestId('add-person');
  await expect(panel).toBeVisible();

  // Nothing typed: each field says what is missing, nothing is made.
  await page.getByTestId('add-person-submit').click();
  await expect(page.getByTestId('person-name-error')).toBeVisible();

  const email = `nina.${info.project.name}@fjord-tandklinik.example`;
  await page.locator('#person-name').fill('Nina Nyansat');
  await page.locator('#person-email').fill(email);
  await page.locator('#person-role').selectOption('member');
  await page.getByTestId('add-person-submit').click();
  const report = page.getByTestId('job-report');
  await expect(report).toBeVisible();
  const step = (system: string) => report.locator(`[data-testid="job-step"][data-system="${system}"]`);

  if (info.project.name === 'desktop') {
    // The tenant's mail domain is not on the mail server yet: the sign-in
    // account is made, the mailbox is not, and the page says which.
    await expect(report).toHaveAttribute('data-status', 'failed');
    await expect(step('identity')).toHaveAttribute('data-state', 'done');
    await expect(step('mail')).toHaveAttribute('data-state', 'failed');
    await expect(step('mail')).toContainText('fjord-tandklinik.example');
    await expect(step('files')).toHaveAttribute('data-state', 'pending');
    await expect(page.getByTestId('one-time-password')).toHaveCount(0);
    await addMailDomain('fjord-tandklinik.example');
    await page.getByTestId('job-retry').click();
  }
  await expect(report).toHaveAttribute('data-status', 'done');
  for (const system of ['identity', 'mail', 'files', 'store']) {
    await expect(step(system), system).toHaveAttribute('data-state', 'done');
  }
  const password = (await page.getByTestId('one-time-password-value').textContent()) ?? '';
  expect(password).toHaveLength(16);
  await page.getByTestId('copy-password').click();
  await expect(page.getByTestId('copy-password')).toHaveText(/Kopieret|Copied/);
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/admin-add-person-${info.project.name}.png`, fullPage: true });

  // Closing the panel reloads the members: Nina is one.
  await page.getByTestId('add-person-close').click();
  await expect(page.getByTestId('member-row').filter({ hasText: email })).toHaveCount(1);
  // Her accounts, read live from the three servers.
  const accounts = page.locator(`[data-testid="member-row"][data-email="${email}"] [data-testid="account"]`);
  await expect(accounts).toHaveCount(3);
  for (const system of ['identity', 'mail', 'files']) {
    await expect(accounts.and(page.locator(`[data-system="${system}"]`))).toHaveAttribute('data-state', 'active');
  }
  // The recent changes list the add, done.
  await expect(page.getByTestId('recent-job').filter({ hasText: 'Nina Nyansat' }).first()).toHaveAttribute('data-status', 'done');

  // Nina signs in (the development provider takes her address) and finds
  // her organisation in her portal.
  const other = await browser.newContext();
  const nina = await other.newPage();
  await nina.goto('/portal');
  await signInAt(nina, email);
  await nina.waitForURL((url) => url.pathname === '/portal');
  await expect(nina.locator('[data-testid="tenant-row"][data-tenant="fjord-tandklinik"]')).toBeVisible();
  await other.close();

  // The files server's own record of her account (OCIS' audit file) reaches
  // this tenant's audit log, under her address, once the feeds are read.
  const ops = await browser.newContext();
  const operator = await ops.newPage();
  await operator.goto('/operator/infrastructure');
  await signInAt(operator, 'operator');
  await operator.waitForURL((url) => url.pathname === '/operator/infrastructure');
  await hydrated(operator);
  await operator.getByTestId('read-audit-feeds').click();
  await expect(operator.locator('[data-testid="feed-row"][data-source="ocis"]')).toHaveAttribute('data-state', 'ok');
  await ops.close();
  await expect(async () => {
    await page.goto(`/admin/audit?q=${encodeURIComponent(email)}`);
    const created = page.locator('[data-testid="audit-row"][data-source="ocis"][data-action="files.user_created"]');
    await expect(created).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.goto('/admin/users');
  await hydrated(page);

  // Her row's actions: a new one-time password, sign-out everywhere, and
  // suspend (asked first) then resume. The admin's own row has none.
  const row = page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  await row.getByTestId('member-reset').click();
  await expect(row.getByTestId('one-time-password-value')).toHaveText(/^\S{16}$/);
  await row.getByTestId('member-logout').click();
  await expect(row.getByTestId('sessions-ended')).toBeVisible();
  await row.getByTestId('member-suspend').click();
  await page.getByTestId('suspend-dialog-confirm').click();
  await expect(row).toHaveAttribute('data-active', 'false');
  const refused = await browser.newContext();
  const again = await refused.newPage();
  await again.goto('/portal');
  await signInAt(again, email);
  // The provider refuses (the development one shows its error page): a
  // suspended person gets no way back to dezky.
  await again.waitForLoadState('networkidle');
  expect(new URL(again.url()).pathname).not.toBe('/portal');
  await expect(again.getByTestId('tenant-row')).toHaveCount(0);
  await refused.close();
  await row.getByTestId('member-resume').click();
  await expect(row).toHaveAttribute('data-active', 'true');
  const mine = page.locator('[data-testid="member-row"][data-email="astrid@fjord-tandklinik.example"]');
  await expect(mine.getByTestId('member-actions')).toHaveCount(0);

  // A role both ways.
  await row.getByTestId('member-role').click();
  await expect(row).toHaveAttribute('data-role', 'admin');
  await row.getByTestId('member-role').click();
  await expect(row).toHaveAttribute('data-role', 'member');

  // Remove (asked first): her row goes, and she can no longer sign in.
  await row.getByTestId('member-remove').click();
  await expect(page.getByTestId('remove-dialog')).toBeVisible();
  await page.getByTestId('remove-dialog-confirm').click();
  await expect(row).toHaveCount(0);
  const gone = await browser.newContext();
  const after = await gone.newPage();
  await after.goto('/portal');
  await signInAt(after, email);
  await after.waitForLoadState('networkidle');
  expect(new URL(after.url()).pathname).not.toBe('/portal');
  await gone.close();
});
