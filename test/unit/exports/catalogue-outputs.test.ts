import { describe, expect, test } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SitemapWriter } from '../../../src/exports/sitemap.ts';
import { atomFeed, NewestEntries, type FeedEntry } from '../../../src/exports/atom.ts';
import { writeLinkset } from '../../../src/exports/linkset.ts';
import { landingLinks, spdxLicenceUri } from '../../../src/exports/signposting.ts';
import { toDateTime } from '../../../src/exports/record-dates.ts';
import { isoDatePart, lastModifiedOf } from '../../../src/record/dates.ts';
import { staticHeaders, MAX_HEADER_LINE, MAX_HEADER_RULES } from '../../../src/exports/static-headers.ts';
import { tempDir } from '../../helpers/build-fixture.ts';
import { experimentRecord, HOSTILE } from '../citation/factory.ts';
import { doiUrl } from '../../../src/record/doi.ts';

describe('SitemapWriter', () => {
  test('splits into files of at most N URLs, indexes them with the newest lastmod, and escapes URLs', async () => {
    const dir = await tempDir('sitemap-');
    const writer = new SitemapWriter(dir, 'https://data.example.org', 3);
    for (let i = 1; i <= 7; i++) await writer.add(`/doi/10.5072/x-${i}/?a=1&b=<${i}>`, `2024-0${i}-01`);
    const result = await writer.finish();
    expect(result).toEqual({ files: ['sitemap-index.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml'], urls: 7 });
    const parser = new XMLParser({ isArray: (n) => n === 'url' || n === 'sitemap' });
    for (const f of result.files) expect(XMLValidator.validate(await readFile(path.join(dir, f), 'utf8'))).toBe(true);
    const index = parser.parse(await readFile(path.join(dir, 'sitemap-index.xml'), 'utf8')).sitemapindex.sitemap;
    expect(index.map((s: { lastmod: string }) => s.lastmod)).toEqual(['2024-03-01', '2024-06-01', '2024-07-01']);
    const last = parser.parse(await readFile(path.join(dir, 'sitemap-3.xml'), 'utf8')).urlset.url;
    expect(last).toEqual([{ loc: 'https://data.example.org/doi/10.5072/x-7/?a=1&b=<7>', lastmod: '2024-07-01' }]);
  });
});

describe('Atom feed', () => {
  const entry = (i: number, extra: Partial<FeedEntry> = {}): FeedEntry => ({
    doiUrl: `https://doi.org/10.5072/x-${i}`,
    url: `https://data.example.org/doi/10.5072/x-${i}/`,
    title: `Record ${i}`,
    summary: 'About it',
    authors: ['Ana Garcia'],
    released: `2024-01-${String(i).padStart(2, '0')}`,
    updated: `2024-01-${String(i).padStart(2, '0')}`,
    ...extra,
  });

  test('keeps only the newest entries, newest first, in bounded memory', () => {
    const newest = new NewestEntries(3);
    for (let i = 1; i <= 20; i++) newest.add(entry(((i * 7) % 20) + 1));
    expect(newest.entries.map((e) => e.title)).toEqual(['Record 20', 'Record 19', 'Record 18']);
  });

  test('the newest entries are those of a full sort, ties by title included, whatever order they come in', () => {
    const all = Array.from({ length: 300 }, (_, i) => entry((i % 28) + 1, { title: `Record ${(i * 37) % 300}` }));
    const newest = new NewestEntries(50);
    for (const e of all) newest.add(e);
    const sorted = [...all].sort((a, b) => b.released.localeCompare(a.released) || a.title.localeCompare(b.title)).slice(0, 50);
    expect(newest.entries.map((e) => e.title)).toEqual(sorted.map((e) => e.title));
  });

  test('hostile titles stay text; the feed is well-formed with updated = newest entry', () => {
    const xml = atomFeed([entry(2, { title: `${HOSTILE.script} & co` }), entry(1)], { siteUrl: 'https://d.example', title: 'Archive', publisher: 'Facility', now: new Date('2030-01-01') });
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' }).parse(xml).feed;
    expect(feed.updated).toBe('2024-01-02T00:00:00Z');
    expect(feed.entry[0].title).toBe(`${HOSTILE.script} & co`); // escaped in the XML, decoded by the parser
    expect(xml).not.toContain('<script>');
  });
});

