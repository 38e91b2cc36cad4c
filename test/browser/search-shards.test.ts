/**
 * The search page over an index in shards (src/index/search-shards.ts): the demo built with
 * about three experiments per shard, beside the demo built with one shard, in Chromium.
 * A reader must not be able to tell them apart: the same experiments for every query, the
 * sorted lists in release order across shard boundaries, the same counts, and the
 * relevance table's first results.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildAndServeDemo, HAS_CHROMIUM, launchBrowser, waitForSearch, type Browser, type DemoSite, type Page } from './demo-site.ts';
import type { ShardManifest } from '../../src/index/shard-list.ts';
import { QUERIES } from './search-queries.ts';

interface Listing {
  status: string;
  links: string[];
  /** Release dates shown under each result, as ISO dates. */
  released: string[];
}

/** Every result of a search URL: "Load more" until it hides. */
async function listAll(page: Page, url: string): Promise<Listing> {
  await page.goto(url);
  await waitForSearch(page);
  const more = page.locator('[data-search-more]');
  while (await more.isVisible()) {
    const shown = await page.locator('[data-search-results] li').count();
    await more.click();
    await page.locator('[data-search-results] li').nth(shown).waitFor();
  }
  return page.evaluate(() => {
    const items = [...document.querySelectorAll('[data-search-results] li')];
    return {
      status: document.querySelector('[data-search-status]')?.textContent ?? '',
      links: items.map((li) => new URL(li.querySelector<HTMLAnchorElement>('h3 a')!.href).pathname),
      released: items.map((li) => {
        const shown = /released (\d{1,2} \w+ \d{4})/.exec(li.textContent ?? '')?.[1];
        return shown ? new Date(`${shown} UTC`).toISOString().slice(0, 10) : '';
      }),
    };
  });
}

/** Searches whose lists must match; the sorted ones must also be in release order. */
const LISTS: Array<[search: string, order: 'newest' | 'oldest' | 'relevance']> = [
  ['', 'newest'],
  ['?sort=oldest', 'oldest'],
  ['?f.facility=ESRF', 'newest'],
  ['?q=lysozyme&sort=newest', 'newest'],
  ['?q=crystallography&sort=oldest', 'oldest'],
  ['?q=lysozyme', 'relevance'],
  ['?q=serial%20crystallography', 'relevance'],
  ['?q=thaumatn', 'relevance'],
];

describe.skipIf(!HAS_CHROMIUM && !process.env.CI)('search over an index in shards', () => {
  let one: DemoSite;
  let sharded: DemoSite;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    one = await buildAndServeDemo();
    sharded = await buildAndServeDemo({}, (config) => ({ ...config, search: { shardPages: 3 } }));
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await one?.close();
    await sharded?.close();
  });

  test('the demo is in several shards, listed oldest first, each holding its own pages', () => {
    const list = (site: DemoSite) => JSON.parse(readFileSync(path.join(site.dist, 'pagefind', 'shards.json'), 'utf8')) as ShardManifest;
    expect(list(one).shards).toHaveLength(1);
    const shards = list(sharded).shards;
    expect(shards.length).toBeGreaterThanOrEqual(3);
    expect(shards.reduce((n, s) => n + s.pages, 0)).toBe(list(one).shards[0].pages);
    for (let i = 1; i < shards.length; i++) expect(shards[i - 1].to <= shards[i].from).toBe(true);
  });

  test.each(LISTS)('%s lists what one index lists, in order', async (search, order) => {
    const expected = await listAll(page, `${one.url}/search/${search}`);
    const found = await listAll(page, `${sharded.url}/search/${search}`);
    expect(expected.links.length).toBeGreaterThan(0);
    expect(found.status).toBe(expected.status);
    expect([...found.links].sort()).toEqual([...expected.links].sort());
    if (order === 'relevance') return;
    const sorted = [...found.released].sort();
    expect(found.released).toEqual(order === 'oldest' ? sorted : sorted.reverse());
    expect(found.released.every(Boolean)).toBe(true);
  });

  test('a search index that cannot be loaded is said so, not left loading', async () => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.route('**/pagefind/shards.json', (route) => route.fulfill({ status: 503, body: '' }));
    await fresh.goto(`${sharded.url}/search/?q=lysozyme`);
    await fresh.waitForFunction(() => /could not be loaded/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    await context.close();
  });

  test.each(QUERIES.filter(([, first]) => first))('the first result for %s is the one an unsharded index gives', async (query, first) => {
    const found = await listAll(page, `${sharded.url}/search/?q=${encodeURIComponent(query)}`);
    expect(first!.map((p) => p.toLowerCase()), `first result for "${query}" (status: ${found.status}; got ${found.links.join(', ')})`).toContain((found.links[0] ?? '(none)').toLowerCase());
  });
});
