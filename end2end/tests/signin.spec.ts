import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, mailWebPort, noSidewaysScrollAndAxeClean, openConsoleNav, stalwartPort, stripePort, signInAt } from './helpers';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

// Signs in at the development OIDC provider (the Authentik stand-in); any
// password is accepted for the demo accounts of dev/oidc/accounts.json.
async function signIn(page: Page, path: string, account: string) {
  await page.goto(path);
  await signInAt(page, account);
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
}

test('the operator signs in through the real provider and lands in the console', async ({ page }) => {
  await signIn(page, '/operator', 'operator');
  await expect(page.getByTestId('whoami-name')).toHaveText('Olivia Operatør');
  // The seed's three tenants, and any a partner made in customers.spec first.
  await expect(page.getByTestId('count-tenants')).toHaveText(/^\d+$/);
  expect(Number(await page.getByTestId('count-tenants').textContent())).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('count-partners')).toHaveText('2');
  // Service health: the same live probes as the Infrastructure page.
  const health = page.getByTestId('service-health');
  await expect(health.getByTestId('health-item')).toHaveCount(9);
  await expect(health.locator('[data-system="billing"]')).toHaveAttribute('data-health', 'up');
  await expect(health.locator('[data-system="mail"]')).toHaveAttribute('data-health', 'up');
  await expect(health.locator('[data-system="files"]')).toHaveAttribute('data-health', 'up');
  // MRR from the daily snapshot the server took at start-up: the seed's
  // 14 + 6 + 23 seats at the catalog's 49 kr, drawn on the server.
  const mrr = page.getByTestId('mrr-card');
  await expect(mrr.getByTestId('mrr-current')).toHaveAttribute('data-minor', String(43 * 4900));
  await expect(mrr.getByTestId('mrr-chart')).toHaveAttribute('data-days', /^[1-9]\d*$/);
  await expect(mrr.locator('polyline')).toHaveAttribute('points', /\d/);
  // Recent activity: the newest events (this very sign-in among them), each
  // opening the audit list searched for its action.
  const recent = page.getByTestId('recent-event');
  await expect(recent.first()).toBeVisible();
  expect(await recent.count()).toBeLessThanOrEqual(8);
  const action = (await recent.first().locator('code').textContent()) ?? '';
  await hydrated(page);
  await recent.first().getByRole('link').click();
  await page.waitForURL((url) => url.pathname === '/operator/audit' && url.searchParams.get('q') === action);
  await expect(page.getByTestId('audit-search')).toHaveValue(action);
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-action', action);
});

test('operator infrastructure: every system probed live, each with its target and latency', async ({ page }, info) => {
  await signIn(page, '/operator/infrastructure', 'operator');
  await hydrated(page);
  const row = (system: string) => page.locator(`[data-testid="system-row"][data-system="${system}"]`);
  await expect(page.getByTestId('system-row')).toHaveCount(9);
  // The development stand-ins: the store, oidc-provider (sign-in and admin API),
  // s3s-fs, Knot DNS, maildev, stripe-mock, the Stalwart and libregraph
  // stand-ins, the dev key: every system is connected in the test run.
  for (const system of ['store', 'identity', 'object_storage', 'dns', 'audit_signing_key', 'smtp', 'billing', 'mail', 'files']) {
    await expect(row(system), system).toHaveAttribute('data-health', 'up');
  }
  await expect(row('mail')).toContainText('/jmap');
  await expect(row('files')).toContainText('/graph/');
  await expect(row('dns')).toContainText('fjord-tandklinik.example');
  // Identity: sign-in discovery and the admin API (the dev provider answers both).
  await expect(row('identity')).toContainText('admin API');
  // Refresh probes again.
  await page.getByTestId('page-refresh').click();
  await expect(row('store')).toHaveAttribute('data-health', 'up');
  // A test message through the relay (maildev) to the operator's own address.
  await page.getByTestId('send-test-mail').click();
  await expect(page.getByTestId('toast')).toContainText('operator@dezky.local');
  const mails = await (await fetch(`http://127.0.0.1:${mailWebPort}/email`)).json();
  expect(mails.some((m: { subject: string; to: { address: string }[] }) =>
    m.subject === 'dezky testbesked' && m.to[0].address === 'operator@dezky.local')).toBe(true);
  const vw = page.viewportSize()?.width ?? 0;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `screenshots/signed-in/operator-infrastructure-${info.project.name}.png`, fullPage: true });
});