describe('Link Set writer', () => {
  test('streams 20,000 items and file anchors into valid RFC 9264 JSON', async () => {
    const dir = await tempDir('linkset-');
    const landingUrl = 'https://data.example.org/doi/10.5072/big/';
    const links = landingLinks({ landingUrl, doiUrl: 'https://doi.org/10.5072/big', licenceUrl: 'https://spdx.org/licenses/CC-BY-4.0.html', authors: ['https://orcid.org/0000-0002-1825-0097'] });
    async function* files() {
      for (let i = 0; i < 20_000; i++) yield { url: `https://objects.example.org/b/${i}.h5`, mediaType: 'application/x-hdf5' };
    }
    const stats = await writeLinkset(path.join(dir, 'linkset.json'), { landingUrl, links, files });
    const json = JSON.parse(await readFile(path.join(dir, 'linkset.json'), 'utf8'));
    expect(stats.items).toBe(20_000);
    expect(json.linkset[0].item).toHaveLength(20_000);
    expect(json.linkset[0].license).toEqual([{ href: 'https://spdx.org/licenses/CC-BY-4.0' }]);
    expect(json.linkset[0].describedby.find((d: { type: string }) => d.type === 'application/ld+json').profile).toEqual(['https://schema.org/']);
    // The anchors wait in memory, then in a sidecar file; they come out whole and in listing order.
    expect(json.linkset.filter((c: { collection?: unknown }) => c.collection).map((c: { anchor: string }) => c.anchor)).toEqual(
      Array.from({ length: 20_000 }, (_, i) => `https://objects.example.org/b/${i}.h5`),
    );
    expect(await readdir(dir)).toEqual(['linkset.json']);
    expect(stats.bytesWritten).toBe((await readFile(path.join(dir, 'linkset.json'))).length);
  });

  test('a record without files has no item relation at all', async () => {
    const dir = await tempDir('linkset-');
    const landingUrl = 'https://data.example.org/doi/10.5072/meta/';
    await writeLinkset(path.join(dir, 'l.json'), { landingUrl, links: landingLinks({ landingUrl, doiUrl: 'https://doi.org/10.5072/meta', licenceUrl: null, authors: [] }), files: async function* () {} });
    const json = JSON.parse(await readFile(path.join(dir, 'l.json'), 'utf8'));
    expect(json.linkset[0].item).toBeUndefined();
    expect(json.linkset[0].license).toBeUndefined();
    expect(await readdir(dir)).toEqual(['l.json']);
  });

  test('SPDX licence links drop the .html page ending and use https', () => {
    expect(spdxLicenceUri('http://spdx.org/licenses/CC0-1.0.html')).toBe('https://spdx.org/licenses/CC0-1.0');
  });

  test('any other licence link is the record\'s URL as the page and the JSON-LD give it', () => {
    const links = (licenceUrl: string) => landingLinks({ landingUrl: 'https://data.example.org/doi/10.5072/x/', doiUrl: 'https://doi.org/10.5072/x', licenceUrl, authors: [] }).filter((l) => l.rel === 'license').map((l) => l.href);
    expect(links('http://creativecommons.org/licenses/by/4.0/deed.en_US')).toEqual(['http://creativecommons.org/licenses/by/4.0/deed.en_US']);
    expect(links('https://example.org/terms.html')).toEqual(['https://example.org/terms.html']);
  });
});

describe('record dates', () => {
  test('lastmod is the latest Updated/Issued/release date, never a future one, and never the build time', () => {
    const r = experimentRecord({ release: { state: 'released', releasedOn: '2024-03-05', filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null } }, {
      dates: [
        { date: '2024-03-01', dateType: 'Issued' },
        { date: '2025-06-30T10:00:00Z', dateType: 'Updated' },
        { date: '2031-01-01', dateType: 'Updated' },
        { date: '2023-11-02/2023-11-03', dateType: 'Collected' },
      ],
    });
    expect(lastModifiedOf(r, new Date('2026-01-01'))).toBe('2025-06-30T10:00:00Z');
    expect(lastModifiedOf({ ...r, datacite: { ...r.datacite, dates: [] } }, new Date('2026-01-01'))).toBe('2024-03-05');
    expect(isoDatePart('2023-11-02/2023-11-03')).toBe('2023-11-03');
    expect(isoDatePart('sometime')).toBeNull();
    expect(toDateTime('2024')).toBe('2024-01-01T00:00:00Z');
  });
});

test('_headers stays within Cloudflare limits and carries the header-only CSP directive', () => {
  const text = staticHeaders('https://objects.example.org');
  expect(text.split('\n').filter((l) => l.startsWith('/')).length).toBeLessThanOrEqual(MAX_HEADER_RULES);
  for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(MAX_HEADER_LINE);
  expect(text).toMatch(/connect-src 'self' https:\/\/objects\.example\.org;.*frame-ancestors 'none'/);
});
