import { test, expect, type Page, type Response } from '@playwright/test';
import { hydrated, signInAt } from './helpers';
import { PUBLIC_PAGES } from './pages';

// What a page downloads to become interactive. The website's pages are documents
// that do not hydrate: they load `document.js`, and /partners also the calculator
// module (`calc.js` + `calc_bg.wasm`, the `rules` crate). A signed-in face loads the
// app, split at its lazy routes (app/src/app.rs): `dezky.js` + `dezky.wasm` (the
// runtime), `__wasm_split.<…>.js` (the loader), one `split___<route>_view_*.wasm`
// per page or signed-in shell, and `chunk_N.wasm` for code several routes share.
// The first load takes those modules from one pack per route on screen
// (`pack_<route>.wasm`, scripts/wasm-split-packs.py); a later navigation
// fetches the next page's modules one by one. A part of a page that loads when it
// opens (`on_demand!` in app/src/app.rs) comes in a pack of its own when opened.
//
// The public budget holds in every build (the calculator module is always
// optimised). The faces' budget is for the release bundle (run this spec
// against one with DEZKY_PAYLOAD_BUDGET=1; `bench/run.sh` prints the same
// sums from the bundle's files); a debug bundle is
// unoptimised, so the suite checks which modules load, and their sizes only
// under the budget flag.
const BUDGET = process.env.DEZKY_PAYLOAD_BUDGET === '1';
const PUBLIC_BUDGET = 110 * 1024;
const FACE_BUDGET = 250 * 1024;

type Download = { url: string; file: string };

// Every .js / .wasm the page fetches from the bundle folder, in order.
function recordBundle(page: Page): Download[] {
  const seen: Download[] = [];
  page.on('response', (res: Response) => {
    const url = res.url();
    if (/\/pkg\/[0-9a-f]+\/[^/]+\.(js|wasm)$/.test(url)) {
      seen.push({ url, file: url.split('/').pop() ?? url });
    }
  });
  return seen;
}

// The route a split module or a pack belongs to:
// `split___tenant_audit_page_route_view_123.wasm` (wasm-split's name for the
// route's own module) or `pack_tenant_audit_page.wasm` -> `tenant_audit_page`.
function routeOf(file: string): string | null {
  const m = /^split___(.+)_route_view_\d+\.wasm$/.exec(file) ?? /^pack_(.+)\.wasm$/.exec(file);
  return m ? m[1] : null;
}

const RUNTIME = /^(dezky\.js|dezky\.wasm|__wasm_split\.[^/]*\.js)$/;

// The modules a pack holds (scripts/wasm-split-packs.py: a little-endian u32
// length, then the JSON index `[[module, bytes], ...]`, then the bytes).
async function packedModules(page: Page, url: string): Promise<string[]> {
  const body = await (await page.request.get(url)).body();
  const length = body.readUInt32LE(0);
  const index = JSON.parse(body.subarray(4, 4 + length).toString('utf8')) as [string, number][];
  expect(4 + length + index.reduce((sum, [, size]) => sum + size, 0), url).toBe(body.length);
  return index.map(([name]) => name);
}

// A signed-in face's first load: the runtime and one pack per route on screen,
// each file once (the loader's fetch takes the <head>'s preload), and no module
// fetched on its own. Returns the modules the packs held.
async function expectPackedFirstLoad(page: Page, seen: Download[], routes: string[]): Promise<Set<string>> {
  expect(new Set(seen.map((d) => d.url)).size, 'a file fetched twice').toBe(seen.length);
  const packs = seen.filter((d) => d.file.startsWith('pack_'));
  expect(packs.map((d) => routeOf(d.file)).sort()).toEqual(routes);
  expect(seen.filter((d) => !d.file.startsWith('pack_') && !RUNTIME.test(d.file)).map((d) => d.file)).toEqual([]);
  const modules = new Set<string>();
  for (const pack of packs) {
    for (const name of await packedModules(page, pack.url)) {
      expect(modules.has(name), `${name} in two packs`).toBe(false);
      modules.add(name);
    }
  }
  return modules;
}

