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

const ESRF_LYSO = '/doi/10.5072/aperture-demo.esrf-id23-1-lyso/';
const P11 = '/doi/10.5072/aperture-demo.p11-ssx-lyso/';
const SWISSFEL = '/doi/10.5072/aperture-demo.swissfel-pyp/';
const EUXFEL = '/doi/10.5072/aperture-demo.euxfel-spb-mpro/';
const LCLS = '/doi/10.5072/aperture-demo.lcls-cxi-ps1/';
const INSULIN = '/doi/10.5072/aperture-demo.sls-x06sa-ins/';
const THAUMATIN = '/doi/10.5072/aperture-demo.diamond-i03-thau/';
const MULTI = '/doi/10.5072/aperture-demo.diamond-i04-mc/';
const PROTK = '/doi/10.5072/aperture-demo.as-mx2-protk/';
const TRYPSIN = '/doi/10.5072/aperture-demo.als-821-tryp/';
const ALEODON = '/doi/10.15151/esrf-dc-2493599001/';
const EMBARGOED = '/doi/10.15151/esrf-es-2210534378/';

/** [query, where the first result must lead (one of), or null for "no result"]. */
const QUERIES: Array<[query: string, first: string[] | null]> = [
  // Identifiers: the record's DOI in its usual spellings.
  ['10.5072/aperture-demo.esrf-id23-1-lyso', [ESRF_LYSO]],
  ['https://doi.org/10.5072/aperture-demo.swissfel-pyp', [SWISSFEL]],
  ['doi:10.15151/ESRF-DC-2493599001', [ALEODON]],
  ['10.15151/esrf-es-2210534378', [EMBARGOED]],
  // PDB IDs, in any case; one in no record finds nothing (it used to find a P11 record).
  ['6LU7', [EUXFEL]],
  ['2ptn', [TRYPSIN]],
  ['1LYZ', [ESRF_LYSO, P11]],
  ['2LZM', [MULTI]],
  ['7XYZ', null],
  // Proposal numbers.
  ['MX-9001', [ESRF_LYSO]],
  ['I-20240123', [P11]],
  ['20221234', [INSULIN]],
  // ORCIDs, bare and as URLs.
  ['0000-0003-9000-0014', [ESRF_LYSO]],
  ['https://orcid.org/0000-0003-9000-017X', [SWISSFEL]],
  // Related DOIs (the article the data supports).
  ['10.1038/nature09750', [LCLS, SWISSFEL]],
  // File names lead to the dataset page that lists them.
  ['lyso_1_00001.cbf', [`${ESRF_LYSO}datasets/lyso-1/`]],
  ['XDS.INP', [`${ESRF_LYSO}datasets/lyso-1-xds/`]],
  ['thau_02_master.h5', [`${THAUMATIN}datasets/thau-02/`]],
  // A frame deep in the 20,000-file dataset lands on the listing page that holds it.
  ['chip07_012345.cbf', [`${P11}datasets/chip-07/page/50/`]],
  // Withdrawn and unreleased records are found by nothing.
  ['1EMA', null],
  ['gfp', null],
  ['MX-9999', null],
  ['zqx7', null],
  // Words match words: "withdrawn" is in no record, and must not match "with".
  ['withdrawn', null],
  // Protein names.
  ['insulin', [INSULIN]],
  ['thaumatin', [THAUMATIN]],
  ['proteinase K', [PROTK]],
  ['trypsin', [TRYPSIN]],
  ['photoactive yellow protein', [SWISSFEL]],
  ['SARS-CoV-2 main protease', [EUXFEL]],
  ['Hen egg-white lysozyme', [ESRF_LYSO]],
  ['Aleodon', [ALEODON]],
  // Authors.
  ['Moreau', [ESRF_LYSO]],
  ['Nguyen', [PROTK]],
  ['Choiniere', [ALEODON]],
  ['Brunner', [SWISSFEL]],
  // Beamlines and facilities.
  ['X06SA', [INSULIN]],
  ['P11', [P11]],
  ['Australian Synchrotron', [PROTK]],
  // Techniques.
  ['tomography', [ALEODON]],
  ['serial femtosecond crystallography', [SWISSFEL, EUXFEL, LCLS]],
  // A misspelling still finds the record; a word no record has finds nothing.
  ['thaumatn', [THAUMATIN]],
  ['photosystme', [LCLS]],
  ['xylophone', null],
];

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
      const own = (await p.evaluate("import('/pagefind/pagefind.js').then((pagefind) => pagefind.filters())")) as Record<string, Record<string, number>>;
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
