/**
 * Pull sources against the real recorded responses in ../shared/records (RECORDED.md):
 * DataCite REST cursor pages and records (viringo, datacite-php-sdk, ESRF), DataCite
 * OAI-PMH, ICAT entityManager bodies, SciCat backend test bodies, PaNOSC search API cases,
 * MyTardis list shapes. Served verbatim from a local replay server. Every record either
 * reaches the mirror valid or is reported with its source identifier and URL; nothing
 * crashes. Skipped when ../shared is absent, except in CI, where that is a failure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReplay, type Reply, type Request } from '../pull/replay-server.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import type { PullSource } from '../../src/pull/types.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { dataciteOaiSource } from '../../src/pull/datacite-oai.ts';
import { icatSource } from '../../src/pull/icat.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { panoscSource } from '../../src/pull/panosc.ts';
import { mytardisSource } from '../../src/pull/mytardis.ts';
import { filesystemSource } from '../../src/catalogue/filesystem-source.ts';
import { validateCatalogue } from '../../src/validate/validate-catalogue.ts';

const RECORDS = path.join(import.meta.dirname, '../../../shared/records');
const present = existsSync(path.join(RECORDS, 'RECORDED.md'));
const read = (rel: string): string => readFileSync(path.join(RECORDS, rel), 'utf8');
const json = (rel: string): unknown => JSON.parse(read(rel));
const NOW = new Date('2026-03-01T12:00:00Z');

it.runIf(process.env.CI === 'true')('has the shared recordings in CI (a skip there would hide the conformance run)', () => {
  expect(present).toBe(true);
});

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function pullFrom(makeSource: (url: string) => PullSource, route: (req: Request, server: { url: string }) => Reply | undefined, now = NOW) {
  const replay = await startReplay(route);
  const out = await mkdtemp(path.join(tmpdir(), 'aperture-pull-conf-'));
  cleanup.push(() => replay.stop(), () => rm(out, { recursive: true, force: true }));
  const sink = new DiagnosticSink();
  const summary = await runPull({ source: makeSource(replay.url), out, http: new HttpClient({ sleep: async () => {}, retries: 1 }), sink, now });
  const readSink = new DiagnosticSink();
  const records = [];
  for await (const { record } of validateCatalogue(filesystemSource(out), readSink)) if (record) records.push(record);
  return { replay, summary, sink, records, readSink };
}

/** Every record the source returned is either in the mirror, valid, or reported with its own id and URL. */
function expectAccountedFor(result: Awaited<ReturnType<typeof pullFrom>>) {
  const invalid = result.sink.list.filter((d) => d.code === 'pull/record-invalid' || d.code === 'pull/duplicate-doi');
  // A record published with faulty values left out keeps its errors in the report (as in content/); no other errors.
  const salvaged = new Set(result.readSink.list.filter((d) => d.code === 'datacite/value-left-out').map((d) => d.record));
  expect(result.readSink.errors().filter((d) => !salvaged.has(d.record))).toEqual([]);
  expect(result.records.length + invalid.length).toBe(result.summary.seen);
  for (const d of invalid) expect(d.file).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
}

