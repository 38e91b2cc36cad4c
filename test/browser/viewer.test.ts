/**
 * The diffraction image viewer is readable (issue 13, point 7): ring labels never overlap,
 * the image fills its frame (no letterbox bands), and contrast changes and resets by keyboard.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAndServeDemo, DEMO_PAGES, HAS_CHROMIUM, launchBrowser, type Browser, type DemoSite, type Page } from './demo-site.ts';

describe.skipIf(!HAS_CHROMIUM && !process.env.CI)('the image viewer', () => {
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

  async function openViewer(path: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(site.url + path, { waitUntil: 'load' });
    await page.locator('[data-viewer-open]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('dialog[data-viewer-dialog][open]').count()).toBe(1);
    return page;
  }

  for (const [name, path] of [['rotation sweep', DEMO_PAGES.landingReleased], ['serial stills', DEMO_PAGES.datasetLong]] as const) {
    test(`ring labels do not overlap and stay on the image (${name})`, async () => {
      const page = await openViewer(path, { width: 1280, height: 900 });
      const dialog = page.locator('dialog[open]');
      const result = await dialog.evaluate((d) => {
        const svg = d.querySelector('svg')!.getBoundingClientRect();
        const boxes = [...d.querySelectorAll('.rings text')].map((t) => t.getBoundingClientRect());
        const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).map(() => i));
        const outside = boxes.filter((b) => b.left < svg.left - 1 || b.right > svg.right + 1 || b.top < svg.top - 1 || b.bottom > svg.bottom + 1).length;
        return { labels: boxes.length, circles: d.querySelectorAll('.rings circle').length, overlapping: overlapping.length, outside };
      });
      expect(result.circles).toBeGreaterThan(0);
      expect(result.labels).toBeGreaterThan(1);
      expect(result.overlapping).toBe(0);
      expect(result.outside).toBe(0);
      await page.context().close();
    });
  }

  for (const viewport of [{ width: 1280, height: 700 }, { width: 800, height: 1000 }, { width: 320, height: 640 }]) {
    test(`the image fills its frame, with no bands beside or above it (${viewport.width}×${viewport.height})`, async () => {
      const page = await openViewer(DEMO_PAGES.landingReleased, viewport);
      const { box, ratio } = await page.locator('dialog[open] svg').evaluate((svg) => {
        const r = svg.getBoundingClientRect();
        const [, , w, h] = svg.getAttribute('viewBox')!.split(' ').map(Number);
        return { box: { width: r.width, height: r.height }, ratio: w / h };
      });
      // The SVG box has the image's own shape, so preserveAspectRatio leaves no bands.
      expect(Math.abs(box.width / box.height - ratio)).toBeLessThan(0.02);
      expect(box.height).toBeLessThanOrEqual(viewport.height);
      expect(box.width).toBeLessThanOrEqual(viewport.width);
      await page.context().close();
    });
  }

  test('contrast goes up by keyboard, is announced, and resets', async () => {
    const page = await openViewer(DEMO_PAGES.landingReleased, { width: 1280, height: 900 });
    const dialog = page.locator('dialog[open]');
    const slope = () => dialog.locator('[data-viewer-contrast-filter] feFuncR').getAttribute('slope');
    expect(await slope()).toBe('1');
    // What the reader sees: the mean brightness of the rendered image, filter applied.
    const brightness = async () => (await sharp(await dialog.locator('svg').screenshot()).stats()).channels[0].mean;
    const before = await brightness();
    await dialog.locator('[data-viewer-contrast]').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(Number(await slope())).toBe(3);
    // Dark spots on white: more contrast darkens the faint signal the reader is looking for.
    expect(await brightness()).toBeLessThan(before * 0.9);
    expect(await dialog.locator('[data-viewer-contrast-value]').textContent()).toBe('3×');
    expect(await dialog.locator('[data-viewer-contrast]').getAttribute('aria-valuetext')).toBe('3 times');
    await dialog.locator('[data-viewer-contrast-reset]').focus();
    await page.keyboard.press('Enter');
    expect(await slope()).toBe('1');
    expect(await dialog.locator('[data-viewer-contrast]').inputValue()).toBe('1');
    expect(Math.abs((await brightness()) - before)).toBeLessThan(1);
    await page.context().close();
  });
});
