/**
 * Tables on a 320 px phone: a wide table in a description and the datasets table keep their
 * words whole and scroll sideways inside their own keyboard-reachable, named box; the page
 * itself never scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { releasedMxSpec } from '../helpers/catalogue-fixtures.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { HAS_CHROMIUM, launchBrowser } from './demo-site.ts';
import { axeViolations, describeViolations } from './axe.ts';

const DOI = '10.5072/aperture-released-fixture';
const WIDE_TABLE =
  '## Conditions\n\n| sample | buffer | cryoprotectant | temperature | wavelength | detector distance | exposure |\n| --- | --- | --- | --- | --- | --- | --- |\n' +
  '| lysozyme crystal one | 50 mM sodium acetate pH 4.5 | 25% glycerol | 100 K | 0.9763 Å | 250 mm | 0.1 s |\n';

/** Words (split at spaces and after hyphens) of table cells that the layout broke across lines. */
function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const broken = [];
    for (const cell of document.querySelectorAll('main table th, main table td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        for (const m of text.data.matchAll(/[^\\s-]+-?/g)) {
          const range = document.createRange();
          range.setStart(text, m.index);
          range.setEnd(text, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  })()`) as Promise<string[]>;
}

describe.skipIf(!HAS_CHROMIUM)('tables at 320 CSS px', () => {
  let site: FixtureSite;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    site = await buildFixtureSite([{ ...releasedMxSpec('fixture-released', DOI, 3), description: WIDE_TABLE }]);
    server = await serveStatic(site.dist);
    browser = await launchBrowser();
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } });
    page = await context.newPage();
    await page.goto(`${server.url}/doi/${DOI}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('no word in a table cell is broken across lines, and the page does not scroll sideways', async () => {
    expect(await brokenWords(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });

  test("a description's wide table scrolls in a focusable region named by the heading above it", async () => {
    const region = page.locator('.prose .table-scroll');
    expect(await region.count()).toBe(1);
    expect(await region.evaluate((el) => ({ scrolls: el.scrollWidth > el.clientWidth, tabindex: (el as HTMLElement).tabIndex, role: el.getAttribute('role') }))).toEqual({
      scrolls: true,
      tabindex: 0,
      role: 'region',
    });
    expect(await page.getByRole('region', { name: 'Conditions' }).count()).toBe(1);
  });

  test('axe finds no violations at 320 px', async () => {
    expect(describeViolations(await axeViolations(page))).toBe('');
  });
});
