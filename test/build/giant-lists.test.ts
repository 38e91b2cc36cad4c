/**
 * A record with every repeatable DataCite property at or near the reader's item limit
 * (MAX_ITEMS): 10,000 keywords and geoLocations, 5,000 related identifiers, 2,000 funding
 * references, 1,000 descriptions and alternate identifiers, 500 rights entries. Its landing
 * page grows with the metadata, not with the metadata times the page's parts: no item is
 * on the page more than MAX_COPIES times (for readers, in the head's citation metadata, in
 * the JSON-LD), and no other page carries any. A list past the limit refuses the record with
 * one error and leaves the rest of the catalogue alone.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, releasedMxSpec } from '../helpers/catalogue-fixtures.ts';
import { MAX_ITEMS } from '../../src/datacite/limits.ts';

/** The most times one item of a list may be on the landing page. */
const MAX_COPIES = 3;

const DOI = '10.5072/giant-lists';
const list = <T>(n: number, item: (i: number) => T) => Array.from({ length: n }, (_, i) => item(i));

/** Per property: how many items, the items, and the text of one item (its index 123) to count. */
const LISTS = {
  subjects: { n: MAX_ITEMS, items: (n: number) => list(n, (i) => ({ subject: `keyword zq${i}x` })), probe: 'keyword zq123x' },
  relatedIdentifiers: {
    n: 5_000,
    items: (n: number) => list(n, (i) => ({ relatedIdentifier: `10.5072/related-zq${i}x`, relatedIdentifierType: 'DOI', relationType: 'References' })),
    probe: '10.5072/related-zq123x',
  },
  fundingReferences: { n: 2_000, items: (n: number) => list(n, (i) => ({ funderName: `Funder zq${i}x`, awardNumber: `AWARD-zq${i}x` })), probe: 'AWARD-zq123x' },
  descriptions: {
    n: 1_000,
    items: (n: number) => list(n, (i) => ({ description: `Description zq${i}x of the record, long enough to be its abstract when it is the first.`, descriptionType: i === 0 ? 'Abstract' : 'Methods' })),
    probe: 'Description zq123x',
  },
  geoLocations: { n: MAX_ITEMS, items: (n: number) => list(n, (i) => ({ geoLocationPlace: `Place zq${i}x` })), probe: 'Place zq123x' },
  alternateIdentifiers: { n: 1_000, items: (n: number) => list(n, (i) => ({ alternateIdentifier: `ALT-zq${i}x`, alternateIdentifierType: 'Local' })), probe: 'ALT-zq123x' },
  rightsList: {
    n: 500,
    items: (n: number) => [
      { rights: 'Creative Commons Attribution 4.0 International', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'CC-BY-4.0', rightsIdentifierScheme: 'SPDX' },
      ...list(n - 1, (i) => ({ rights: `Rights statement zq${i}x`, rightsUri: `https://example.org/rights/zq${i}x` })),
    ],
    probe: 'Rights statement zq123x',
  },
};

const copies = (text: string, needle: string) => text.split(needle).length - 1;

let site: FixtureSite;
beforeAll(async () => {
  const giant = releasedMxSpec('giant', DOI, 2);
  giant.datacite = fixtureDataCite(DOI, 'A record with giant lists', Object.fromEntries(Object.entries(LISTS).map(([key, l]) => [key, l.items(l.n)])));
  const tooMany = releasedMxSpec('too-many', '10.5072/too-many-keywords', 1);
  tooMany.datacite = fixtureDataCite('10.5072/too-many-keywords', 'Too many keywords', { subjects: LISTS.subjects.items(2 * MAX_ITEMS) });
  site = await buildFixtureSite([giant, tooMany, releasedMxSpec('plain', '10.5072/plain', 1)]);
}, 300_000);
afterAll(async () => {
  if (site) await rm(site.root, { recursive: true, force: true });
});

describe('the landing page of a record with giant lists', () => {
  let html: string;
  beforeAll(async () => {
    html = await site.read(`doi/${DOI}/index.html`);
  });

  test.each(Object.entries(LISTS))(`one of %s is on the page at most ${MAX_COPIES} times`, (_key, l) => {
    expect(copies(html, l.probe)).toBeLessThanOrEqual(MAX_COPIES);
  });

  test('is not much larger than the metadata it shows', async () => {
    const metadata = await site.read(`doi/${DOI}/datacite.json`);
    expect(metadata.length).toBeGreaterThan(2_000_000);
    // 2.8 MB for 2.1 MB of DataCite JSON: each item once or twice in markup, once in JSON-LD.
    expect(html.length).toBeLessThan(1.5 * metadata.length);
  });

  test('no other page copies any of the lists', async () => {
    const others = (await site.files()).filter((f) => f.endsWith('.html') && f !== `doi/${DOI}/index.html`);
    expect(others).toContain(`doi/${DOI}/datasets/sweep-1/index.html`);
    for (const file of others) {
      const text = await site.read(file);
      for (const l of Object.values(LISTS)) expect(copies(text, l.probe), `${l.probe} in ${file}`).toBe(0);
    }
  });
});

test(`a list of more than ${MAX_ITEMS} items refuses its record with one error; the others are published`, () => {
  expect(site.report.stage.published.map((p) => p.doi).sort()).toEqual([DOI, '10.5072/plain']);
  const errors = site.report.diagnostics.filter((d) => d.record === 'too-many' && d.severity === 'error');
  expect(errors.map((d) => [d.code, d.file])).toEqual([['catalogue/too-deep', 'too-many/datacite.json']]);
  expect(errors[0].pointer).toMatch(/^\d+:\d+$/);
});