test('operator infrastructure: a stand-in that stops answering turns red with its error and time, then green again', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'one outage is enough; the phone layout is checked above');
  await signIn(page, '/operator/infrastructure', 'operator');
  await hydrated(page);
  const row = (system: string) => page.locator(`[data-testid="system-row"][data-system="${system}"]`);
  await expect(row('billing')).toHaveAttribute('data-health', 'up');
  // Pause stripe-mock (SIGSTOP): it keeps its port but answers nothing.
  const standIn = `stripe-mock -spec .* -http-addr 127.0.0.1:${stripePort} `;
  execFileSync('pkill', ['-STOP', '-f', standIn]);
  try {
    await page.getByTestId('page-refresh').click();
    await expect(row('billing')).toHaveAttribute('data-health', 'down', { timeout: 30_000 });
    await expect(row('billing').getByTestId('system-error')).toContainText('billing');
    // The time of the error is shown with it ("3. dec. 2026 02.41 · billing: ...").
    await expect(row('billing').getByTestId('system-error')).toContainText(/\d{4}.*·/);
    for (const system of ['store', 'identity', 'object_storage', 'dns', 'smtp']) {
      await expect(row(system), system).toHaveAttribute('data-health', 'up');
    }
    await page.screenshot({ path: `screenshots/signed-in/operator-infrastructure-outage-${info.project.name}.png`, fullPage: true });
  } finally {
    execFileSync('pkill', ['-CONT', '-f', standIn]);
  }
  await page.getByTestId('page-refresh').click();
  await expect(row('billing')).toHaveAttribute('data-health', 'up', { timeout: 30_000 });
  // The last error stays on the row, with its time, after recovery.
  await expect(row('billing').getByTestId('system-error')).toContainText('billing');
});

test('operator infrastructure: the identity, mail and files servers\' logs are read into the audit log, once each', async ({ page }, info) => {
  // Someone tries a wrong password on a mailbox at the mail server.
  const tried = `nobody-${info.project.name}-${Date.now()}@fjord-tandklinik.example`;
  const refused = await fetch(`http://127.0.0.1:${stalwartPort}/jmap/session`, {
    headers: { authorization: `Basic ${Buffer.from(`${tried}:wrong`).toString('base64')}` },
  });
  expect(refused.status).toBe(401);
  // And someone signs in at the identity provider as an account that does
  // not exist: refused there (Authentik's login_failed).
  const stranger = `stranger-${info.project.name}-${Date.now()}@fjord-tandklinik.example`;
  await page.goto('/portal');
  await signInAt(page, stranger);
  await expect(page.locator('body')).toContainText(/error|fejl/i);
  await page.context().clearCookies();
  await signIn(page, '/operator/infrastructure', 'operator');
  await hydrated(page);
  const feeds = page.getByTestId('audit-feeds');
  const feed = (source: string) => feeds.locator(`[data-testid="feed-row"][data-source="${source}"]`);
  await expect(feeds.getByTestId('feed-row')).toHaveCount(3);
  await feeds.getByTestId('read-audit-feeds').click();
  for (const source of ['authentik', 'stalwart']) {
    await expect(feed(source), source).toHaveAttribute('data-state', 'ok');
    await expect(feed(source).getByTestId('feed-read')).toHaveText(/^[1-9][\d.,]*$/);
  }
  // The files server's audit file is read too (what it holds depends on the
  // people added so far: people.spec checks an event of its own).
  await expect(feed('ocis')).toHaveAttribute('data-state', 'ok');
  await noSidewaysScrollAndAxeClean(page);
  await page.screenshot({ path: `screenshots/signed-in/operator-audit-feeds-${info.project.name}.png`, fullPage: true });

  // The failed mail sign-in is in the audit log once, from Stalwart, and the
  // operator's own sign-in from Authentik.
  await page.goto(`/operator/audit?q=${encodeURIComponent(tried)}`);
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-action', 'mail.sign_in');
  await expect(rows.first()).toHaveAttribute('data-outcome', 'failure');
  await expect(rows.first()).toHaveAttribute('data-source', 'stalwart');
  await page.goto('/operator/audit?q=identity.sign_in');
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-source', 'authentik');
  await page.goto(`/operator/audit?q=${encodeURIComponent(stranger)}`);
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-action', 'identity.sign_in');
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-outcome', 'failure');

  // Reading again appends nothing twice.
  await page.goto('/operator/infrastructure');
  await hydrated(page);
  await page.getByTestId('read-audit-feeds').click();
  await expect(feed('stalwart')).toHaveAttribute('data-state', 'ok');
  await page.goto(`/operator/audit?q=${encodeURIComponent(tried)}`);
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
});

