import { test, expect, Page } from '@playwright/test';
import { hydrated, toggleLanguage } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import { PUBLIC_PAGES, slug } from './pages';


async function setLang(page: Page, lang: 'da' | 'en', baseURL: string) {
  await page.context().addCookies([{ name: 'dezky-lang', value: lang, url: baseURL }]);
}

test.describe('every page', () => {
  for (const lang of ['da', 'en'] as const) {
    for (const path of PUBLIC_PAGES) {
      test(`${path} in ${lang}: 200, one h1, fits the viewport, no serious a11y violations`, async ({ page, baseURL }, info) => {
        await setLang(page, lang, baseURL!);
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        const res = await page.goto(path);
        expect(res?.status()).toBe(200);
        await hydrated(page);
        await expect(page.locator('h1')).toHaveCount(1);
        const expectedLang = path === '/brand' ? lang : lang;
        await expect(page.locator('html')).toHaveAttribute('lang', expectedLang);
        await expect(page).toHaveTitle(/dezky/);
        const description = await page.locator('meta[name="description"]').getAttribute('content');
        expect(description?.length ?? 0).toBeGreaterThan(20);
        await expect(page.locator('link[rel="canonical"]')).toHaveCount(1);
        const vw = page.viewportSize()!.width;
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `horizontal scroll on ${path}`).toBeLessThanOrEqual(vw);
        // Headings never overflow their box.
        const overflowing = await page.evaluate(() =>
          [...document.querySelectorAll('h1, h2, h3')]
            .filter((h) => h.scrollWidth > (h as HTMLElement).clientWidth + 1)
            .map((h) => h.textContent));
        expect(overflowing).toEqual([]);
        const axe = await new AxeBuilder({ page }).analyze();
        const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        await page.screenshot({ path: `screenshots/${slug(path)}-${lang}-${info.project.name}.png`, fullPage: true });
        expect(errors, errors.join('\n')).toEqual([]);
      });
    }
  }
});

test('unknown slugs answer 404; pending legal slugs get the contact-us body', async ({ page }) => {
  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  const legal = await page.goto('/subprocessors');
  expect(legal?.status()).toBe(200);
  await expect(page.getByTestId('legal-pending')).toBeVisible();
  await expect(page.getByTestId('not-found')).toHaveCount(0);
});

test('nav and footer hold no dead link and no "#" href', async ({ page, request }) => {
  await page.goto('/');
  const hrefs = await page.locator('header a, footer a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(15);
  for (const href of hrefs) {
    expect(href, 'empty or # link').not.toMatch(/^#?$/);
    if (href.startsWith('mailto:')) {
      expect(href).toMatch(/^mailto:(info|legal|privacy)@dezky\.eu/);
      continue;
    }
    const [path, hash] = href.split('#');
    const res = await request.get(path || '/');
    expect(res.status(), href).toBe(200);
    if (hash) {
      const html = await res.text();
      expect(html, `${href}: no element with id=${hash}`).toContain(`id="${hash}"`);
    }
  }
});

test('every "Book a demo" call to action leads to /demo', async ({ page }) => {
  for (const path of ['/', '/contact', '/partners', '/migration', '/about']) {
    await page.goto(path);
    const ctas = page.getByRole('link', { name: /Book en demo|Book a demo/ });
    const n = await ctas.count();
    expect(n, path).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await expect(ctas.nth(i)).toHaveAttribute('href', '/demo');
  }
});

test('section anchors scroll on the home page and route home from a sub-page', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'desktop nav');
  await page.goto('/about');
  await hydrated(page);
  await page.locator('header').getByRole('link', { name: 'Priser' }).click();
  await expect(page).toHaveURL(/\/#pricing$/);
  await expect(page.locator('#pricing')).toBeInViewport();
  await page.locator('header').getByRole('link', { name: 'Produkter' }).click();
  await expect(page.locator('#suite')).toBeInViewport();
});

test('the language toggle changes every visible string', async ({ page }) => {
  for (const path of ['/', '/partners', '/about', '/terms']) {
    await page.goto(path);
    await hydrated(page);
    const da = await page.locator('main').innerText();
    await toggleLanguage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const en = await page.locator('main').innerText();
    const daLines = new Set(da.split('\n').map((l) => l.trim()).filter(Boolean));
    // Proper names, numbers and addresses legitimately stay the same.
    const same = en.split('\n').map((l) => l.trim()).filter((l) => daLines.has(l))
      .filter((l) => !/^(.|[^\p{L}]+|\d+ GB|ID|dezky|Dezky ApS|[\d.,:%\s–-]+|.*@dezky\.eu|Nordlys IT|Vadehavet Data|Kompas Cloud|Mette Kjær|Jonas Brandt|Sofie Lind|app\.dezky\.eu|Business|Enterprise|White-label|Single sign-on|Roadmap|Chat|Video|Status|Lock-in|Support|Portal|Mail|Start|Version.*|Brand guide)$/u.test(l));
    expect(same, `${path}: lines left untranslated`).toEqual([]);
    await toggleLanguage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  }
});

test('brand rules: no "Dezky" except "Dezky ApS", no dezky.com, no kontakt@', async ({ page }) => {
  for (const lang of ['da', 'en']) {
    for (const path of PUBLIC_PAGES) {
      const res = await page.request.get(path, { headers: { cookie: `dezky-lang=${lang}` } });
      const html = await res.text();
      await page.setContent(html, { waitUntil: 'domcontentloaded' });
      const text = await page.locator('body').innerText();
      expect(text.replace(/Dezky ApS/g, ''), `${path} ${lang}`).not.toMatch(/Dezky/);
      expect(html, path).not.toContain('dezky.com');
      expect(html, path).not.toContain('kontakt@');
    }
  }
});

test('robots.txt and sitemap.xml list every page', async ({ request }) => {
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain('/sitemap.xml');
  const sitemap = await (await request.get('/sitemap.xml')).text();
  const locs = [...sitemap.matchAll(/<loc>[^<]*?(\/[^<]*)<\/loc>/g)].map((m) => new URL(m[0].slice(5, -6)).pathname);
  expect(locs.sort()).toEqual([...PUBLIC_PAGES].sort());
});

test('hreflang alternates: ?lang=en renders English on the first byte, even over a Danish cookie', async ({ page }) => {
  await page.goto('/about');
  const alternates = await page.locator('link[rel="alternate"]').evaluateAll((ls) => ls.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]));
  expect(alternates.map((a) => a[0]).sort()).toEqual(['da', 'en', 'x-default']);
  const en = alternates.find((a) => a[0] === 'en')![1]!;
  expect(en).toMatch(/\/about\?lang=en$/);
  const html = await (await page.request.get(en, { headers: { cookie: 'dezky-lang=da' } })).text();
  expect(html).toContain('<html lang="en"');
  await page.goto(en);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