// Signs in at a face as `account`, then opens the face afresh in a new tab, as
// a returning user would, recording what that tab downloads.
async function freshFace(page: Page, path: string, account: string): Promise<{ fresh: Page; seen: Download[] }> {
  await page.goto(path);
  await signInAt(page, account);
  await page.waitForURL((url) => url.pathname === path);
  const fresh = await page.context().newPage();
  const seen = recordBundle(fresh);
  await fresh.goto(path);
  await hydrated(fresh);
  return { fresh, seen };
}

// Brotli bytes of the files as the server sends them (its precompressed `.br`).
async function brotliBytes(page: Page, files: Download[]): Promise<number> {
  let total = 0;
  for (const { url } of files) {
    const res = await page.request.get(url, { headers: { 'accept-encoding': 'br' } });
    expect(res.status(), url).toBe(200);
    expect(res.headers()['content-encoding'], url).toBe('br');
    total += Number(res.headers()['content-length']);
  }
  return total;
}

// What is downloaded does not depend on the viewport: one project runs these.
test.beforeEach(({}, info) => {
  test.skip(info.project.name !== 'desktop', 'the payload is the same at every width');
});

const WEBSITE_ROUTES = new Set([
  'home_page', 'about_page', 'contact_page', 'partners_page', 'demo_page', 'status_page',
  'roadmap_page', 'changelog_page', 'migration_page', 'brand_page', 'sla_page', 'cookies_page',
  'terms_page', 'privacy_page', 'dpa_page', 'sign_in_page', 'not_authorised_page',
]);

test('a public page loads its script and no app code; /partners adds the calculator module', async ({ page }) => {
  for (const [path, expected] of [
    ['/', ['document.js']],
    ['/partners', ['calc.js', 'calc_bg.wasm', 'document.js']],
  ] as const) {
    const p = await page.context().newPage();
    const seen = recordBundle(p);
    await p.goto(path);
    await hydrated(p);
    expect(seen.map((d) => d.file).sort(), path).toEqual(expected);
    const bytes = await brotliBytes(p, seen);
    test.info().annotations.push({ type: 'payload', description: `${path}: ${bytes} bytes brotli in ${seen.length} files` });
    expect(bytes, path).toBeLessThanOrEqual(PUBLIC_BUDGET);
    await p.close();
  }
});

test('every public page is within the public budget', async ({ page }) => {
  for (const path of PUBLIC_PAGES) {
    const p = await page.context().newPage();
    const seen = recordBundle(p);
    await p.goto(path);
    await hydrated(p);
    expect(seen.map((d) => d.file), path).not.toContain('dezky.wasm');
    const bytes = await brotliBytes(p, seen);
    test.info().annotations.push({ type: 'payload', description: `${path}: ${bytes} bytes brotli` });
    expect(bytes, path).toBeLessThanOrEqual(PUBLIC_BUDGET);
    await p.close();
  }
});

test('the operator console loads no page of the portal or the website', async ({ page }) => {
  const { fresh, seen } = await freshFace(page, '/operator', 'operator');
  const modules = await expectPackedFirstLoad(fresh, seen, ['operator_shell', 'overview_page']);
  expect([...modules].filter((m) => m.startsWith('split___')).map((m) => routeOf(m + '.wasm')).sort()).toEqual([
    'operator_shell', 'overview_page',
  ]);
  const bytes = await brotliBytes(fresh, seen);
  test.info().annotations.push({ type: 'payload', description: `/operator: ${bytes} bytes brotli in ${seen.length} files` });
  if (BUDGET) expect(bytes).toBeLessThanOrEqual(FACE_BUDGET);
});