test('a partner owner sees only their own customers', async ({ page }) => {
  await signIn(page, '/partner', 'partner');
  await expect(page.getByTestId('partner-name')).toContainText('Nordlys IT');
  const rows = page.getByTestId('partner-tenant');
  await expect(rows.first()).toBeVisible();
  // Its two seeded customers (and any it made in customers.spec first), never
  // another partner's.
  const slugs = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-tenant')));
  expect(slugs).toEqual(expect.arrayContaining(['bager-hansen', 'fjord-tandklinik']));
  expect(slugs).not.toContain('ravn-arkitekter');
  // Its own MRR only: Fjord's 14 and Bager Hansen's 6 seats at 49 kr.
  await expect(page.getByTestId('mrr-current')).toHaveAttribute('data-minor', String(20 * 4900));
});

test('a tenant admin opens Users with the members of their tenant', async ({ page }) => {
  await signIn(page, '/admin/users', 'admin');
  await expect(page.getByTestId('admin-tenant')).toHaveAttribute('data-tenant', 'fjord-tandklinik');
  // The two seeded members (people.spec.ts may have added more by now).
  for (const name of ['Astrid Admin', 'Mads Medlem']) {
    await expect(page.getByTestId('member-row').filter({ hasText: name })).toHaveCount(1);
  }
  await openConsoleNav(page);
  await expect(page.getByTestId('nav-admin')).toBeVisible();
});

test('a member of two tenants sees both with their role, and cannot open /admin', async ({ page }) => {
  await signIn(page, '/portal', 'member');
  await expect(page.getByTestId('tenant-row')).toHaveCount(2);
  await expect(page.getByTestId('app-admin')).toHaveCount(0);
  await expect(page.getByTestId('nav-admin')).toHaveCount(0);
  const res = await page.goto('/admin?tenant=fjord-tandklinik');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('error-notice')).toHaveAttribute('data-error', 'forbidden');
  await expect(page.getByTestId('member-row')).toHaveCount(0);
  // The partner area fails closed for non-partner staff.
  await page.goto('/partner');
  await expect(page.getByTestId('error-notice')).toHaveAttribute('data-error', 'forbidden');
  await expect(page.getByTestId('partner-tenant')).toHaveCount(0);
});

test('a tenant admin cannot open the operator console and is signed out fully', async ({ page }) => {
  await signIn(page, '/portal', 'admin');
  await page.goto('/operator');
  // The IdP session signs them in to the operator client without a prompt; the
  // guard then sends them to the not-authorised sign-out, which ends both sessions.
  await page.waitForURL('**/not-authorised');
  await expect(page.getByTestId('not-authorised')).toBeVisible();
  await page.goto('/portal');
  await expect(page.locator('input[name="login"]')).toBeVisible();
});

test('sign-out ends the session: back shows nothing private', async ({ page }) => {
  await signIn(page, '/portal', 'member');
  await hydrated(page);
  await expect(page.getByTestId('whoami-name')).toHaveText('Mads Medlem');
  await page.getByTestId('sign-out').click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goBack();
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await expect(page.getByTestId('whoami-name')).toHaveCount(0);
});

