/**
 * Every landing page speaks to machines: schema.org JSON-LD, citation_/DC meta tags, FAIR
 * Signposting (page links and linkset.json), per-record exports and the catalogue-wide
 * outputs (sitemaps, Atom, DCAT, JSON Lines, static API, _headers). Conventions A1–A6
 * [HTML]/[FILE] items, checked on a fixture catalogue built by the real pipeline.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli, hasXmllint } from '../helpers/cli.ts';
import { buildFixtureSite, FIXTURE_CONFIG, type FixtureSite } from '../helpers/build-fixture.ts';
import { bigDatasetSpec, hostileSpec, metadataOnlySpec, releasedMxSpec, unpublishedSpec, withdrawnSpec, UNRELEASED_DOI } from '../helpers/catalogue-fixtures.ts';
import { readPageHead, type PageHead } from '../../src/fair/page-head.ts';
import { contentTypeFor } from '../../src/publish/content-types.ts';

const RELEASED = 'doi/10.5072/aperture-released-fixture/';
const EMBARGOED = 'doi/10.5072/aperture-embargoed-fixture/';
const WITHDRAWN = 'doi/10.5072/aperture-withdrawn-fixture/';
const HOSTILE_PAGE = 'doi/10.5072/aperture-hostile-fixture/';
const SITE = FIXTURE_CONFIG.siteUrl;
const XSD = path.resolve(import.meta.dirname, '../../../shared/datacite/xsd/kernel-4.7/metadata.xsd');


/** Well-formed XML: xmllint when installed, else fast-xml-parser's validator. */
function assertWellFormed(file: string, text: string): void {
  if (hasXmllint()) execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' });
  expect(XMLValidator.validate(text)).toBe(true);
}

// Parsed JSON of many shapes, inspected field by field; typing every shape would hide the assertions.
type Json = Record<string, any>;

