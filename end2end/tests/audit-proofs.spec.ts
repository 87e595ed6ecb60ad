import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hydrated, noSidewaysScrollAndAxeClean, signInAt } from './helpers';

// The offline verifier, built next to the server binary by the test build.
const cli = join(dirname(process.env.DEZKY_SERVER_BIN ?? ''), 'dezky-audit');

/** Runs `dezky-audit prove verify FILE --public-key KEY`: exit code and output. */
function prove(file: string, key: string): { code: number; out: string } {
  try {
    const out = execFileSync(cli, ['prove', 'verify', file, '--public-key', key], { env: {}, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, out: err.stderr };
  }
}

test('a tenant admin downloads an event proof that the offline tool verifies, and refuses once one byte of the event changes', async ({ page }, info) => {
  // An event of this tenant to prove: the idle limit changed and put back.
  await page.goto('/admin/security');
  await signInAt(page, 'admin');
  await page.waitForURL((url) => url.pathname === '/admin/security');
  await hydrated(page);
  const idle = page.locator('#session_idle_minutes');
  const before = await idle.inputValue();
  for (const value of [String(Number(before) === 90 ? 91 : 90), before]) {
    await idle.fill(value);
    await page.getByTestId('policy-save').click();
    await expect(page.getByTestId('policy-saved')).toBeVisible();
    await page.reload();
    await hydrated(page);
    await expect(idle).toHaveValue(value);
  }
  await page.goto('/admin/audit');
  await hydrated(page);
  // Anyone can fetch the note key the proofs verify with.
  const keys = await (await page.request.get('/.well-known/dezky-audit-keys.json')).json();
  const key: string = keys.keys[0].noteKey;
  expect(key).toMatch(/^[^+\s]+\/audit\+[0-9a-f]{8}\+/);

  const row = page.getByTestId('audit-row').first();
  const seq = await row.getAttribute('data-seq');
  await row.locator('summary').click();
  const link = row.getByTestId('audit-proof');
  await expect(link).toBeVisible();
  await expect(row).toContainText(/Ed25519/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(`dezky-audit-proof-${seq}.json`);
  const dir = mkdtempSync(join(tmpdir(), 'dezky-proof-'));
  const file = join(dir, 'proof.json');
  await download.saveAs(file);
  await page.screenshot({ path: `screenshots/signed-in/audit-proof-${info.project.name}.png`, fullPage: true });

  const good = prove(file, key);
  expect(good.out).toContain(`event ${seq} is in the log`);
  expect(good.code).toBe(0);

  // One byte of the event changed (the first letter of its action).
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('"action": "') + '"action": "'.length;
  const changed = text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1);
  const bad = join(dir, 'tampered.json');
  writeFileSync(bad, changed);
  const refused = prove(bad, key);
  expect(refused.code).toBe(1);
  expect(refused.out).toContain(`event ${seq} was changed`);

  // Another tenant's proofs are not this admin's to take.
  const other = await page.request.get(`/audit/proof/${seq}?tenant=bager-hansen`);
  expect(other.status()).toBe(403);
  // Nor, without a tenant, the operators' (any event).
  expect((await page.request.get(`/audit/proof/${seq}`)).status()).toBe(403);
  await noSidewaysScrollAndAxeClean(page);
});
