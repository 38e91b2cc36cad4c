/**
 * What a reader finds: a table of queries typed into the search page of the built demo,
 * in Chromium, each with the page its first result must lead to (or no result at all).
 * Identifiers land on the records that carry them; words match words, never a short
 * prefix of them; excerpts hold the record's words, never interface text; counts say what
 * they count. The table grows with every relevance bug: add the query that went wrong.
 * What a first search fetches is checked here too: the facets' counts come from the index
 * stage's small counts file, and pagefind fetches a filter's chunk only when one is selected.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildAndServeDemo, HAS_CHROMIUM, launchBrowser, waitForSearch, type DemoSite } from './demo-site.ts';
import { ESRF_LYSO, EUXFEL, LCLS, P11, QUERIES, SWISSFEL } from './search-queries.ts';

/** Text of the interface that must never appear in an excerpt. */
const INTERFACE_TEXT = /\b(Zoom in|Zoom out|Fit|Close|Copy|Download data|Cite this dataset|On this page)\b/;

describe.skipIf(!HAS_CHROMIUM && !process.env.CI)('search relevance on the built demo', () => {
  let site: DemoSite;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    site = await buildAndServeDemo();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function search(query: string): Promise<{ status: string; links: string[]; excerpts: string[] }> {
    await page.goto(`${site.url}/search/?q=${encodeURIComponent(query)}`);
    await waitForSearch(page);
    return page.evaluate(() => ({
      status: document.querySelector('[data-search-status]')?.textContent ?? '',
      links: [...document.querySelectorAll<HTMLAnchorElement>('[data-search-results] li h3 a')].map((a) => new URL(a.href).pathname),
      excerpts: [...document.querySelectorAll('[data-search-results] li')].map((li) => li.textContent ?? ''),
    }));
  }

  test('the table holds at least 30 queries', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(QUERIES)('%s', async (query, first) => {
    const found = await search(query);
    if (first === null) {
      expect(found.links, `"${query}" should find nothing (status: ${found.status})`).toEqual([]);
      expect(found.status).toMatch(/^No /);
    } else {
      expect(first.map((p) => p.toLowerCase()), `first result for "${query}" (status: ${found.status}; got ${found.links.join(', ')})`).toContain(
        (found.links[0] ?? '(none)').toLowerCase(),
      );
    }
    for (const text of found.excerpts) expect(text).not.toMatch(INTERFACE_TEXT);
  });

  test('counts name what they count: experiments for words, files for file names', async () => {
    const words = await search('lysozyme');
    expect(words.status).toMatch(/^\d+ experiments? found\.$/);
    expect(words.links.length).toBeGreaterThan(1);
    const file = await search('chip07_000016.cbf');
    expect(file.status).toMatch(/^2 files named chip07_000016\.cbf\.$/);
    expect(file.links).toEqual([`${P11}datasets/chip-07/`, `${P11}datasets/chip-07-hits/`]);
  });

  test('a sentence no record holds whole says so over the records holding most of its words; OR finds either', async () => {
    // (Every record is "Dataset: Diffraction images", so "diffraction data for thaumatin" is held whole.)
    const most = await search('structure data for thaumatin');
    expect(most.status).toBe('No experiment contains every word; 1 experiment contains most of them.');
    expect(most.links[0]).toBe('/doi/10.5072/aperture-demo.diamond-i03-thau/');
    const either = await search('thaumatin OR trypsin');
    expect(either.status).toBe('2 experiments found.');
    expect(either.links.sort()).toEqual(['/doi/10.5072/aperture-demo.als-821-tryp/', '/doi/10.5072/aperture-demo.diamond-i03-thau/']);
  });

  test('a word in the other of British and American spelling is found as the reader wrote it, not as a near miss', async () => {
    for (const query of ['vapor diffusion', 'Australian Nuclear Science and Technology Organization', 'revolutionised']) {
      expect((await search(query)).status, query).toBe('1 experiment found.');
    }
  });

  test('a word matched by its stem is a match, not a near miss', async () => {
    // pagefind finds "crystallized" as "crystal": in "Multi-crystal" and "crystals" too.
    const found = await search('crystallized lysozyme');
    expect(found.status).toBe('3 experiments found.');
    expect(found.links[0]).toBe(ESRF_LYSO);
  });

  test('a name with its umlaut spelt out finds the name without it as a match, not as a misspelling', async () => {
    const found = await search('Mueller');
    expect(found.status).toBe('1 experiment found.');
    expect(found.links).toEqual([P11]);
  });

  test('a word after "-" or NOT leaves out every record holding it, and the status says so', async () => {
    for (const query of ['crystallography -serial', 'crystallography NOT serial']) {
      const without = await search(query);
      expect(without.status).toMatch(/^\d+ experiments found without “serial”\.$/);
      expect(without.links.length).toBeGreaterThan(3);
      expect(without.links.filter((l) => [P11, SWISSFEL, EUXFEL, LCLS].includes(l))).toEqual([]);
    }
    // Only words to leave out: every other experiment, newest first.
    const rest = await search('-lysozyme');
    expect(rest.links.length).toBeGreaterThan(3);
    expect(rest.links).not.toContain(ESRF_LYSO);
  });

  test('facets still narrow the ranked search', async () => {
    await page.goto(`${site.url}/search/?q=lysozyme&f.facility=ESRF`);
    await waitForSearch(page);
    const links = await page.$$eval('[data-search-results] li h3 a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual([ESRF_LYSO]);
    const filters = await page.$$eval('[data-search-filters] legend', (ls) => ls.map((l) => l.textContent));
    expect(filters).toEqual(expect.arrayContaining(['Facility', 'Beamline', 'Technique', 'Detector', 'X-ray wavelength', 'Hit rate']));
  });

  /** Opens a search in a fresh context (empty cache) and records every response's path and size as sent. */
  async function firstSearch(query: string): Promise<{ page: Page; fetched: Array<{ path: string; bytes: number }>; close(): Promise<void> }> {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    const fetched: Array<{ path: string; bytes: number }> = [];
    const bodies: Array<Promise<void>> = [];
    fresh.on('response', (response) => {
      bodies.push(response.body().then((body) => void fetched.push({ path: new URL(response.url()).pathname, bytes: body.length }), () => undefined));
    });
    await fresh.goto(`${site.url}/search/${query}`);
    await waitForSearch(fresh);
    await fresh.waitForLoadState('networkidle');
    await Promise.all(bodies);
    return { page: fresh, fetched, close: () => context.close() };
  }

  const facetLabels = async (p: Page) => (await p.$$eval('[data-search-filters] label', (ls) => ls.map((l) => l.textContent ?? ''))).sort();
  /** The labels the counts file the build wrote should give ("ESRF (3)"). */
  function countedLabels(): string[] {
    const counts = JSON.parse(readFileSync(path.join(site.dist, 'search-ids/filters.json'), 'utf8')) as Record<string, Record<string, number>>;
    return Object.values(counts)
      .flatMap((values) => Object.entries(values).map(([value, count]) => `${value} (${count})`))
      .sort();
  }

  test('facets show the counts pagefind itself would, without fetching a filter chunk', async () => {
    const { page: p, fetched, close } = await firstSearch('?q=lysozyme');
    try {
      expect(fetched.filter((f) => f.path.endsWith('.pf_filter')).map((f) => f.path)).toEqual([]);
      const labels = await facetLabels(p);
      expect(labels).toEqual(countedLabels());
      expect(labels.find((l) => l.startsWith('ESRF ('))).toMatch(/^ESRF \([2-9]\)$/);
      // Now load pagefind's own counts (every filter chunk) and compare with what the page drew.
      // A string, so vitest's transform leaves the page's own dynamic import alone.
      const own = (await p.evaluate(
        "fetch('/pagefind/shards.json').then((r) => r.json()).then((list) => import(`/pagefind/${list.shards.at(-1).name}/pagefind.js`)).then((pagefind) => pagefind.filters())",
      )) as Record<string, Record<string, number>>;
      const drawn = Object.values(own).flatMap((values) => Object.entries(values).map(([value, count]) => `${value} (${count})`));
      expect(labels).toEqual(drawn.sort());
    } finally {
      await close();
    }
  });

  test('a first search of two words and a filter fetches only that filter’s chunk, and the facets still count', async () => {
    const { page: p, fetched, close } = await firstSearch('?q=lysozyme%20rotation&f.facility=ESRF');
    try {
      const links = await p.$$eval('[data-search-results] li h3 a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(links).toEqual([ESRF_LYSO]);
      expect(await p.isChecked('input[data-filter=facility][value=ESRF]')).toBe(true);
      expect(await facetLabels(p)).toEqual(countedLabels());
      expect(fetched.filter((f) => f.path.endsWith('.pf_filter'))).toHaveLength(1);
      const total = fetched.reduce((n, f) => n + f.bytes, 0);
      console.error(`first search "lysozyme rotation" + facility on the demo: ${fetched.length} responses, ${(total / 1024).toFixed(0)} KB as stored`);
    } finally {
      await close();
    }
  });
});