test('the operator creates a flag and pulls its kill switch', async ({ page }) => {
  await signIn(page, '/operator/flags', 'operator');
  await hydrated(page);
  const key = `e2e-${Date.now()}`;
  await page.locator('input[name="key"]').fill(key);
  await page.locator('input[name="description"]').fill('Created by the end-to-end test');
  await page.getByTestId('flag-create').locator('button[type="submit"]').click();
  const row = page.locator(`[data-testid="flag-row"][data-flag="${key}"]`);
  await expect(row).toBeVisible();
  await row.getByTestId('flag-on').click();
  await expect(row.getByTestId('flag-kill')).toBeVisible();
  await row.getByTestId('flag-kill').click();
  await expect(row.getByTestId('flag-on')).toBeVisible();
  // The list re-renders after every change; open the row's editor if closed.
  const edit = async () => {
    if ((await row.locator('details').getAttribute('open')) === null) await row.getByTestId('flag-edit').click();
  };
  // Rollout: a share of tenants plus an allow-list.
  await edit();
  await row.locator('input[name="percentage"]').fill('25');
  await row.locator('input[name="tenants"]').fill('fjord-tandklinik');
  await row.getByTestId('flag-rollout').locator('button[type="submit"]').click();
  await expect(row.getByTestId('flag-state')).toContainText('25');
  await expect(row.getByTestId('flag-state')).toContainText('fjord-tandklinik');
  // A nonsense share is refused with the field named, and nothing changes.
  await edit();
  await row.locator('input[name="percentage"]').fill('250');
  await row.getByTestId('flag-rollout').locator('button[type="submit"]').click();
  await expect(page.getByTestId('error-notice')).toHaveAttribute('data-error', 'invalid');
  await expect(row.getByTestId('flag-state')).toContainText('25');
  // History, newest first: rollout, kill switch, on, created.
  await edit();
  await row.getByTestId('flag-history').click();
  const kinds = row.getByTestId('flag-history-list').locator('li');
  await expect(kinds).toHaveCount(4);
  expect(await kinds.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
    'flag.updated', 'flag.killed', 'flag.updated', 'flag.created',
  ]);
  // Removing asks first: Cancel keeps the flag, Remove deletes it.
  await edit();
  await row.getByTestId('flag-remove').click();
  await expect(page.getByTestId('flag-remove-dialog')).toBeVisible();
  await expect(page.getByTestId('flag-remove-dialog-cancel')).toBeFocused();
  await page.getByTestId('flag-remove-dialog-cancel').click();
  await expect(page.getByTestId('flag-remove-dialog')).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await edit();
  await row.getByTestId('flag-remove').click();
  await page.getByTestId('flag-remove-dialog-confirm').click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('toast').last()).toContainText(/removed|fjernet/);
});

// Every signed-in page: no sideways scroll (390 px too), axe-core clean,
// screenshots to look at.
const signedInPages: [string, string[]][] = [
  ['operator', ['/operator', '/operator/flags', '/operator/audit', '/operator/users', '/operator/team', '/operator/tenants', '/operator/tenants/fjord-tandklinik', '/operator/partners', '/operator/partners/nordlys-it', '/operator/billing', '/operator/pricing', '/operator/reports']],
  ['partner', ['/partner', '/partner/customers/new', '/partner/team', '/partner/settings', '/partner/billing', '/partner/reports']],
  ['admin', ['/admin', '/admin/users', '/admin/domains', '/admin/security', '/admin/apps', '/admin/branding', '/admin/billing', '/admin/audit', '/portal']],
  ['member', ['/portal']],
];
for (const [account, paths] of signedInPages) {
  test(`signed-in pages of ${account} fit, pass axe-core and are screenshotted`, async ({ page }, info) => {
    await signIn(page, paths[0], account);
    for (const path of paths) {
      await page.goto(path);
      await hydrated(page);
      const vw = page.viewportSize()?.width ?? 0;
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `horizontal scroll on ${path}`).toBeLessThanOrEqual(vw);
      const axe = await new AxeBuilder({ page }).analyze();
      const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), `axe on ${path}`).toEqual([]);
      const name = `${account}${path.replace(/\//g, '-')}-${info.project.name}`;
      await page.screenshot({ path: `screenshots/signed-in/${name}.png`, fullPage: true });
    }
  });
}

test('a flag gates portal UI: the kill switch hides it for the tenant', async ({ browser }) => {
  const member = await browser.newPage();
  await signIn(member, '/portal', 'member');
  await hydrated(member);
  await expect(member.getByTestId('app-files')).toBeVisible();
  const operator = await browser.newPage();
  await signIn(operator, '/operator/flags', 'operator');
  await hydrated(operator);
  const row = operator.locator('[data-testid="flag-row"][data-flag="files-app"]');
  await row.getByTestId('flag-kill').click();
  await expect(row.getByTestId('flag-on')).toBeVisible();
  await member.reload();
  await hydrated(member);
  await expect(member.getByTestId('launcher')).toBeVisible();
  await expect(member.getByTestId('app-files')).toHaveCount(0);
  // Back on for the tests that follow.
  await row.getByTestId('flag-on').click();
  await expect(row.getByTestId('flag-kill')).toBeVisible();
  await member.reload();
  await expect(member.getByTestId('app-files')).toBeVisible();
});

