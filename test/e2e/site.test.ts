import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchBrowser } from '../helpers/browser.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { buildDemoSite } from '../helpers/demo-site.ts';

describe.skipIf(!existsSync(CHROMIUM_PATH))('the demo site in a real browser', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const site = await buildDemoSite();
    expect(site.report.ok).toBe(true);
    server = await serveStatic(site.dist);
    browser = await launchBrowser();
    page = await browser.newPage({ acceptDownloads: true });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('search finds a dataset by words from its title', async () => {
    await page.goto(`${server.url}/search/`);
    await page.getByLabel('Words, names or a DOI').fill('photoactive yellow');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The status says "Searching…" from the click until this query's results are in the list.
    const status = page.locator('[data-search-status]');
    await expect.poll(() => status.textContent()).toMatch(/^\d+ experiments? found\.$/);
    // Fewer than the 12 an empty query lists: this is the query's answer, not the first page's.
    expect(Number((await status.textContent())!.match(/\d+/)![0])).toBeLessThan(12);
    const titles = await page.locator('[data-search-results] h3').allTextContents();
    expect(titles.some((t) => /photoactive yellow protein/i.test(t))).toBe(true);
    expect(new URL(page.url()).searchParams.get('q')).toBe('photoactive yellow');
  });

  test('a filter narrows the results to matching records', async () => {
    await page.goto(`${server.url}/search/`);
    const status = page.locator('[data-search-status]');
    await expect.poll(() => status.textContent()).toMatch(/experiments? found/);
    const all = Number((await status.textContent())!.match(/\d+/)![0]);
    expect(all).toBe(12);
    await page.getByRole('checkbox', { name: /^ESRF \(\d+\)$/ }).check();
    await expect.poll(async () => Number((await status.textContent())?.match(/\d+/)?.[0])).toBeLessThan(all);
    const narrowed = Number((await status.textContent())!.match(/\d+/)![0]);
    expect(narrowed).toBe(3);
    expect(page.url()).toContain('f.facility=ESRF');
  });

  test('the citation box switches styles, and the BibTeX download works', async () => {
    await page.goto(`${server.url}/doi/10.5072/aperture-demo.esrf-id23-1-lyso/`);
    await page.getByLabel('Citation style').selectOption('apa');
    const apa = page.locator('[data-style="apa"]');
    await expect.poll(() => apa.isVisible()).toBe(true);
    expect(await apa.textContent()).toContain('https://doi.org/10.5072/aperture-demo.esrf-id23-1-lyso');
    expect(await page.locator('[data-style="vancouver"]').isVisible()).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'BibTeX' }).click()]);
    const bibtex = await readFile((await download.path())!, 'utf8');
    expect(bibtex).toMatch(/^@misc\{/);
    expect(bibtex).toContain('10.5072/aperture-demo.esrf-id23-1-lyso');
  });

  test('the image viewer opens with resolution rings labelled in Å', async () => {
    await page.goto(`${server.url}/doi/10.5072/aperture-demo.esrf-id23-1-lyso/datasets/lyso-1/`);
    await page.getByRole('link', { name: /Open the diffraction image viewer/ }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const labels = await dialog.locator('.rings text').allTextContents();
    expect(labels.length).toBeGreaterThan(2);
    expect(labels.every((l) => /^\d+(\.\d+)? Å$/.test(l))).toBe(true);
    await dialog.getByRole('button', { name: 'Zoom in' }).click();
    expect(await dialog.locator('svg').getAttribute('viewBox')).not.toMatch(/^0 0 /);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  test('ticking files makes a checksum list for exactly those files', async () => {
    await page.goto(`${server.url}/doi/10.5072/aperture-demo.esrf-id23-1-lyso/datasets/lyso-1/`);
    const boxes = page.locator('[data-aperture-selection] tbody input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    expect(await page.locator('[data-selection-summary]').textContent()).toMatch(/^2 of \d+ files selected/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-selection-downloads] a', { hasText: 'SHA256SUMS' }).click()]);
    const sums = (await readFile((await download.path())!, 'utf8')).trim().split('\n').filter((l) => !l.startsWith('#'));
    expect(sums).toHaveLength(2);
    expect(sums[0]).toMatch(/^[0-9a-f]{64} {2}\S+/);
  });

  test('no page visited logged an error', () => {
    expect(errors.join("\n")).toBe("");
  });
});
