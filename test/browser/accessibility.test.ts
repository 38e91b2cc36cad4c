/**
 * Accessibility in a real browser (conventions.md B1/B2): axe-core with the WCAG 2.0–2.2 A/AA
 * tags on every page type, in light and dark colour schemes, and keyboard-only use of search,
 * filters, the citation box, copy and pagination.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildAndServeDemo, DEMO_PAGES, HAS_CHROMIUM, launchBrowser, waitForSearch, type DemoSite } from './demo-site.ts';
import { axeViolations, describeViolations } from './axe.ts';

describe.skipIf(!HAS_CHROMIUM)('accessibility of every page type', () => {
  let site: DemoSite;
  let browser: Browser;
  beforeAll(async () => {
    site = await buildAndServeDemo();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(site.url + path, { waitUntil: 'load' });
    if (path.startsWith('/search/')) await waitForSearch(page);
    return page;
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds no WCAG 2.2 AA violations (${colorScheme} scheme)`, async () => {
      // axe is injected as a script element, which the page's own CSP would refuse: only
      // these contexts bypass it (the CSP itself is tested in strict-csp.test.ts).
      const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 900 } });
      const found: string[] = [];
      for (const [name, path] of Object.entries(DEMO_PAGES)) {
        // Page 2 of the long file list has page 1's markup; axe on 250 rows costs ~5 s a scheme.
        if (name === 'datasetLongPage2') continue;
        const page = await open(context, path);
        const violations = await axeViolations(page);
        if (violations.length) found.push(`${name} (${path}):\n${describeViolations(violations)}`);
        await page.close();
      }
      await context.close();
      expect(found.join('\n\n')).toBe('');
    });
  }

  test('axe passes at 320 px too (reflow, target size)', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 640 } });
    const found: string[] = [];
    for (const path of [DEMO_PAGES.home, DEMO_PAGES.landingReleased, DEMO_PAGES.datasetLongPage2, DEMO_PAGES.searchFiltered, DEMO_PAGES.statistics]) {
      const page = await open(context, path);
      const violations = await axeViolations(page);
      if (violations.length) found.push(`${path}:\n${describeViolations(violations)}`);
      await page.close();
    }
    await context.close();
    expect(found.join('\n\n')).toBe('');
  });

  describe('keyboard alone', () => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    });
    afterAll(() => context?.close());

    /** Presses Tab until `selector` has focus (bounded), as a keyboard user would. */
    async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`${selector} never received focus after ${max} Tab presses`);
    }

    async function focusIsVisible(page: Page): Promise<{ outline: string; width: number; inViewport: boolean; covered: boolean }> {
      return page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const cx = Math.min(Math.max(box.left + 2, 0), innerWidth - 1);
        const cy = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
        const top = document.elementFromPoint(cx, cy);
        return {
          outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth),
          inViewport: box.bottom > 0 && box.top < innerHeight,
          covered: !!top && top !== el && !el.contains(top) && !top.contains(el),
        };
      });
    }

    test('the skip link is the first stop, is visible when focused, and moves focus to the main content', async () => {
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.landingReleased);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/skip to content/i);
      const focus = await focusIsVisible(page);
      expect(focus).toMatchObject({ inViewport: true, covered: false });
      expect(focus.outline).not.toBe('none');
      expect(focus.width).toBeGreaterThanOrEqual(2);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page.close();
    });

    test('every focus stop on a landing page shows an outline and is not hidden', async () => {
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.landingReleased);
      const problems: string[] = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        // Past the last stop focus leaves the page for the browser's own UI.
        if (await page.evaluate(() => document.activeElement === document.body)) break;
        const focus = await focusIsVisible(page);
        const name = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim().slice(0, 40)}`);
        if (focus.outline === 'none' || focus.width < 2 || !focus.inViewport || focus.covered) problems.push(`${name}: ${JSON.stringify(focus)}`);
      }
      expect(problems).toEqual([]);
      await page.close();
    });

    test('citation style choice and copy work by keyboard; "copied" is announced via role=status', async () => {
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.landingReleased);
      await tabTo(page, '[data-cite-select]');
      await page.keyboard.press('ArrowDown'); // first real style after "DataCite recommended"
      const shown = await page.locator('[data-style]:not([hidden])').count();
      expect(shown).toBe(1);
      const visibleStyle = await page.locator('[data-style]:not([hidden])').getAttribute('data-style');
      expect(visibleStyle).toBe('apa');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.matches('[data-cite-copy]'))).toBe(true);
      await page.keyboard.press('Enter');
      const status = page.locator('[data-citation-box] [role=status]');
      await expect.poll(() => status.textContent()).toMatch(/copied|selected/i);
      const clipboard = await page.evaluate(() => navigator.clipboard.readText());
      expect(clipboard).toMatch(/lysozyme/i);
      expect(clipboard).toMatch(/^[A-Z]/); // APA starts with the first author, not the recommended text's markup
      await page.close();
    });

    test('search and filters work by keyboard; result counts are announced via role=status', async () => {
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.search);
      await waitForSearch(page);
      await tabTo(page, 'input[name=q]');
      const status = page.locator('[data-search-status]');
      expect(await status.getAttribute('role')).toBe('status');
      const count = async () => Number(((await status.textContent()) ?? '').match(/^(\d+) experiments? found/)?.[1] ?? -1);
      const all = await count();
      await page.keyboard.type('lysozyme');
      await page.keyboard.press('Enter');
      // The URL is updated just before the count is announced.
      await expect.poll(() => page.url()).toContain('q=lysozyme');
      await expect.poll(count).toBeGreaterThan(0);
      const before = await count();
      expect(before).toBeLessThan(all);
      await tabTo(page, 'input[type=checkbox][data-filter=facility][value=ESRF]');
      await page.keyboard.press('Space');
      await expect.poll(() => page.url()).toContain('f.facility=ESRF');
      await expect.poll(count).toBeLessThan(before);
      const titles = await page.locator('[data-search-results] h3 a').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      await page.close();
    });

    test('the image viewer opens, zooms and closes by keyboard, and focus returns to its opener', async () => {
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.landingReleased);
      expect(await page.locator('[data-viewer-open]').count()).toBeGreaterThan(0);
      await tabTo(page, '[data-viewer-open]');
      await page.keyboard.press('Enter');
      const dialog = page.locator('dialog[data-viewer-dialog][open]');
      await expect.poll(() => dialog.count()).toBe(1);
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
      const before = await dialog.locator('svg').getAttribute('viewBox');
      await tabTo(page, 'dialog[open] [data-viewer-zoom=in]', 10);
      await page.keyboard.press('Enter');
      expect(await dialog.locator('svg').getAttribute('viewBox')).not.toBe(before);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.matches('[data-viewer-open]'))).toBe(true);
      await page.close();
    });

    test('files are selected by keyboard and the selection is announced', async () => {
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.datasetLong);
      await tabTo(page, 'table[data-file-table] tbody input[type=checkbox]');
      await page.keyboard.press('Space');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
      await expect.poll(() => page.locator('[data-selection-summary]').textContent()).toMatch(/^1 of /);
      expect(await page.locator('[data-selection-summary]').getAttribute('aria-live')).toBe('polite');
      await page.close();
    });

    test('file pages paginate by keyboard, and the table has a caption, header scopes and descriptive links', async () => {
      const page = await context.newPage();
      await page.goto(site.url + DEMO_PAGES.datasetLong);
      const table = page.locator('table[data-file-table]');
      await expect.poll(() => table.locator('caption').textContent()).toMatch(/page 1 of \d+/);
      expect(await table.locator('thead th:not([scope=col])').count()).toBe(0);
      expect(await table.locator('tbody th[scope=row]').count()).toBeGreaterThan(100);
      const firstLink = (await table.locator('tbody a').first().textContent())!;
      // File name, format and size in the link's text (not a bare "Download").
      expect(firstLink).toMatch(/\.(cbf|h5|nxs|img)\b.*\(.+, [\d.]+ [KMGT]?B\)/);
      // The scrollable table region is reachable by keyboard.
      expect(await page.locator('.table-scroll[tabindex="0"]').count()).toBeGreaterThan(0);
      await tabTo(page, 'nav.pagination a[rel=next]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/page\/2\/$/);
      await expect.poll(() => page.locator('table[data-file-table] caption').textContent()).toMatch(/page 2 of/);
      await page.close();
    });
  });
});