test('the sign-in and not-authorised pages fit, pass axe-core and explain refusals', async ({ page }, info) => {
  for (const path of ['/sign-in', '/sign-in?error=state_mismatch', '/not-authorised', '/not-authorised?sign_out=1']) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    await hydrated(page);
    const vw = page.viewportSize()?.width ?? 0;
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vw);
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => v.id), `axe on ${path}`).toEqual([]);
  }
  await page.goto('/sign-in?error=state_mismatch');
  await expect(page.getByTestId('sign-in-error')).toHaveAttribute('data-error', 'state_mismatch');
  await page.screenshot({ path: `screenshots/signed-in/sign-in-error-${info.project.name}.png`, fullPage: true });
  // Both choices are full page loads to the server's sign-in route.
  await expect(page.getByTestId('sign-in-portal')).toHaveAttribute('href', '/auth/login?client=portal');
  await expect(page.getByTestId('sign-in-operator')).toHaveAttribute('href', '/auth/login?client=operator');
  // Reached without a navigation the browser vouches for: a sign-out button
  // (a same-origin POST) instead of a sign-out on GET.
  await page.goto('/not-authorised?sign_out=1');
  await expect(page.getByTestId('not-authorised-sign-out')).toBeVisible();
  await page.screenshot({ path: `screenshots/signed-in/not-authorised-sign-out-${info.project.name}.png`, fullPage: true });
});

// Changes one stored audit event in place, straight in the embedded store.
function tamper(seq: number, resourceName: string | null): string {
  const script = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); seq = int(sys.argv[2]); name = sys.argv[3]
