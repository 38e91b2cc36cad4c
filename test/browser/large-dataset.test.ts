/**
 * A 20,000-file dataset is one selection (issue 13, point 5): "select all matching in the
 * dataset" reaches files on every page through the full listing, the selection manifests
 * carry all of them, and a frame number anywhere in the dataset is one jump away. Without
 * JavaScript the pages stay (layout-nojs-budgets covers them).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAndServeDemo, DEMO_PAGES, HAS_CHROMIUM, launchBrowser, type Browser, type DemoSite } from './demo-site.ts';

describe.skipIf(!HAS_CHROMIUM && !process.env.CI)('a long dataset as one selection', () => {
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

  test('filter and select all matching across all 80 pages; the manifests list every selected file', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(site.url + DEMO_PAGES.datasetLong);
    await page.locator('[data-selection-filter]').fill('chip07_01*');
    await page.locator('[data-selection-select-all-matching]').click();
    // chip07_010000 … chip07_019999: 10,000 frames, 0 of them on page 1.
    await expect.poll(() => page.locator('[data-selection-summary]').textContent()).toMatch(/^10,000 of 20,000 files selected/);
    await page.locator('[data-selection-filter]').fill('');
    await page.locator('[data-selection-select-all-matching]').click();
    await expect.poll(() => page.locator('[data-selection-summary]').textContent()).toMatch(/^20,000 of 20,000 files selected/);
    expect(await page.locator('table[data-file-table] tbody input[type=checkbox]:checked').count()).toBe(250);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-selection-downloads] a[data-format=sha256]').click()]);
    const text = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(20_000);
    expect(text).toContain('images/chip07_019999.cbf');
    // Unticking one file on this page leaves the rest of the dataset selected.
    await page.locator('table[data-file-table] tbody input[type=checkbox]').first().uncheck();
    await expect.poll(() => page.locator('[data-selection-summary]').textContent()).toMatch(/^19,999 of 20,000/);
    await context.close();
  });

  test('a frame number jumps to its page and row', async () => {
    const page = await browser.newPage();
    await page.goto(site.url + DEMO_PAGES.datasetLong);
    await page.locator('#file-jump').fill('12345');
    await page.locator('#file-jump').press('Enter');
    await page.waitForURL(/\/page\/50\/#file-12345$/);
    expect(await page.locator('tr:target th').textContent()).toContain('chip07_012345.cbf');
    await page.close();
  });

  test('the hits-only dataset and its parent state the same facts, each with its source, and unread headers say so', async () => {
    const text = async (p: string) => (await (await fetch(site.url + p)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const parent = await text(DEMO_PAGES.datasetLong);
    const hits = await text(DEMO_PAGES.datasetLong.replace('chip-07/', 'chip-07-hits/'));
    for (const page of [parent, hits]) {
      expect(page).toMatch(/Detector PILATUS 6M \((declared, and the files agree|read from the files)\)/);
      expect(page).toMatch(/Wavelength 1\.0332 Å \((declared, and the files agree|read from the files)\)/);
      expect(page).not.toContain('synthetic demo frame');
    }
    expect(hits).toContain('Picked from a run with a hit rate of 11.8 %');
    expect(hits).not.toMatch(/Hit rate 100/);
    // Page 2 of the parent lies beyond the 50 headers read: its rows say "not read", never blank.
    const page2 = await (await fetch(site.url + DEMO_PAGES.datasetLongPage2)).text();
    const rows = page2.match(/<tr id="file-\d+"[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(250);
    expect(rows.every((r) => r.includes('not read'))).toBe(true);
  });
});