describe('machine-readable landing pages and catalogue outputs', () => {
  let site: FixtureSite;
  const heads = new Map<string, PageHead>();
  const head = async (page: string) => {
    if (!heads.has(page)) heads.set(page, readPageHead(await site.read(page + 'index.html')));
    return heads.get(page)!;
  };
  beforeAll(async () => {
    site = await buildFixtureSite([releasedMxSpec(), metadataOnlySpec(), withdrawnSpec(), unpublishedSpec(), hostileSpec()]);
    expect(site.report.ok).toBe(true);
  });

  describe('schema.org JSON-LD', () => {
    test('each landing page has exactly one parseable Dataset block matching the visible title and DOI', async () => {
      for (const page of [RELEASED, EMBARGOED, HOSTILE_PAGE]) {
        const h = await head(page);
        expect(h.jsonLd).toHaveLength(1);
        const ld = JSON.parse(h.jsonLd[0]!) as Json;
        expect(ld['@type']).toBe('Dataset');
        expect(ld.name).toBe(h.h1);
        const citeAs = h.links.find((l) => l.rel === 'cite-as')!.href;
        expect(ld.sameAs).toBe(citeAs);
        expect(ld.identifier.url).toBe(citeAs);
        expect(ld.url).toBe(`${SITE}/${page}`);
      }
    });

    test('hostile metadata cannot end the script element: no literal < in the body', async () => {
      const html = await site.read(HOSTILE_PAGE + 'index.html');
      const body = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
      expect(body).not.toContain('<');
      expect(JSON.parse(body).name).toContain('</script>');
    });

    test('a released record lists each file as a DataDownload with https URL, integer size and checksum', async () => {
      const ld = JSON.parse((await head(RELEASED)).jsonLd[0]!) as Json;
      expect(ld.distribution).toHaveLength(10);
      for (const d of ld.distribution) {
        expect(d.contentUrl).toMatch(/^https:\/\/objects\.example\.org\/fixture\//);
        expect(Number.isInteger(d.contentSize)).toBe(true);
        expect(d['spdx:checksum']['spdx:checksumValue']).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(ld.conditionsOfAccess).toBe('http://purl.org/coar/access_right/c_abf2');
    });

    test('metadata-only pages have no distribution; tombstones have no JSON-LD at all', async () => {
      const ld = JSON.parse((await head(EMBARGOED)).jsonLd[0]!) as Json;
      expect(ld.distribution).toBeUndefined();
      expect(JSON.stringify(ld)).not.toContain('objects.example.org');
      const tomb = await head(WITHDRAWN);
      expect(tomb.jsonLd).toHaveLength(0);
      expect(tomb.links.filter((l) => l.rel === 'item')).toHaveLength(0);
    });

    test('metadata.jsonld is the page JSON-LD as a file', async () => {
      const file = JSON.parse(await site.read(RELEASED + 'metadata.jsonld'));
      expect(file).toEqual(JSON.parse((await head(RELEASED)).jsonLd[0]!));
    });
  });

  test('Highwire and Dublin Core meta tags describe the record', async () => {
    const h = await head(RELEASED);
    const meta = (name: string) => h.meta.filter((m) => m.name === name).map((m) => m.content);
    expect(meta('citation_title')).toEqual(['Lysozyme rotation data fixture-released']);
    expect(meta('citation_author')).toEqual(['Carberry, Josiah']);
    expect(meta('citation_publication_date')).toEqual(['2024/03/01']);
    expect(meta('citation_doi')).toEqual(['10.5072/aperture-released-fixture']);
    expect(meta('DC.title')).toEqual(['Lysozyme rotation data fixture-released']);
    expect(meta('DC.identifier')).toEqual(['https://doi.org/10.5072/aperture-released-fixture']);
    expect(meta('DC.type')).toEqual(['Dataset']);
    expect(meta('DCTERMS.accessRights')).toEqual(['info:eu-repo/semantics/openAccess']);
  });

  describe('FAIR Signposting', () => {
    test('level 1 links: one cite-as, typed describedby (profile for generic types) that exist, two types, one SPDX licence, ORCID authors', async () => {
      const h = await head(RELEASED);
      const rel = (r: string) => h.links.filter((l) => l.rel === r);
      expect(rel('cite-as').map((l) => l.href)).toEqual(['https://doi.org/10.5072/aperture-released-fixture']);
      expect(rel('type').map((l) => l.href).sort()).toEqual(['https://schema.org/AboutPage', 'https://schema.org/Dataset']);
      const described = rel('describedby');
      expect(described.length).toBeGreaterThanOrEqual(6);
      for (const l of described) {
        expect(l.type).toBeTruthy();
        if (['application/json', 'application/ld+json', 'application/xml', 'application/yaml'].includes(l.type!)) expect(l.profile).toMatch(/^https:\/\//);
        expect(l.href.startsWith(SITE + '/')).toBe(true);
        expect(existsSync(path.join(site.dist, l.href.slice(SITE.length)))).toBe(true);
      }
      expect(described.map((l) => l.type)).toEqual(expect.arrayContaining(['application/vnd.datacite.datacite+xml', 'application/ld+json', 'application/x-bibtex']));
      expect(rel('license').map((l) => l.href)).toEqual(['https://spdx.org/licenses/CC-BY-4.0']);
      expect(rel('author').map((l) => l.href)).toEqual(['https://orcid.org/0000-0002-1825-0097']);
      expect(rel('linkset')).toEqual([{ rel: 'linkset', href: `${SITE}/${RELEASED}linkset.json`, type: 'application/linkset+json', profile: null }]);
    });

    test('one item link per file of a small record, absolute and typed; none on metadata-only pages', async () => {
      const items = (await head(RELEASED)).links.filter((l) => l.rel === 'item');
      expect(items).toHaveLength(10);
      for (const i of items) {
        expect(i.href).toMatch(/^https:\/\/objects\.example\.org\//);
        expect(i.type).toBe('application/x-cbf');
      }
      expect((await head(EMBARGOED)).links.filter((l) => l.rel === 'item')).toHaveLength(0);
    });

    test('linkset.json (RFC 9264): absolute URIs, landing anchor with every relation, describes and collection back-links', async () => {
      const ls = JSON.parse(await site.read(RELEASED + 'linkset.json')) as { linkset: Json[] };
      const landing = `${SITE}/${RELEASED}`;
      for (const ctx of ls.linkset) {
        expect(ctx.anchor).toMatch(/^https:\/\//);
        for (const [rel, targets] of Object.entries(ctx)) if (rel !== 'anchor') for (const t of targets as Json[]) expect(t.href).toMatch(/^https:\/\//);
      }
      const main = ls.linkset.find((c) => c.anchor === landing)!;
      for (const rel of ['cite-as', 'describedby', 'item', 'license', 'type', 'author']) expect(main[rel]?.length, rel).toBeGreaterThan(0);
      expect(main.item).toHaveLength(10);
      const files = ls.linkset.filter((c) => c.collection);
      expect(files.map((c) => c.anchor).sort()).toEqual(main.item.map((i: Json) => i.href).sort());
      for (const f of files) expect(f.collection).toEqual([{ href: landing, type: 'text/html' }]);
      const described = ls.linkset.filter((c) => c.describes);
      expect(described.map((c) => c.anchor).sort()).toEqual(main.describedby.map((d: Json) => d.href).sort());
      const embargoed = JSON.parse(await site.read(EMBARGOED + 'linkset.json')) as { linkset: Json[] };
      expect(JSON.stringify(embargoed)).not.toContain('objects.example.org');
      expect(embargoed.linkset[0]!.item).toBeUndefined();
    });

    test('_headers: CSP with frame-ancestors, nosniff, linkset media type, within Cloudflare limits; publish maps the type too', async () => {
      const headers = await site.read('_headers');
      expect(headers).toMatch(/Content-Security-Policy: .*frame-ancestors 'none'/);
      expect(headers).toContain('X-Content-Type-Options: nosniff');
      expect(headers).toMatch(/\/\*\/linkset\.json\n {2}Content-Type: application\/linkset\+json/);
      expect(headers.split('\n').filter((l) => l.startsWith('/')).length).toBeLessThanOrEqual(100);
      for (const line of headers.split('\n')) expect(line.length).toBeLessThanOrEqual(2000);
      expect(contentTypeFor(RELEASED + 'linkset.json')).toBe('application/linkset+json');
    });
  });

  test.skipIf(!hasXmllint() || !existsSync(XSD))('every built DataCite XML validates against the 4.7 XSD', async () => {
    const files = (await site.files()).filter((f) => f.endsWith('/datacite.xml'));
    expect(files.length).toBe(3);
    for (const f of files) execFileSync('xmllint', ['--noout', '--schema', XSD, path.join(site.dist, f)], { stdio: 'pipe' });
  });

  test('per-record exports exist beside each landing page and parse', async () => {
    for (const page of [RELEASED, EMBARGOED, HOSTILE_PAGE]) {
      for (const name of ['datacite.xml', 'datacite.json', 'metadata.jsonld', 'citation.csl.json', 'citation.bib', 'citation.ris', 'CITATION.cff', 'linkset.json']) {
        const text = await site.read(page + name);
        if (name.endsWith('json') || name.endsWith('jsonld')) JSON.parse(text);
        if (name.endsWith('.xml')) assertWellFormed(path.join(site.dist, page, name), text);
      }
    }
  });

  describe('catalogue outputs', () => {
    test('sitemap index and files: well-formed, absolute URLs, record dates as lastmod, no tombstone, named in robots.txt', async () => {
      const index = await site.read('sitemap-index.xml');
      assertWellFormed(path.join(site.dist, 'sitemap-index.xml'), index);
      const parser = new XMLParser({ isArray: (name) => name === 'url' || name === 'sitemap' });
      const files = parser.parse(index).sitemapindex.sitemap.map((s: Json) => s.loc as string);
      expect(files).toEqual([`${SITE}/sitemap-1.xml`]);
      const text = await site.read('sitemap-1.xml');
      assertWellFormed(path.join(site.dist, 'sitemap-1.xml'), text);
      const urls = parser.parse(text).urlset.url as Json[];
      const locs = urls.map((u) => u.loc as string);
      expect(locs).toContain(`${SITE}/${RELEASED}`);
      expect(locs).toContain(`${SITE}/${RELEASED}datasets/sweep-1/`);
      expect(locs).toContain(`${SITE}/${EMBARGOED}`);
      expect(locs).toContain(`${SITE}/`);
      expect(locs.some((l) => l.includes('/browse/'))).toBe(true);
      expect(locs.some((l) => l.includes('withdrawn'))).toBe(false);
      expect(urls.find((u) => u.loc === `${SITE}/${RELEASED}`)!.lastmod).toBe('2024-03-01');
      expect(text).not.toContain('2026-11-01'); // the build date
      expect(await site.read('robots.txt')).toContain(`Sitemap: ${SITE}/sitemap-index.xml`);
    });

    test('Atom feed of releases (RFC 4287): feed id/title/updated/self, entries with DOI id, title, updated, alternate link, author', async () => {
      const xml = await site.read('feed.xml');
      assertWellFormed(path.join(site.dist, 'feed.xml'), xml);
      const feed = new XMLParser({ ignoreAttributes: false, isArray: (n) => ['entry', 'link', 'author'].includes(n) }).parse(xml).feed;
      expect(feed.id).toBe(`${SITE}/feed.xml`);
      expect(feed.title).toBeTruthy();
      expect(feed.updated).toBe('2024-03-01T00:00:00Z');
      expect(feed.link.find((l: Json) => l['@_rel'] === 'self')['@_href']).toBe(`${SITE}/feed.xml`);
      const ids = feed.entry.map((e: Json) => e.id);
      expect(ids).toEqual(expect.arrayContaining(['https://doi.org/10.5072/aperture-released-fixture', 'https://doi.org/10.5072/aperture-embargoed-fixture']));
      expect(ids.some((id: string) => id.includes('withdrawn'))).toBe(false);
      for (const e of feed.entry) {
        expect(e.title).toBeTruthy();
        expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(e.link[0]['@_rel']).toBe('alternate');
        expect(e.author[0].name).toBeTruthy();
      }
    });

    test('DCAT catalogue: catalog with datasets, distributions with accessURL/downloadURL/mediaType/byteSize, none for metadata-only', async () => {
      const cat = JSON.parse(await site.read('catalog.jsonld')) as Json;
      expect(cat['@type']).toBe('dcat:Catalog');
      for (const k of ['dct:title', 'dct:description', 'dct:publisher']) expect(cat[k]).toBeTruthy();
      const datasets = cat['dcat:dataset'] as Json[];
      expect(datasets.map((d) => d['dct:identifier']).sort()).toEqual([
        'https://doi.org/10.5072/aperture-embargoed-fixture',
        'https://doi.org/10.5072/aperture-hostile-fixture',
        'https://doi.org/10.5072/aperture-released-fixture',
      ]);
      const released = datasets.find((d) => d['@id'] === 'https://doi.org/10.5072/aperture-released-fixture')!;
      for (const k of ['dct:title', 'dct:description', 'dcat:landingPage']) expect(released[k]).toBeTruthy();
      expect(released['dcat:distribution']).toHaveLength(2);
      for (const dist of released['dcat:distribution']) {
        expect(dist['dcat:accessURL']['@id']).toMatch(/\/datasets\/sweep-\d\/$/);
        expect(dist['dcat:downloadURL']['@id']).toMatch(/\/manifest\/files\.meta4$/);
        expect(existsSync(path.join(site.dist, dist['dcat:downloadURL']['@id'].slice(SITE.length)))).toBe(true);
        expect(dist['dcat:mediaType']['@id']).toBe('https://www.iana.org/assignments/media-types/application/metalink4+xml');
        expect(Number(dist['dcat:byteSize']['@value'])).toBeGreaterThan(0);
      }
      expect(datasets.find((d) => d['@id'].includes('embargoed'))!['dcat:distribution']).toBeUndefined();
    });

    test('records.jsonl and the static API hold every public record, metadata-only without file URLs, no tombstone', async () => {
      const lines = (await site.read('records.jsonl')).trim().split('\n').map((l) => JSON.parse(l) as Json);
      expect(lines.map((l) => l.doi).sort()).toEqual(['10.5072/aperture-embargoed-fixture', '10.5072/aperture-hostile-fixture', '10.5072/aperture-released-fixture']);
      const released = lines.find((l) => l.doi === '10.5072/aperture-released-fixture')!;
      expect(released.attributes.titles[0].title).toBe('Lysozyme rotation data fixture-released');
      expect(released.aperture.facility).toBe('Fixture Light Source');
      expect(released.aperture.datasets[0]).toMatchObject({ id: 'sweep-1', fileCount: 5, mediaTypes: ['application/x-cbf'] });
      expect(released.aperture.datasets[0].manifests.sha256).toBe(`${SITE}/${RELEASED}datasets/sweep-1/manifest/SHA256SUMS`);
      const embargoed = lines.find((l) => l.doi === '10.5072/aperture-embargoed-fixture')!;
      expect(embargoed.aperture.datasets[0].manifests).toBeUndefined();
      expect(JSON.stringify(embargoed)).not.toContain('objects.example.org');

      const index = JSON.parse(await site.read('api/records/index.json')) as Json;
      expect(index.count).toBe(3);
      for (const r of index.records) {
        const api = JSON.parse(await site.read(r.api.slice(SITE.length + 1))) as Json;
        expect(api).toEqual(lines.find((l) => l.doi === r.doi));
      }
      const everything = ['records.jsonl', 'api/records/index.json', 'catalog.jsonld', 'feed.xml', 'sitemap-1.xml'];
      for (const f of everything) {
        const text = await site.read(f);
        expect(text).not.toContain('aperture-withdrawn-fixture');
        expect(text).not.toContain(UNRELEASED_DOI);
      }
    });
  });

  test('aperture check --fair --json judges every landing page; DOI, access, licence and formats pass', async () => {
    const { code, out } = await runCli(['check', '--fair', '--out', 'dist', '--json'], site.root);
    const results = JSON.parse(out) as Array<{ page: string; metrics: Array<{ metric: string; status: string; reason: string }> }>;
    expect(results.map((r) => r.page).sort()).toEqual([`/${EMBARGOED}`, `/${HOSTILE_PAGE}`, `/${RELEASED}`]);
    const released = results.find((r) => r.page === `/${RELEASED}`)!;
    const status = Object.fromEntries(released.metrics.map((m) => [m.metric, m.status]));
    for (const m of ['F1-01D', 'F1-02D', 'F2-01M', 'F3-01M', 'F4-01M', 'A1-01M', 'A1-02M', 'I1-01M', 'I2-01M', 'R1-01MD', 'R1.1-01M', 'R1.3-01M']) expect(status[m], m).toBe('pass');
    // CBF is not on F-UJI's format lists: reported, with the reason.
    expect(released.metrics.find((m) => m.metric === 'R1.3-02D')!.reason).toContain('application/x-cbf');
    const embargoed = results.find((r) => r.page === `/${EMBARGOED}`)!;
    expect(embargoed.metrics.find((m) => m.metric === 'F3-01M')!.status).toBe('fail');
    expect(code).toBe(1);
  });
});

describe('a 2,000-file dataset', () => {
  let site: FixtureSite;
  const page = 'doi/10.5072/aperture-big-fixture/';
  beforeAll(async () => {
    site = await buildFixtureSite([bigDatasetSpec(2000)], { filesPerPage: 500 });
    expect(site.report.ok).toBe(true);
  });

  test('keeps the page JSON-LD bounded (per-dataset manifest instead of 2,000 entries) and no item links on the page', async () => {
    const h = readPageHead(await site.read(page + 'index.html'));
    expect(h.jsonLd[0]!.length).toBeLessThan(10_000);
    const ld = JSON.parse(h.jsonLd[0]!) as Json;
    expect(ld.distribution).toBeUndefined();
    expect(ld.hasPart[0].distribution).toMatchObject({ '@type': 'DataDownload', encodingFormat: 'application/metalink4+xml' });
    expect(h.links.filter((l) => l.rel === 'item')).toHaveLength(0);
    expect(h.links.filter((l) => l.rel === 'linkset')).toHaveLength(1);
  });

  test('the Link Set lists all 2,000 files, and the sitemap every listing page', async () => {
    const ls = JSON.parse(await site.read(page + 'linkset.json')) as { linkset: Json[] };
    expect(ls.linkset[0]!.item).toHaveLength(2000);
    expect(ls.linkset.filter((c) => c.collection)).toHaveLength(2000);
    const sitemap = await site.read('sitemap-1.xml');
    for (const p of ['datasets/sweep-1/', 'datasets/sweep-1/page/2/', 'datasets/sweep-1/page/4/']) expect(sitemap).toContain(`${SITE}/${page}${p}`);
    expect(sitemap).not.toContain('page/5/');
  });
});