row = db.execute("SELECT doc FROM audit_events WHERE id = ?", (f"{seq:020}",)).fetchone()
doc = json.loads(row[0]); old = doc["resourceName"]
if name != "-": doc["resourceName"] = name
db.execute("UPDATE audit_events SET doc = ? WHERE id = ?", (json.dumps(doc), f"{seq:020}")); db.commit()
print(old)`;
  return execFileSync('python3', ['-c', script, `${process.env.DEZKY_E2E_DATA}/dezky.db`, String(seq), resourceName ?? '-']).toString().trim();
}

test('operator audit: mutations appear, the chain verifies green, then red after tampering', async ({ page }) => {
  await signIn(page, '/operator/flags', 'operator');
  await hydrated(page);
  const key = `audit-${Date.now()}`;
  await page.locator('input[name="key"]').fill(key);
  await page.getByTestId('flag-create').locator('button[type="submit"]').click();
  await expect(page.locator(`[data-testid="flag-row"][data-flag="${key}"]`)).toBeVisible();
  await page.goto('/operator/audit');
  await hydrated(page);
  const created = page.locator('[data-testid="audit-row"][data-action="flag.created"]').first();
  await expect(created).toBeVisible();
  // Ed25519 checkpoints: the card names the note key anyone verifies with.
  await expect(page.getByTestId('note-key')).toContainText(/\/audit\+[0-9a-f]{8}\+/);
  // Filters: the Flags chip keeps flag events only; the Tenants chip hides them.
  await page.locator('[data-chip="flags"]').click();
  await expect(page.locator('[data-testid="audit-row"]').first()).toHaveAttribute('data-action', /^flag\./);
  await page.locator('[data-chip="tenants"]').click();
  await expect(page.locator('[data-testid="audit-row"][data-action^="flag."]')).toHaveCount(0);
  await page.locator('[data-chip="all"]').click();
  await page.getByTestId('audit-search').fill(key);
  await page.getByTestId('audit-search').press('Enter');
  await expect(page.locator('[data-testid="audit-row"]')).toHaveCount(1);
  const row = page.locator('[data-testid="audit-row"]').first();
  await row.locator('summary').click();
  await expect(row.getByTestId('audit-diff')).toContainText('state');
  // Verify: green.
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('tamper-card')).toHaveClass(/tamper--ok/);
  await page.getByTestId('force-checkpoint').click();
  await expect(page.getByTestId('checkpoint-result')).toBeVisible();
  // Tamper with the flag.created event in the store: red, with the break.
  const seq = Number(await row.getAttribute('data-seq'));
  const original = tamper(seq, 'forged');
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-kind', 'event-hash-mismatch');
  await expect(page.getByTestId('verify-result')).toContainText(String(seq));
  await expect(page.getByTestId('tamper-card')).toHaveClass(/tamper--broken/);
  // Put it back (the rest of the run shares this store): green again.
  tamper(seq, original);
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
});

test('a tenant admin sees their own audit slice and exports it as CSV', async ({ page }) => {
  await signIn(page, '/admin/audit', 'admin');
  await hydrated(page);
  await expect(page.getByTestId('audit-rows')).toBeAttached();
  const rows = page.locator('[data-testid="audit-row"]');
  const tenants = await rows.locator('.audit-row__tenant').allTextContents();
  expect(tenants.every((t) => t === 'fjord-tandklinik')).toBe(true);
  // The export link carries the current filter; fetch it with this browser's session.
  const href = await page.getByTestId('audit-csv').getAttribute('href');
  expect(href).toContain('tenant=fjord-tandklinik');
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  const csv = await res.text();
  const lines = csv.split('\r\n').filter((l) => l.length > 0);
  expect(lines[0]).toMatch(/^"seq","at","actorType"/);
  // The list shows a page at a time (the identity server's sign-ins make
  // more than one); every event it shows is in the export, which has them all.
  const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-seq') ?? ''));
  const exported = new Set(lines.slice(1).map((l) => l.split(',')[0].replace(/"/g, '')));
  expect(shown.filter((seq) => !exported.has(seq))).toEqual([]);
  expect(exported.size).toBeGreaterThanOrEqual(shown.length);
  expect(csv).not.toContain('ravn-arkitekter');
});

test('operator cold storage: Run archive now moves old events to the S3 stand-in and the chain still verifies', async ({ page }, info) => {
  await signIn(page, '/operator/audit', 'operator');
  await hydrated(page);
  const card = page.getByTestId('cold-card');
  await expect(card.getByTestId('cold-target')).toContainText('bucket dezky-audit at http://127.0.0.1:');
  const before = await card.locator('[data-testid="batch-row"]').count();
  await card.getByTestId('run-archive').click();
  const result = card.getByTestId('archive-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText(/Arkiverede \d+ hændelser; batches skrevet: 1\.|Archived \d+ events; batches written: 1\./);
  // The list re-reads: the run itself is the newest event.
  await expect(page.locator('[data-testid="audit-row"]').first()).toHaveAttribute('data-action', 'audit.archived');
  // The card re-reads the batches: one more, newest first, with its manifest hash.
  await expect(card.locator('[data-testid="batch-row"]')).toHaveCount(before + 1);
  await expect(card.locator('[data-testid="batch-row"]').first().locator('code')).toHaveText(/^[0-9a-f]{12}…$/);
  // Both objects of the batch are in the bucket (a folder of s3s-fs).
  const objects = readdirSync(`${process.env.DEZKY_E2E_DATA}/s3/dezky-audit/audit`);
  expect(objects.filter((o) => o.endsWith('.manifest.json')).length).toBe(before + 1);
  expect(objects.filter((o) => o.endsWith('.jsonl.gz')).length).toBe(before + 1);
  // The whole chain, downloaded batches included, still verifies.
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('tier-boundary')).toBeVisible();
  await expect(page.getByTestId('tamper-card')).toHaveClass(/tamper--ok/);
  await page.screenshot({ path: info.outputPath('audit-cold-storage.png'), fullPage: true });
});

test('the signed-in sidebar: workspace mark, groups, and a keyboard-usable drawer at 390 px', async ({ page }, info) => {
  await signIn(page, '/admin', 'admin');
  await hydrated(page);
  const menu = page.getByTestId('console-menu');
  if (info.project.name === 'phone') {
    // Closed by default: the page comes first; the button opens the drawer.
    await expect(menu).toBeVisible();
    await expect(page.getByTestId('nav-admin')).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('nav-admin')).toBeVisible();
    await page.screenshot({ path: `screenshots/signed-in/admin-drawer-${info.project.name}.png` });
    // Escape closes it from the keyboard.
    await page.getByTestId('nav-admin').focus();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('nav-admin')).toBeHidden();
    await menu.click();
  } else {
    await expect(menu).toBeHidden();
  }
  await expect(page.getByTestId('workspace-name')).toHaveText('Fjord Tandklinik');
  await expect(page.getByTestId('nav-admin')).toHaveAttribute('aria-current', 'page');
  // Keyboard: the audit link is reachable and opens its page.
  await page.getByTestId('nav-tenant-audit').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL('**/admin/audit');
  await expect(page.getByTestId('audit-rows')).toBeAttached();
});