describe.skipIf(!present)('pull conformance on recorded responses (../shared/records)', () => {
  it('DataCite REST: a real cursor page, then the real last page; the cursor is taken from links.next and the URL rebuilt', async () => {
    const first = read('datacite-rest/recorded/viringo-datacite_api_dois.json');
    const last = JSON.parse(JSON.parse(read('datacite-rest/recorded/datacite-php-sdk-listdois.exact_match.saloon.json')).data);
    const result = await pullFrom(
      (url) => dataciteRestSource({ url, clientId: 'datacite.datacite', pageSize: 25 }),
      (req) => (req.path === '/dois' ? { body: req.query.get('page[cursor]') === '1' ? JSON.parse(first) : last } : undefined),
    );
    const pages = result.replay.requests.filter((r) => r.path === '/dois');
    expect(pages.map((r) => r.query.get('page[cursor]'))).toEqual(['1', 'MTQ4ODAyNzA4MjAwMCwxMC41NDM4L04xMzgtWjNNSw']);
    // links.next said client-id and page[size] only; our second request still carries every parameter.
    expect(pages[1].query.get('affiliation')).toBe('true');
    expect(pages[1].query.get('publisher')).toBe('true');
    expect(pages[1].query.get('client-id')).toBe('datacite.datacite');
    expect(result.summary.failed).toBeNull();
    expect(result.summary.seen + result.summary.notPublic).toBe(27);
    expectAccountedFor(result);
    expect(result.records.length).toBeGreaterThan(0);
  });

  it('DataCite REST: the affiliation=true&publisher=true list keeps publisher and affiliation objects', async () => {
    const body = json('datacite-rest/recorded/datacite-php-sdk-listdois.affiliation_publisher.body.json');
    const result = await pullFrom((url) => dataciteRestSource({ url, prefix: '10.82433' }), (req) => (req.path === '/dois' ? { body } : undefined));
    expectAccountedFor(result);
    for (const r of result.records) expect(typeof r.datacite.publisher === 'object' || typeof r.datacite.publisher === 'string').toBe(true);
  });

  it('DataCite REST: the ESRF session DOI (findable, Available 2028-09-06) becomes metadata-only; the BM05 DOI is released', async () => {
    const es = json('datacite-rest/esrf/datacite-esrf-es-2210534378.json') as { data: Record<string, unknown> };
    const dc = json('datacite-rest/esrf/datacite-esrf-dc-2493599001.json') as { data: Record<string, unknown> };
    const result = await pullFrom(
      (url) => dataciteRestSource({ url, clientId: 'inist.esrf' }),
      (req) => (req.path === '/dois' ? { body: { data: [es.data, dc.data], meta: { total: 2 }, links: {} } } : undefined),
      new Date('2026-11-29T12:00:00Z'), // the BM05 DOI was registered on 2026-08-11
    );
    expectAccountedFor(result);
    const byDoi = Object.fromEntries(result.records.map((r) => [r.doi, r.release]));
    expect(byDoi['10.15151/esrf-es-2210534378']).toMatchObject({ state: 'metadata-only', releasedOn: '2025-09-06', filesAvailableFrom: '2028-09-06' });
    expect(byDoi['10.15151/esrf-dc-2493599001']?.state).toBe('released');
  });

  it('DataCite OAI-PMH: a recorded oai_datacite GetRecord is read through the DataCite XML reader', async () => {
    const body = read('datacite-oai/recorded/viringo-oai_getrecord_oaidatacite.xml');
    const replay = await startReplay(() => ({ body }));
    cleanup.push(() => replay.stop());
    const item = await dataciteOaiSource({ url: `${replay.url}/oai` }).fetch('doi:10.5072/not-a-real-doi', {
      http: new HttpClient({ sleep: async () => {} }), sink: new DiagnosticSink(), since: null, now: NOW, env: {}, log: () => {},
    });
    expect(item?.kind).toBe('record');
    if (item?.kind === 'record') expect(String(item.record.doi).toLowerCase()).toBe('10.5072/not-a-real-doi');
  });

  it('DataCite OAI-PMH: an oai_dc ListRecords page (no DataCite resource) is reported, never mirrored', async () => {
    const body = read('datacite-oai/recorded/viringo-oai_listrecords_dc.xml');
    const last = body.replace(/<resumptionToken[^>]*>[^<]*<\/resumptionToken>/, '');
    const result = await pullFrom((url) => dataciteOaiSource({ url: `${url}/oai` }), (req) => ({ body: req.query.get('resumptionToken') ? last : body }));
    expect(result.summary.failed).toBeNull();
    expect(result.replay.requests[1].query.get('resumptionToken')).toBe('metadataPrefix%3Doai_dc%26set%3DDATACITE.DATACITE%26paging_cursor%3D1%26cursor%3D1');
    expect(result.records).toEqual([]);
    expect(result.sink.list.some((d) => d.code === 'pull/ambiguous-release')).toBe(true);
  });

  it('ICAT: the recorded DataPublication (scheme-prefixed pid and funder id) is mapped and judged; a pid that is not a DOI is reported', async () => {
    const pubs = json('icat/recorded/icat-server-entityManager-DataPublication.json');
    const datasets = json('icat/recorded/icat-server-entityManager-Dataset.json');
    const files = json('icat/recorded/icat-server-entityManager-Datafile.json');
    const result = await pullFrom(
      (url) => icatSource({ url, facility: 'TestFacility' }),
      (req) => {
        if (req.path === '/icat/session') return { body: { sessionId: 'x' } };
        if (req.path === '/icat/properties') return { body: { maxEntities: 10000 } };
        const q = req.query.get('query') ?? '';
        const offset = Number(/LIMIT (\d+)/.exec(q)?.[1] ?? 0);
        if (offset > 0) return { body: [] };
        return { body: q.includes('FROM DataPublication') ? pubs : q.includes('FROM Dataset') ? datasets : files };
      },
    );
    // pid "DOI:00.0815/pub-00027" is split into DOI + value; 00.0815 is not a DOI prefix, so the catalogue refuses it.
    const invalid = result.sink.list.find((d) => d.code === 'pull/record-invalid');
    expect(invalid?.record).toBe('6');
    expect(invalid?.file).toContain('entityName=DataPublication&id=6');
    expectAccountedFor(result);
  });

  it('SciCat v4: the backend-test PublishedData and OrigDatablock bodies, once registered, map to a valid record', async () => {
    const pub = json('scicat/recorded/scicat-TestData.PublishedDataV4.v4-publisheddata-create-body.json') as Record<string, unknown>;
    const dataset = json('scicat/recorded/scicat-TestData.RawCorrectV4.v4-datasets-create-body.json') as Record<string, unknown>;
    const block = json('scicat/recorded/scicat-TestData.OrigDatablockV4Correct.v4-origdatablocks-create-body.json');
    const result = await pullFrom(
      (url) => scicatSource({ url, apiVersion: 4 }),
      (req) => {
        if (req.path === '/api/v4/PublishedData')
          return { body: JSON.parse(req.query.get('filter')!).limits.skip === 0 ? [{ ...pub, doi: '10.17199/test-1', status: 'registered', registeredTime: '2020-06-01T00:00:00Z', datasetPids: ['p1'] }] : [] };
        if (req.path.startsWith('/api/v4/datasets/public/')) return { body: { ...dataset, pid: 'p1', isPublished: true, origdatablocks: [block] } };
        return undefined;
      },
    );
    expectAccountedFor(result);
    // "Test-chkAlg" is no SHA-256: the files are kept aside and reported, not listed.
    expect(result.sink.list.some((d) => d.code === 'pull/checksum-unsupported')).toBe(true);
  });

  it('PaNOSC: recorded Documents and dataset files (DataGateway on generated ICAT data)', async () => {
    const list = json('panosc-search/recorded/datagateway-search-api.list.cases.json') as { cases: Array<{ request: { path: string; query: Record<string, string> }; body?: unknown }> };
    const filesCases = json('panosc-search/recorded/datagateway-search-api.dataset-files.cases.json') as typeof list;
    const docs = list.cases.filter((c) => c.request.path.endsWith('/Documents') && Array.isArray(c.body)).flatMap((c) => c.body as unknown[]);
    const fileBody = filesCases.cases.find((c) => Array.isArray(c.body) && (c.body as unknown[]).length > 0)?.body;
    const result = await pullFrom(
      (url) => panoscSource({ url: `${url}/search-api`, dataciteUrl: null, facility: 'Generated ICAT' }),
      (req) => {
        if (req.path === '/search-api/Documents') return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? docs : [] };
        if (req.path.endsWith('/files')) return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? fileBody : [] };
        return undefined;
      },
    );
    expect(result.summary.failed).toBeNull();
    expectAccountedFor(result);
  });

  it('MyTardis: the recorded list shape with public_access 1 is never mirrored', async () => {
    const shapes = json('mytardis/api-v1-list-responses.UNVERIFIED-PROVENANCE.json') as Record<string, unknown>;
    const result = await pullFrom((url) => mytardisSource({ url, timeZone: 'Pacific/Auckland' }), (req) => (req.path === '/api/v1/experiment/' ? { body: shapes['GET /api/v1/experiment/'] } : undefined));
    expect(result.records).toEqual([]);
    expect(result.sink.list.find((d) => d.code === 'pull/not-released')?.record).toBe('2');
  });
});