test('from the dashboard to the audit log, only that page\'s modules load', async ({ page }) => {
  const { fresh, seen } = await freshFace(page, '/admin', 'admin');
  const packed = await expectPackedFirstLoad(fresh, seen, ['dashboard_page', 'portal_shell']);
  const first = [...packed].filter((m) => m.startsWith('split___')).map((m) => routeOf(m + '.wasm'));
  expect(first.sort()).toEqual(['dashboard_page', 'portal_shell']);
  expect(first.some((r) => r !== null && WEBSITE_ROUTES.has(r))).toBe(false);
  const initial = await brotliBytes(fresh, seen);
  test.info().annotations.push({ type: 'payload', description: `/admin: ${initial} bytes brotli in ${seen.length} files` });
  if (BUDGET) expect(initial).toBeLessThanOrEqual(FACE_BUDGET);

  const before = seen.length;
  await fresh.getByTestId('nav-tenant-audit').click();
  await fresh.waitForURL((url) => url.pathname === '/admin/audit');
  await expect(fresh.locator('main h1')).toBeVisible();
  const later = seen.slice(before);
  // The page's own module, and nothing the first load already had.
  expect(later.map((d) => routeOf(d.file)).filter((r) => r !== null)).toEqual(['tenant_audit_page']);
  expect(later.map((d) => d.file)).not.toContain('dezky.wasm');
  // No pack: the modules come one by one, and none the first load's packs held.
  expect(later.filter((d) => d.file.startsWith('pack_'))).toEqual([]);
  expect(later.filter((d) => packed.has(d.file.replace(/\.wasm$/, '')))).toEqual([]);
  const firstFiles = new Set(seen.slice(0, before).map((d) => d.file));
  expect(later.filter((d) => firstFiles.has(d.file))).toEqual([]);
});

test('the partner portal\'s panels and row changes are no part of its first load; the edit panel opens as one pack', async ({ page }) => {
  const { fresh, seen } = await freshFace(page, '/partner', 'partner');
  const packed = await expectPackedFirstLoad(fresh, seen, ['partner_page', 'partner_shell']);
  // The page's on-demand parts: its two forms, the suspend question, the
  // row's changes and what they did (app.rs, `on_demand!`).
  const part = (m: string) =>
    /^split_(edit_customer_panel|request_access_panel|suspend_dialog|change_customer|end_access|outcome_card)_\d+$/.test(m);
  expect([...packed].filter(part)).toEqual([]);
  const initial = await brotliBytes(fresh, seen);
  test.info().annotations.push({ type: 'payload', description: `/partner: ${initial} bytes brotli in ${seen.length} files` });
  if (BUDGET) expect(initial).toBeLessThanOrEqual(FACE_BUDGET);

  const before = seen.length;
  const row = fresh.locator('[data-testid="partner-tenant"][data-tenant="bager-hansen"]');
  await row.getByTestId('customer-edit').click();
  await expect(fresh.getByTestId('edit-customer')).toBeVisible();
  await expect(fresh.locator('#customer-seats')).toBeEditable();
  // The panel's code, in its pack and nothing else; none of it came before.
  const later = seen.slice(before);
  expect(later.map((d) => d.file)).toEqual(['pack_edit_customer_panel.wasm']);
  const opened = await packedModules(fresh, later[0].url);
  expect(opened.filter(part).map((m) => m.replace(/_\d+$/, ''))).toEqual(['split_edit_customer_panel']);
  expect(opened.filter((m) => packed.has(m))).toEqual([]);
  const bytes = await brotliBytes(fresh, later);
  test.info().annotations.push({ type: 'payload', description: `edit panel: ${bytes} bytes brotli` });
  await fresh.close();
});

test('every public page works without JavaScript, in both languages', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const path of PUBLIC_PAGES) {
    for (const lang of ['da', 'en']) {
      // `?lang=` renders that language and keeps it in the cookie.
      const res = await page.goto(`${path}?lang=${lang}`);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator('html'), path).toHaveAttribute('lang', lang);
      await expect(page.locator('main h1').first(), path).toBeVisible();
      // The navigation is plain links.
      expect(await page.locator('header a[href^="/"]').count(), path).toBeGreaterThan(3);
    }
  }
  // The cookie alone carries the language to the next page, and a link followed
  // without JavaScript is a plain page load.
  await page.goto('/about');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('header a[href="/partners"]').first().click();
  await expect(page).toHaveURL(/\/partners$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('main h1').first()).toBeVisible();
  await context.clearCookies();
  await page.goto('/partners');
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await context.close();
});
