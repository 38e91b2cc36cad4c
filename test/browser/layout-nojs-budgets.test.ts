/**
 * What readers see: pages that reflow at 320 CSS px, a print stylesheet for landing pages,
 * dark mode from the system setting, the facility's colour, logo and name from configuration;
 * every landing and dataset page complete without JavaScript; and the byte budgets of
 * conventions.md B3 (HTML + CSS of a landing page, JavaScript before any interaction).
 * One build of the demo catalogue, with a facility colour and name that differ from the
 * defaults so the theming cannot pass by accident.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildAndServeDemo, DEMO_PAGES, HAS_CHROMIUM, launchBrowser, waitForSearch, type DemoSite } from './demo-site.ts';

const FACILITY_COLOUR = '#7a2e62';
const FACILITY_NAME = 'Test Light Source';

/** 60 KB and 50 KB compressed (conventions.md B3), in bytes. */
const HTML_CSS_BUDGET = 60 * 1024;
const JS_BUDGET = 50 * 1024;

function gzipSize(file: string): number {
  const bytes = readFileSync(file);
  // pagefind's own files are already gzip-compressed on disk.
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes.length : gzipSync(bytes, { level: 9 }).length;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

describe.skipIf(!HAS_CHROMIUM)('layout, no-JavaScript reading and budgets', () => {
  let site: DemoSite;
  let browser: Browser;
  let landingPaths: string[];
  let datasetPaths: string[];
  beforeAll(async () => {
    site = await buildAndServeDemo({}, (c) => ({ ...c, facility: { ...c.facility, colour: FACILITY_COLOUR, name: FACILITY_NAME } }));
    const manifest = JSON.parse(readFileSync(path.join(site.dist, 'build-manifest.json'), 'utf8')) as { published: Array<{ path: string }> };
    landingPaths = manifest.published.map((p) => p.path);
    datasetPaths = walk(path.join(site.dist, 'doi'))
      .filter((f) => /\/datasets\/[^/]+\/index\.html$/.test(f))
      .map((f) => '/' + path.relative(site.dist, path.dirname(f)).split(path.sep).join('/') + '/');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  describe('layout', () => {
    test('no page scrolls sideways at 320 CSS px; wide tables scroll inside a focusable region', async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const wide: string[] = [];
      for (const url of [...Object.values(DEMO_PAGES), ...landingPaths]) {
        const page = await context.newPage();
        await page.goto(site.url + url);
        if (url.startsWith('/search/')) await waitForSearch(page);
        const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        if (width > 320) wide.push(`${url}: ${width}px`);
        await page.close();
      }
      expect(wide).toEqual([]);
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.datasetLong);
      const region = await page.evaluate(() => {
        const box = document.querySelector('table[data-file-table]')!.closest('.table-scroll') as HTMLElement;
        return { scrolls: box.scrollWidth > box.clientWidth, tabindex: box.tabIndex, overflow: getComputedStyle(box).overflowX };
      });
      expect(region).toEqual({ scrolls: true, tabindex: 0, overflow: 'auto' });
      await context.close();
    });

    test('printing a landing page hides navigation and shows every citation style', async () => {
      const page = await browser.newPage();
      await page.goto(site.url + DEMO_PAGES.landingReleased);
      // With script, only one style is on screen; print must not depend on that choice.
      expect(await page.locator('[data-style]:visible').count()).toBeLessThanOrEqual(1);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('nav[aria-label=Main]').isVisible()).toBe(false);
      expect(await page.locator('.jump-links').isVisible()).toBe(false);
      expect(await page.locator('[data-cite-controls]').isVisible()).toBe(false);
      const styles = page.locator('[data-style]');
      expect(await styles.count()).toBeGreaterThanOrEqual(4);
      for (const style of await styles.all()) expect(await style.isVisible()).toBe(true);
      expect(await page.locator('[data-cite-recommended]').isVisible()).toBe(true);
      expect(await page.locator('h1').isVisible()).toBe(true);
      await page.close();
    });

    test('dark mode follows the system preference', async () => {
      const background = async (colorScheme: 'light' | 'dark') => {
        const context = await browser.newContext({ colorScheme });
        const page = await context.newPage();
        await page.goto(site.url + DEMO_PAGES.landingReleased);
        const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        await context.close();
        const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
        return (r + g + b) / 3;
      };
      expect(await background('light')).toBeGreaterThan(230);
      expect(await background('dark')).toBeLessThan(40);
    });

    test("the facility's colour, logo and name come from configuration", async () => {
      const page = await browser.newPage();
      await page.goto(site.url + '/');
      expect(await (await page.request.get(site.url + '/theme.css')).text()).toContain(FACILITY_COLOUR);
      const header = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).backgroundColor);
      const hex = (h: string) => `rgb(${[1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)).join(', ')})`;
      expect(header).toBe(hex(FACILITY_COLOUR));
      expect(await page.locator('.site-header .brand img').getAttribute('src')).toBe('/logo.svg');
      expect(await page.locator('.site-header').textContent()).toContain(FACILITY_NAME);
      await page.close();
    });
  });

  describe('without JavaScript', () => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await browser.newContext({ javaScriptEnabled: false });
    });
    afterAll(() => context?.close());

    async function open(url: string): Promise<Page> {
      const page = await context.newPage();
      await page.goto(site.url + url);
      return page;
    }

    test('every landing page shows all its content: every citation style, citation downloads, dataset links', async () => {
      expect(landingPaths.length).toBeGreaterThanOrEqual(10);
      for (const url of landingPaths) {
        const page = await open(url);
        expect(await page.locator('h1').isVisible(), url).toBe(true);
        const styles = await page.locator('[data-style]').all();
        expect(styles.length, url).toBeGreaterThanOrEqual(4);
        for (const s of styles) expect(await s.isVisible(), url).toBe(true);
        expect(await page.locator('[data-cite-recommended]').isVisible(), url).toBe(true);
        expect(await page.locator('.citation-box a[download]').count(), url).toBeGreaterThanOrEqual(4);
        const embargoed = (await page.locator('.notice.embargo').count()) > 0;
        const datasetLinks = page.locator('table.data a[href*="/datasets/"]');
        if (embargoed) expect(await datasetLinks.count(), url).toBe(0);
        else {
          expect(await datasetLinks.count(), url).toBeGreaterThan(0);
          for (const a of await datasetLinks.all()) expect(await a.isVisible(), url).toBe(true);
        }
        await page.close();
      }
    });

    test('every dataset page shows its file links, manifests and commands', async () => {
      expect(datasetPaths.length).toBeGreaterThanOrEqual(20);
      for (const url of datasetPaths) {
        const page = await open(url);
        const rows = await page.locator('table[data-file-table] tbody tr').count();
        // One download link per available file, in its row header (rows may also link a rendered frame).
        const links = page.locator('table[data-file-table] tbody th[scope=row] a');
        expect(rows, url).toBeGreaterThan(0);
        expect(await links.count(), url).toBe(await page.locator('table[data-file-table] tbody tr[data-url]').count());
        if ((await links.count()) > 0) expect(await links.first().isVisible(), url).toBe(true);
        expect(await page.locator('a[href$="SHA256SUMS"], a[download]').first().isVisible(), url).toBe(true);
        // Nothing in the page is a link the reader cannot see (outside closed <details>).
        const hiddenLinks = await page.evaluate(
          () => [...document.querySelectorAll<HTMLElement>('main a[href]')].filter((a) => !a.closest('details:not([open])') && a.getClientRects().length === 0).length,
        );
        expect(hiddenLinks, url).toBe(0);
        await page.close();
      }
    });

    test('the search page points to the browse pages', async () => {
      const page = await open(DEMO_PAGES.search);
      expect(await page.locator('noscript, .notice').filter({ hasText: 'browse' }).count()).toBeGreaterThan(0);
      const browse = page.locator('main a[href^="/browse/"]');
      expect(await browse.count()).toBeGreaterThan(5);
      expect(await browse.first().isVisible()).toBe(true);
      await page.close();
    });
  });

  describe('budgets', () => {
    test('every landing page: HTML + CSS at most 60 KB compressed', () => {
      const sizes = landingPaths.map((url) => {
        const file = path.join(site.dist, url, 'index.html');
        const html = readFileSync(file, 'utf8');
        const css = [...html.matchAll(/<link[^>]+rel="?stylesheet"?[^>]*href="?([^" >]+)/g)].map((m) => gzipSize(path.join(site.dist, m[1])));
        return { url, bytes: gzipSize(file) + css.reduce((a, b) => a + b, 0) };
      });
      const largest = sizes.sort((a, b) => b.bytes - a.bytes)[0];
      console.log(`largest landing page HTML+CSS: ${(largest.bytes / 1024).toFixed(1)} KB gzip (${largest.url})`);
      expect(largest.bytes).toBeLessThanOrEqual(HTML_CSS_BUDGET);
    });

    test('JavaScript loaded before any interaction: at most 50 KB compressed, and pagefind only on the search page', async () => {
      const context = await browser.newContext();
      const report: string[] = [];
      for (const [name, url] of Object.entries(DEMO_PAGES)) {
        const page = await context.newPage();
        const scripts = new Set<string>();
        page.on('request', (req) => {
          const u = new URL(req.url());
          if (['script', 'fetch', 'xhr'].includes(req.resourceType()) || /\.(m?js|wasm|pagefind)$/.test(u.pathname)) scripts.add(u.pathname);
        });
        await page.goto(site.url + url, { waitUntil: 'networkidle' });
        const bytes = [...scripts].reduce((sum, p) => sum + gzipSize(path.join(site.dist, p)), 0);
        const pagefind = [...scripts].some((p) => p.startsWith('/pagefind/'));
        report.push(`${name}: ${(bytes / 1024).toFixed(1)} KB${pagefind ? ' (pagefind)' : ''}`);
        if (url.startsWith('/search/')) expect(pagefind, name).toBe(true);
        else {
          expect(pagefind, name).toBe(false);
          expect(bytes, name).toBeLessThanOrEqual(JS_BUDGET);
        }
        await page.close();
      }
      console.log(`JavaScript before interaction (gzip): ${report.join(', ')}`);
      await context.close();
    });
  });
});