/** The DataCite REST list pages recorded with a `links.next` (Saloon fixtures carry the body as a string). */
const LIST_PAGES = [
  'datacite-php-sdk-listdois.pagination.saloon.json',
  'datacite-php-sdk-listdois.boolean_filters.saloon.json',
  'datacite-php-sdk-listdois.provider_filter.saloon.json',
  'datacite-php-sdk-listdois.date_range.saloon.json',
  'datacite-php-sdk-listdois.affiliation_publisher.saloon.json',
  'rdatacite-dc_dois.body.json',
  'viringo-datacite_api_dois_2016.json',
];

describe.skipIf(!present)('every recorded DataCite REST response, as the pull reads it', () => {
  const page = (file: string): { data: unknown[]; links: { next: string } } => {
    const raw = json(`datacite-rest/recorded/${file}`) as { data: unknown };
    return typeof raw.data === 'string' ? JSON.parse(raw.data) : (raw as never);
  };

  it.each(LIST_PAGES)('%s: its records are each mirrored or reported, and its links.next is followed by its page alone, with our own parameters', async (file) => {
    const first = page(file);
    const next = new URL(first.links.next).searchParams;
    const last = JSON.parse(JSON.parse(read('datacite-rest/recorded/datacite-php-sdk-listdois.exact_match.saloon.json')).data);
    const result = await pullFrom(
      (url) => dataciteRestSource({ url, providerId: 'cern', pageSize: first.data.length }),
      (req) => (req.path === '/dois' ? { body: req.query.get('page[cursor]') === '1' ? first : last } : undefined),
    );
    expect(result.summary.failed).toBeNull();
    const second = result.replay.requests[1].query;
    expect([second.get('page[cursor]'), second.get('page[number]')]).toEqual([next.get('page[cursor]'), next.get('page[cursor]') ? null : next.get('page[number]')]);
    expect([second.get('provider-id'), second.get('affiliation'), second.get('publisher')]).toEqual(['cern', 'true', 'true']);
    expect(result.summary.seen + result.summary.notPublic + result.summary.withdrawn).toBe(first.data.length + last.data.length);
    expectAccountedFor(result);
  });

  it('single records (GET /dois/{id}) fetched directly are read or reported, never thrown; the content-negotiation 404 (text/plain) is "not there"', async () => {
    const singles = {
      '10.5438/prvv-nv23': json('datacite-rest/recorded/viringo-datacite_api_doi.json'),
      '10.5438/dateproblems': json('datacite-rest/recorded/viringo-datacite_api_doi_dateproblems.json'),
      '10.5438/0012': JSON.parse((json('datacite-rest/recorded/datacite-php-sdk-getdoi.saloon.json') as { data: string }).data),
      '10.82433/b09z-4k37': json('datacite-rest/recorded/datacite-php-sdk-getdoi.all_fields.body.json'),
      '10.60825/xd80-gb65': json('datacite-rest/recorded/datacite-php-sdk-public.getdoi.affiliation_publisher.body.json'),
    } as Record<string, unknown>;
    const cnFail = /string: "?([^"\n]*doesn't exist[^"\n]*)/.exec(read('datacite-rest/recorded/rdatacite-dc_cn_fail.vcr.yml'))?.[1];
    expect(cnFail).toBeTruthy();
    const replay = await startReplay((req) => {
      const doi = decodeURIComponent(req.path.replace(/^\/dois\//, ''));
      return singles[doi] ? { body: singles[doi] } : { status: 404, headers: { 'content-type': 'text/plain' }, body: cnFail };
    });
    cleanup.push(() => replay.stop());
    const source = dataciteRestSource({ url: replay.url, prefix: '10.5438' });
    const ctx = { http: new HttpClient({ sleep: async () => {}, retries: 0 }), sink: new DiagnosticSink(), since: null, now: NOW, env: {}, log: () => {} };
    const kinds: Record<string, string | null> = {};
    for (const doi of [...Object.keys(singles), '10.5438/adsfs']) kinds[doi] = (await source.fetch(doi, ctx))?.kind ?? null;
    expect(kinds).toEqual({ '10.5438/prvv-nv23': 'record', '10.5438/dateproblems': 'record', '10.5438/0012': 'record', '10.82433/b09z-4k37': 'record', '10.60825/xd80-gb65': 'record', '10.5438/adsfs': null });
  });

  it('OAI-PMH GetRecord in the `datacite` format (the resource directly under metadata) is read; in oai_dc it is reported, never mirrored', async () => {
    const bodies: Record<string, string> = { datacite: read('datacite-oai/recorded/viringo-oai_getrecord_datacite.xml'), dc: read('datacite-oai/recorded/viringo-oai_getrecord_dc.xml') };
    let format = 'datacite';
    const replay = await startReplay(() => ({ body: bodies[format] }));
    cleanup.push(() => replay.stop());
    const ctx = { http: new HttpClient({ sleep: async () => {} }), sink: new DiagnosticSink(), since: null, now: NOW, env: {}, log: () => {} };
    const source = dataciteOaiSource({ url: `${replay.url}/oai` });
    expect((await source.fetch('doi:10.5072/not-a-real-doi', ctx))?.kind).toBe('record');
    format = 'dc';
    expect(await source.fetch('doi:10.5072/not-a-real-doi', ctx)).toMatchObject({ kind: 'not-public', ambiguous: true });
  });

  it('ICAT (entity Investigation): the recorded Investigations carry no releaseDate, so none is mirrored, each reported as ambiguous', async () => {
    const investigations = json('icat/recorded/icat-server-entityManager-Investigation.json') as unknown[];
    const result = await pullFrom(
      (url) => icatSource({ url, entity: 'Investigation', facility: 'TestFacility' }),
      (req) => {
        if (req.path === '/icat/session') return { body: { sessionId: 'x' } };
        if (req.path === '/icat/properties') return { body: { maxEntities: 10000 } };
        const q = req.query.get('query') ?? '';
        return { body: /FROM Investigation/.test(q) && /LIMIT 0,/.test(q) ? investigations : [] };
      },
    );
    expect(result.summary.failed).toBeNull();
    expect(result.records).toEqual([]);
    expect(result.sink.list.filter((d) => d.code === 'pull/ambiguous-release')).toHaveLength(investigations.length);
  });
});
