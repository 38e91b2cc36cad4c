/**
 * A 1 MB title (hostile or careless metadata) is kept whole where it is the record's
 * metadata (citation_title, JSON-LD name, the page heading, the exports) but is not copied
 * into page chrome: the browser tab, the file pages' breadcrumbs and description, and the
 * record cards of every list page, which it once made a megabyte each.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rm } from 'node:fs/promises';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, fixtureExperiment, releasedMxSpec, sweepDataset } from '../helpers/catalogue-fixtures.ts';
import { CHROME_TITLE_CHARS } from '../../src/model/landing.ts';
import { REPEATED_TITLE_CHARS } from '../../src/record/fields.ts';

const DOI = '10.5072/aperture-long-title';
const TITLE = `Crystal structures ${'of hen egg-white lysozyme soaked in gadolinium '.repeat(22_000)}at 100 K`;
// experiment.json's dataset titles are as unbounded as the record's.
const DATASET_TITLE = `Rotation sweep ${'at 100 K with the helical offset of crystal '.repeat(20_000)}one`;

let site: FixtureSite;
beforeAll(async () => {
  const spec = releasedMxSpec('long-title', DOI, 2);
  spec.datacite = fixtureDataCite(DOI, TITLE);
  spec.experiment = fixtureExperiment({ state: 'released' }, [
    sweepDataset('sweep-1', 2, { title: DATASET_TITLE }),
    sweepDataset('sweep-2', 2, { kind: 'processed', derivedFrom: 'sweep-1' }),
  ]);
  site = await buildFixtureSite([spec]);
}, 300_000);
afterAll(async () => {
  if (site) await rm(site.root, { recursive: true, force: true });
});

const copies = (html: string) => html.split(TITLE.slice(0, 5_000)).length - 1;

test('the landing page keeps the whole title in its heading and JSON-LD, and a cut one in the browser tab', async () => {
  expect(TITLE.length).toBeGreaterThan(1_000_000);
  const html = await site.read(`doi/${DOI}/index.html`);
  const tab = /<title>([^<]*)<\/title>/.exec(html)![1]!;
  expect(tab.length).toBeLessThan(CHROME_TITLE_CHARS + 40);
  expect(tab).toMatch(/^Crystal structures of hen egg-white lysozyme [a-z -]*[a-z]… · Fixture Archive$/);
  expect(html.includes(`"name":"${TITLE}"`)).toBe(true);
  // Compared as booleans: a failure message would print the megabyte.
  expect(html.includes(`>${TITLE}</h1>`)).toBe(true);
});

test('a runaway title is not multiplied: the five shown citations and citation_title/DC.title cut it, the exports keep it whole', async () => {
  const html = await site.read(`doi/${DOI}/index.html`);
  // Once for readers (the heading), once for machines (the JSON-LD, the .jsonld export's text); it was 9.3 MB with eight copies.
  expect(copies(html)).toBe(2);
  // The fixture's dataset title (860 KB) is on the page once too, in the datasets section.
  expect(html.length).toBeLessThan(2 * TITLE.length + DATASET_TITLE.length + 150_000);
  const cited = new RegExp(`Crystal structures (?:of hen egg-white lysozyme soaked in gadolinium ){${Math.floor((REPEATED_TITLE_CHARS - 300) / 48)},}[a-z -]*[a-z]…`, 'i');
  const citeBox = /<section class="citation-box"[\s\S]*?<\/section>/.exec(html)![0];
  const recommended = /<p class="cite-text" data-cite-recommended>([^<]*)<\/p>/.exec(citeBox)![1];
  expect(recommended).toMatch(cited);
  expect(recommended.length).toBeLessThan(REPEATED_TITLE_CHARS + 300);
  const styles = [...citeBox.matchAll(/<figure class="citation-style" data-style="(\w+)">([\s\S]*?)<\/figure>/g)];
  expect(styles.map((m) => m[1])).toEqual(['apa', 'harvard', 'vancouver', 'chicago']);
  for (const [, style, figure] of styles) {
    expect(figure.length, style).toBeLessThan(REPEATED_TITLE_CHARS + 1_000);
    expect(figure, style).toMatch(cited);
  }
  const head = html.slice(0, html.indexOf('</head>'));
  for (const name of ['citation_title', 'DC.title']) {
    const content = new RegExp(`<meta name="${name}" content="([^"]*)">`).exec(head)![1];
    expect(content.length, name).toBeLessThanOrEqual(REPEATED_TITLE_CHARS);
    expect(content, name).toMatch(/…$/);
  }
  expect((await site.read(`doi/${DOI}/citation.ris`)).includes(`TI  - ${TITLE}\n`)).toBe(true);
  // BibTeX keeps a capital's case in braces.
  expect((await site.read(`doi/${DOI}/citation.bib`)).includes(`title = {${TITLE.replace(/ K$/, ' {K}')}}`)).toBe(true);
  expect((await site.read(`doi/${DOI}/CITATION.cff`)).includes(`title: "${TITLE}"`)).toBe(true);
  expect(JSON.parse(await site.read(`doi/${DOI}/datacite.json`)).titles[0].title === TITLE).toBe(true);
});

test('file pages and list pages show the title cut at a word, not a megabyte each', async () => {
  // sweep-2: sweep-1's own heading is its (long) dataset title, tested below.
  for (const page of [`doi/${DOI}/datasets/sweep-2/index.html`, 'experiments/index.html', 'index.html', 'browse/year/2024/index.html']) {
    const html = await site.read(page);
    expect(copies(html), page).toBe(0);
    expect(html.length, page).toBeLessThan(100_000);
  }
  const files = await site.read(`doi/${DOI}/datasets/sweep-2/index.html`);
  expect(files).toMatch(/>Crystal structures of hen egg-white lysozyme [a-z -]*[a-z]…<\/a> › Dataset/);
});

test("a dataset's title is whole in its files page heading, cut in the tab, the table caption and another dataset's derived-from link", async () => {
  const datasetCopies = (html: string) => html.split(DATASET_TITLE.slice(0, 5_000)).length - 1;
  const own = await site.read(`doi/${DOI}/datasets/sweep-1/index.html`);
  expect(own.includes(`<h1>${DATASET_TITLE}</h1>`)).toBe(true);
  expect(datasetCopies(own)).toBe(1);
  const tab = /<title>([^<]*)<\/title>/.exec(own)![1]!;
  expect(tab.length).toBeLessThan(CHROME_TITLE_CHARS + 40);
  expect(tab).toMatch(/^Rotation sweep at 100 K with the helical [A-Za-z0-9 -]*[A-Za-z0-9]… \(files\) · Fixture Archive$/);
  expect(own).toMatch(/>Files of Rotation sweep at 100 K [A-Za-z0-9 -]*[A-Za-z0-9]…, page 1 of 1</);
  const derived = await site.read(`doi/${DOI}/datasets/sweep-2/index.html`);
  expect(datasetCopies(derived)).toBe(0);
  expect(derived).toMatch(/derived from <a href="[^"]*sweep-1\/">Rotation sweep at 100 K [A-Za-z0-9 -]*[A-Za-z0-9]…<\/a>/);
});
