/**
 * A 1 MB title (hostile or careless metadata) is kept whole where it is the record's
 * metadata (citation_title, JSON-LD name, the page heading, the exports) but is not copied
 * into page chrome: the browser tab, the file pages' breadcrumbs and description, and the
 * record cards of every list page, which it once made a megabyte each.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rm } from 'node:fs/promises';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, releasedMxSpec } from '../helpers/catalogue-fixtures.ts';
import { CHROME_TITLE_CHARS } from '../../src/model/landing.ts';

const DOI = '10.5072/aperture-long-title';
const TITLE = `Crystal structures ${'of hen egg-white lysozyme soaked in gadolinium '.repeat(22_000)}at 100 K`;

let site: FixtureSite;
beforeAll(async () => {
  const spec = releasedMxSpec('long-title', DOI, 2);
  spec.datacite = fixtureDataCite(DOI, TITLE);
  site = await buildFixtureSite([spec]);
}, 300_000);
afterAll(async () => {
  if (site) await rm(site.root, { recursive: true, force: true });
});

const copies = (html: string) => html.split(TITLE.slice(0, 5_000)).length - 1;

test('the landing page keeps the whole title in its heading and metadata, and a cut one in the browser tab', async () => {
  expect(TITLE.length).toBeGreaterThan(1_000_000);
  const html = await site.read(`doi/${DOI}/index.html`);
  const tab = /<title>([^<]*)<\/title>/.exec(html)![1]!;
  expect(tab.length).toBeLessThan(CHROME_TITLE_CHARS + 40);
  expect(tab).toMatch(/^Crystal structures of hen egg-white lysozyme [a-z -]*[a-z]… · Fixture Archive$/);
  expect(html.includes(`<meta name="citation_title" content="${TITLE}">`)).toBe(true);
  expect(html.includes(`"name":"${TITLE}"`)).toBe(true);
  // Compared as booleans: a failure message would print the megabyte.
  expect(html.includes(`>${TITLE}</h1>`)).toBe(true);
  expect((await site.read(`doi/${DOI}/citation.ris`)).includes(`TI  - ${TITLE}\n`)).toBe(true);
});

test('file pages and list pages show the title cut at a word, not a megabyte each', async () => {
  for (const page of [`doi/${DOI}/datasets/sweep-1/index.html`, 'experiments/index.html', 'index.html', 'browse/year/2024/index.html']) {
    const html = await site.read(page);
    expect(copies(html), page).toBe(0);
    expect(html.length, page).toBeLessThan(100_000);
  }
  const files = await site.read(`doi/${DOI}/datasets/sweep-1/index.html`);
  expect(files).toMatch(/>Crystal structures of hen egg-white lysozyme [a-z -]*[a-z]…<\/a> › Dataset/);
});
