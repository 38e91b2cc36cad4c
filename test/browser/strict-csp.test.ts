/**
 * The site under the strict CSP of conventions.md C2, sent as a real response header (the
 * `/*` rule of the `_headers` file the build writes for static hosts) on top of the <meta>
 * copy in every page: every page type loads, search runs, a filter applies, the citation
 * box switches style and copies, the image viewer opens where there is one — with zero CSP
 * violation reports and zero console errors.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildAndServeDemo, DEMO_PAGES, HAS_CHROMIUM, launchBrowser, STORAGE_ORIGIN, waitForSearch, type DemoSite } from './demo-site.ts';

/** Headers of the `/*` rule in a `_headers` file (Netlify/Cloudflare syntax). */
export function wildcardHeaders(file: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inWildcard = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      inWildcard = line.trim() === '/*';
      continue;
    }
    const m = /^\s+([^:]+):\s*(.*)$/.exec(line);
    if (inWildcard && m) headers[m[1]] = m[2];
  }
  return headers;
}

describe.skipIf(!HAS_CHROMIUM)('strict Content-Security-Policy', () => {
  let site: DemoSite;
  let browser: Browser;
  let context: BrowserContext;
  let headers: Record<string, string> = {};
  const problems: string[] = [];

  beforeAll(async () => {
    site = await buildAndServeDemo();
    const headersFile = path.join(site.dist, '_headers');
    if (existsSync(headersFile)) headers = wildcardHeaders(headersFile);
    // The static server sends what a static host would send from `_headers`.
    site.server.server.prependListener('request', (_req, res) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    await context.exposeBinding('__reportCsp', ({ page }, violation: string) => {
      problems.push(`CSP ${page.url()}: ${violation}`);
    });
    // Runs before any page script, outside the page's CSP.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __reportCsp(v: string): void }).__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (msg) => {
      // The 404 page's own status is logged as an error by the browser; it is the expected answer.
      if (url === DEMO_PAGES.notFound && /status of 404/.test(msg.text())) return;
      if (msg.type() === 'error') problems.push(`console ${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror ${page.url()}: ${error.message}`));
    const response = await page.goto(site.url + url, { waitUntil: 'networkidle' });
    if (url !== DEMO_PAGES.notFound) expect(response?.status(), url).toBe(200);
    return page;
  }

  test('the `_headers` file for static hosts sends the strict policy as a header', () => {
    const csp = headers['Content-Security-Policy'] ?? '';
    for (const directive of [
      "default-src 'none'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${STORAGE_ORIGIN}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\s\*/);
  });

  test('no page has inline scripts, inline styles or style attributes to allow', async () => {
    const page = await open(DEMO_PAGES.landingReleased);
    const inline = await page.evaluate(() => ({
      scripts: [...document.querySelectorAll('script:not([src])')].filter((s) => s.getAttribute('type') !== 'application/ld+json').length,
      styles: document.querySelectorAll('style').length,
      styleAttributes: document.querySelectorAll('[style]').length,
    }));
    expect(inline).toEqual({ scripts: 0, styles: 0, styleAttributes: 0 });
    await page.close();
  });

  test('every page type loads and works with zero violations and zero console errors', async () => {
    for (const url of Object.values(DEMO_PAGES)) {
      const page = await open(url);
      if (url.startsWith('/search/')) await waitForSearch(page);
      await page.close();
    }

    // Search: a query, then a filter.
    const search = await open('/search/');
    await waitForSearch(search);
    await search.fill('input[name=q]', 'lysozyme');
    await search.press('input[name=q]', 'Enter');
    await expect.poll(() => search.url()).toContain('q=lysozyme');
    await expect.poll(() => search.locator('[data-search-status]').textContent()).toMatch(/\d+ experiments? found/);
    await search.locator('input[data-filter=facility][value=ESRF]').check();
    await expect.poll(() => search.url()).toContain('f.facility=ESRF');
    await expect.poll(() => search.locator('[data-search-results] li').count()).toBeGreaterThan(0);
    await search.close();

    // Citation box: choose a style, copy.
    const landing = await open(DEMO_PAGES.landingReleased);
    await landing.selectOption('[data-cite-select]', 'harvard');
    expect(await landing.locator('[data-style=harvard]').isVisible()).toBe(true);
    await landing.click('[data-cite-copy]');
    await expect.poll(() => landing.locator('[data-cite-status]').textContent()).toMatch(/copied/i);

    // The image viewer, wherever the demo has a preview.
    const opener = landing.locator('[data-viewer-open]').first();
    if (await opener.count()) {
      await opener.click();
      await expect.poll(() => landing.locator('dialog[data-viewer-dialog][open]').count()).toBe(1);
      await landing.keyboard.press('Escape');
    }
    await landing.close();

    // The home page's search form navigates (form-action 'none' forbids submitting it).
    const home = await open('/');
    await home.fill('#home-q', 'thaumatin');
    await home.press('#home-q', 'Enter');
    await home.waitForURL(/\/search\/\?q=thaumatin/);
    await waitForSearch(home);
    await home.close();

    expect(problems).toEqual([]);
  });
});
