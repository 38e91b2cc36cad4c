/**
 * Variants a real server sends that the recordings in ../shared/records (RECORDED.md) do not
 * show, each derived by code from a recorded response and replayed through the local server:
 * empty pages in the middle of a walk, encodings, Retry-After, an HTML page with status 200,
 * a `links.next` to another host, OAI-PMH token text and errors, and every source's release
 * mark turned off while the rest of the record says public. Skipped when ../shared is
 * absent, except in CI, where that is a failure.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, deflateSync } from 'node:zlib';
import { pull, serve } from './pull-harness.ts';
import { readMirror } from './read-mirror.ts';
import type { Reply, Request } from './replay-server.ts';
import { MAX_EMPTY_PAGES } from '../../src/pull/paging.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { dataciteOaiSource } from '../../src/pull/datacite-oai.ts';
import { mytardisSource } from '../../src/pull/mytardis.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { icatSource } from '../../src/pull/icat.ts';
import { panoscSource } from '../../src/pull/panosc.ts';
import type { PullSource } from '../../src/pull/types.ts';

const RECORDS = path.join(import.meta.dirname, '../../../shared/records');
const present = existsSync(path.join(RECORDS, 'RECORDED.md'));
const read = (rel: string): string => readFileSync(path.join(RECORDS, rel), 'utf8');
// `any`: the tests edit recorded bodies freely; what they serve is checked by the pull, not by types.
const json = (rel: string): any => JSON.parse(read(rel));

/** The real viringo cursor page (25 of 40 records) and the cursor its links.next carries. */
const cursorPage = () => json('datacite-rest/recorded/viringo-datacite_api_dois.json');
const NEXT_CURSOR = 'MTQ4ODAyNzA4MjAwMCwxMC41NDM4L04xMzgtWjNNSw';
/** The real last page (no links.next): two figshare DOIs. */
const lastPage = () => JSON.parse(json('datacite-rest/recorded/datacite-php-sdk-listdois.exact_match.saloon.json').data);
const LAST_DOIS = ['10.6084/m9.figshare.90828', '10.6084/m9.figshare.90828.v1'];

/** The recorded oai_datacite record, in the envelope of the recorded ListRecords page, with `token` closing it. */
function oaiListPage(records: 'recorded' | 'none', token: string): string {
  const record = /<record>[\s\S]*<\/record>/.exec(read('datacite-oai/recorded/viringo-oai_getrecord_oaidatacite.xml'))![0];
  return read('datacite-oai/recorded/viringo-oai_listrecords_dc.xml')
    .replace(/<record>[\s\S]*<\/record>/, records === 'recorded' ? record : '')
    .replace(/<resumptionToken([^>]*)>[^<]*<\/resumptionToken>/, token === '' ? '<resumptionToken$1/>' : `<resumptionToken$1>${token}</resumptionToken>`);
}

/** Every file under `dir`, as text. */
async function allText(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return parts.join('\n');
}

it.runIf(process.env.CI === 'true')('has the shared recordings in CI (a skip there would hide these variants)', () => {
  expect(present).toBe(true);
});

describe.skipIf(!present)('empty pages in the middle of a walk', () => {
  it('DataCite REST: an empty page that still names a next one is followed, and the records after it are mirrored', async () => {
    const { replay, out } = await serve((req, server) => {
      if (req.path !== '/dois') return undefined;
      const cursor = req.query.get('page[cursor]');
      if (cursor === '1') return { body: cursorPage() };
      if (cursor === NEXT_CURSOR) return { body: { ...cursorPage(), data: [], links: { next: `${server.url}/dois?page%5Bcursor%5D=third` } } };
      if (cursor === 'third') return { body: lastPage() };
      return undefined;
    });
    const { summary, sink } = await pull(dataciteRestSource({ url: replay.url, clientId: 'datacite.datacite', pageSize: 25 }), out);
    expect(replay.requests.map((r) => r.query.get('page[cursor]'))).toEqual(['1', NEXT_CURSOR, 'third']);
    expect(summary.failed).toBeNull();
    expect(sink.list.filter((d) => d.code === 'pull/listing-cut-short')).toEqual([]);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi)).toEqual(expect.arrayContaining(LAST_DOIS));
  });

  // Each server gives up after 30 pages (a last, empty page), so that a walk without the guard ends, and the test fails, rather than hanging.
  const endless: Array<[string, (url: string) => PullSource, (req: Request, phase: 'first' | 'endless') => Reply | undefined]> = [
    [
      'OAI-PMH: empty ListRecords pages, each with a new resumption token',
      (url) => dataciteOaiSource({ url: `${url}/oai` }),
      (req, phase) => {
        if (phase === 'first') return { body: oaiListPage('recorded', '') };
        const n = Number(req.query.get('resumptionToken') ?? 0);
        return { body: oaiListPage('none', n < 30 ? String(n + 1) : '') };
      },
    ],
    [
      'MyTardis: empty `objects` pages, each meta.next one offset further',
      (url) => mytardisSource({ url }),
      (req, phase) => {
        if (req.path !== '/api/v1/experiment/') return undefined;
        if (phase === 'first') {
          const experiment = { id: 7, title: 'MX beamtime 7', public_access: 50, created_time: '2023-12-31T23:30:00.123456', update_time: '2024-01-02T09:00:00', authors: [{ name: 'Nguyen, An' }], institution_name: 'Australian Synchrotron', parameter_sets: [{ parameters: [{ name: 'doi', string_value: '10.26190/as-7' }] }] };
          return { body: { meta: { limit: 20, offset: 0, total_count: 1, next: null, previous: null }, objects: [experiment] } };
        }
        const offset = Number(req.query.get('offset') ?? 0);
        return { body: { meta: { limit: 20, offset, total_count: 1, next: offset < 600 ? `/api/v1/experiment/?format=json&limit=20&offset=${offset + 20}` : null, previous: null }, objects: [] } };
      },
    ],
  ];
  it.each(endless)('%s: the walk ends after a run of them, cut short, and no mirrored record is counted missing', async (_, source, route) => {
    let phase: 'first' | 'endless' = 'first';
    const { replay, out } = await serve((req) => route(req, phase));
    const first = await pull(source(replay.url), out);
    expect(first.summary.written).toBe(1);
    phase = 'endless';
    const before = replay.requests.length;
    const { summary, sink } = await pull(source(replay.url), out, { full: true });
    expect(replay.requests.length - before).toBe(MAX_EMPTY_PAGES + 1);
    expect(sink.list.filter((d) => d.code === 'pull/listing-cut-short').map((d) => d.message)).toEqual([expect.stringMatching(/pages in a row are empty/)]);
    expect(summary.failed).toBeNull();
    expect(summary.vanished).toBe(0);
    expect((await readMirror(out)).records).toHaveLength(1);
  });
});

describe.skipIf(!present)('what real servers send around the body', () => {
  it('DataCite REST: reads deflate and br bodies, and waits out a 429 with Retry-After in seconds and a 503 with it as an HTTP date', async () => {
    let refusals = 0;
    const { replay, out } = await serve((req): Reply | undefined => {
      if (req.path !== '/dois') return undefined;
      const body = Buffer.from(JSON.stringify(lastPage()));
      const prefix = req.query.get('prefix');
      if (prefix === 'deflate') return { body: deflateSync(body), headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' } };
      if (prefix === 'br') return { body: brotliCompressSync(body), headers: { 'content-type': 'application/json', 'content-encoding': 'br' } };
      refusals++;
      if (refusals === 1) return { status: 429, headers: { 'retry-after': '7' }, body: {} };
      if (refusals === 2) return { status: 503, headers: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }, body: {} };
      return { body: lastPage() };
    });
    for (const prefix of ['deflate', 'br']) {
      const { summary } = await pull(dataciteRestSource({ url: replay.url, prefix }), out);
      expect(summary.failed).toBeNull();
      expect(summary.seen).toBe(2);
    }
    const { summary, http } = await pull(dataciteRestSource({ url: replay.url, prefix: 'retry' }), out);
    expect(summary.failed).toBeNull();
    expect(http.waits[0]).toBe(7_000);
    // An HTTP date has a one-second resolution: the wait is what remains of the 30 s.
    expect(http.waits[1]).toBeGreaterThan(27_000);
    expect(http.waits[1]).toBeLessThanOrEqual(30_000);
  });

  it('DataCite REST: an HTML maintenance page with status 200 fails the pull and leaves the mirror as it was', async () => {
    let maintenance = false;
    const { replay, out } = await serve((req) => {
      if (req.path !== '/dois') return undefined;
      return maintenance ? { body: '<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } } : { body: lastPage() };
    });
    await pull(dataciteRestSource({ url: replay.url, prefix: '10.6084' }), out);
    const mirrored = await allText(out);
    maintenance = true;
    const { summary, sink } = await pull(dataciteRestSource({ url: replay.url, prefix: '10.6084' }), out, { full: true, retries: 1 });
    expect(summary.failed).not.toBeNull();
    expect(sink.list.map((d) => d.code)).toContain('pull/source-unreachable');
    expect(await allText(out)).toBe(mirrored);
  });

  it('DataCite REST: a links.next on another host gives its cursor only; that host is never asked', async () => {
    const elsewhere = await serve(() => ({ body: { data: [], links: {} } }));
    const { replay, out } = await serve((req) => {
      if (req.path !== '/dois') return undefined;
      if (req.query.get('page[cursor]') === '1') return { body: { ...cursorPage(), links: { next: `${elsewhere.replay.url}/dois?page%5Bcursor%5D=elsewhere` } } };
      return { body: lastPage() };
    });
    const { summary } = await pull(dataciteRestSource({ url: replay.url, clientId: 'datacite.datacite', pageSize: 25 }), out);
    expect(summary.failed).toBeNull();
    expect(elsewhere.replay.requests).toEqual([]);
    expect(replay.requests.map((r) => r.query.get('page[cursor]'))).toEqual(['1', 'elsewhere']);
    expect(replay.requests[1].query.get('client-id')).toBe('datacite.datacite');
  });

  it('OAI-PMH: a resumption token wrapped in whitespace and written with entities is sent as its text; noRecordsMatch is an empty listing', async () => {
    const { replay, out } = await serve((req) => {
      if (req.query.get('set') === 'EMPTY') return { body: read('datacite-oai/recorded/viringo-oai_listsets.xml').replace(/<ListSets>[\s\S]*<\/ListSets>/, '<error code="noRecordsMatch">The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.</error>') };
      if (req.query.get('resumptionToken')) return { body: oaiListPage('recorded', '') };
      return { body: oaiListPage('none', '\n      metadataPrefix%3Doai_datacite&amp;cursor=25&#38;set=DATACITE  \n    ') };
    });
    const { summary } = await pull(dataciteOaiSource({ url: `${replay.url}/oai` }), out);
    expect(summary.failed).toBeNull();
    expect(replay.requests.map((r) => r.query.get('resumptionToken'))).toEqual([null, 'metadataPrefix%3Doai_datacite&cursor=25&set=DATACITE']);
    expect(summary.written).toBe(1);
    const empty = await pull(dataciteOaiSource({ url: `${replay.url}/oai`, set: 'EMPTY' }), out);
    expect(empty.summary.failed).toBeNull();
    expect(empty.summary.seen).toBe(0);
  });
});

/**
 * A source, a route serving the released control record beside one variant of it with the
 * release mark off (every other field as the released one has it), and the marker the
 * variant's title carries: nothing of the variant may reach the mirror.
 */
type MarkOff = [string, (url: string) => PullSource, (variant: number) => (req: Request) => Reply | undefined, number];
const HIDDEN = (n: number) => `UNRELEASED-VARIANT-${n}`;

const dataciteMarkOff = (): MarkOff => {
  const variants: Array<Record<string, unknown>> = [{ state: 'registered' }, { state: 'draft' }, { state: undefined }, { state: 'Findable' }, { registered: null, published: null, dates: [], publicationYear: null }];
  return [
    'DataCite REST: state registered, draft, missing, "Findable", or no date at all',
    (url) => dataciteRestSource({ url, prefix: '10.6084' }),
    (n) => (req) => {
      if (req.path !== '/dois') return undefined;
      const body = lastPage();
      Object.assign(body.data[1].attributes, variants[n], { titles: [{ title: HIDDEN(n) }] });
      return { body };
    },
    variants.length,
  ];
};

const scicatMarkOff = (): MarkOff => {
  const pub = json('scicat/recorded/scicat-TestData.PublishedDataV4.v4-publisheddata-create-body.json');
  const dataset = json('scicat/recorded/scicat-TestData.RawCorrectV4.v4-datasets-create-body.json');
  const block = json('scicat/recorded/scicat-TestData.OrigDatablockV4Correct.v4-origdatablocks-create-body.json');
  const released = { ...pub, _id: 'a', doi: '10.17199/released', status: 'registered', registeredTime: '2020-06-01T00:00:00.000Z', datasetPids: ['p1'] };
  // The last three: numbers that are no epoch milliseconds of 1990–2100 (seconds, 2100 itself, a fraction).
  const variants: Array<Record<string, unknown>> = [
    { status: 'pending_registration' }, { status: undefined }, { status: ['registered'] }, { registeredTime: '2099-01-01T00:00:00.000Z', updatedAt: '2020-06-01T00:00:00.000Z' },
    { registeredTime: 1_590_969_600 }, { registeredTime: Date.UTC(2100, 0, 1) }, { registeredTime: 1_590_969_600_000.5 },
  ];
  return [
    'SciCat v4: PublishedData pending, without a status, with a status that is not a string, registered in the future, or dated by a number that is no epoch milliseconds (its dataset published)',
    (url) => scicatSource({ url, apiVersion: 4 }),
    (n) => (req) => {
      if (req.path === '/api/v4/PublishedData') return { body: JSON.parse(req.query.get('filter')!).limits.skip === 0 ? [released, { ...released, _id: 'b', doi: '10.17199/variant', title: HIDDEN(n), ...variants[n] }] : [] };
      if (req.path.startsWith('/api/v4/datasets/public/')) return { body: { ...dataset, pid: 'p1', isPublished: true, origdatablocks: [block] } };
      return undefined;
    },
    variants.length,
  ];
};

const mytardisMarkOff = (): MarkOff => {
  const experiment = (id: number, access: unknown, title: string) => ({ id, title, public_access: access, created_time: '2023-12-31T23:30:00.123456', update_time: '2024-01-02T09:00:00', authors: [{ name: 'Nguyen, An' }], institution_name: 'Australian Synchrotron', parameter_sets: [{ parameters: [{ name: 'doi', string_value: `10.26190/as-${id}` }] }] });
  const variants: unknown[] = [1, 25, null, [100], true, '1e2', '0x64'];
  return [
    'MyTardis: public_access 1, 25, null, or a value Number() would read as 100 ([100], "1e2", "0x64") or 1 (true)',
    (url) => mytardisSource({ url }),
    (n) => (req) => {
      if (req.path === '/api/v1/experiment/') return { body: { meta: { limit: 20, offset: 0, total_count: 2, next: null, previous: null }, objects: [experiment(1, 50, 'Released'), experiment(2, variants[n], HIDDEN(n))] } };
      if (req.path === '/api/v1/dataset/') return { body: { meta: { limit: 20, offset: 0, total_count: 0, next: null, previous: null }, objects: [] } };
      return undefined;
    },
    variants.length,
  ];
};

const icatMarkOff = (): MarkOff => {
  const [recorded] = json('icat/recorded/icat-server-entityManager-DataPublication.json');
  const released = { DataPublication: { ...recorded.DataPublication, pid: 'DOI:10.5286/pub-6', publicationDate: '2025-07-16T22:54:23.000+02:00', users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil', user: { name: 'db/nsloane' } }], facility: { name: 'TestFacility' } } };
  const variants: Array<Record<string, unknown>> = [{ publicationDate: '2099-01-01T00:00:00.000+02:00' }, { publicationDate: null }, { publicationDate: 1752699263000 }, { publicationDate: '2026-03-02T00:30:00.000+14:00' }];
  return [
    'ICAT: a DataPublication published in the future (also by its offset), without a date, or with a date that is not text',
    (url) => icatSource({ url }),
    (n) => (req) => {
      if (req.path === '/icat/session') return { body: { sessionId: 'anon' } };
      if (req.path === '/icat/properties') return { body: { maxEntities: 10000 } };
      const q = req.query.get('query') ?? '';
      if (!/LIMIT 0,/.test(q) || !q.includes('FROM DataPublication')) return { body: [] };
      return { body: [released, { DataPublication: { ...released.DataPublication, id: 7, pid: 'DOI:10.5286/pub-7', title: HIDDEN(n), ...variants[n] } }] };
    },
    variants.length,
  ];
};

const panoscMarkOff = (): MarkOff => {
  const list = json('panosc-search/recorded/datagateway-search-api.list.cases.json');
  const recorded = list.cases.find((c: { request: { path: string }; body?: unknown }) => c.request.path.endsWith('/Documents') && Array.isArray(c.body)).body[0];
  const released = { ...recorded, doi: '10.17199/doc-1', members: [{ role: 'Creator', person: { fullName: 'Durand, Paul' } }] };
  const variants: Array<Record<string, unknown>> = [{ isPublic: false }, { isPublic: 'true' }, { isPublic: undefined }, { releaseDate: '2099-01-01T00:00:00.000Z' }, { releaseDate: 'soon' }];
  return [
    'PaNOSC: a Document not public, public as a string, without the flag, released in the future or on an unreadable date',
    (url) => panoscSource({ url: `${url}/search-api`, dataciteUrl: null, facility: 'Generated ICAT' }),
    (n) => (req) => {
      if (req.path !== '/search-api/Documents') return undefined;
      return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? [released, { ...released, pid: 'variant', doi: '10.17199/doc-2', title: HIDDEN(n), ...variants[n] }] : [] };
    },
    variants.length,
  ];
};

describe.skipIf(!present)('a release mark turned off, whatever the other fields say', () => {
  const cases = present ? [dataciteMarkOff(), scicatMarkOff(), mytardisMarkOff(), icatMarkOff(), panoscMarkOff()] : [];
  it.each(cases)('%s: the released record is mirrored, the variant nowhere', async (_, source, route, count) => {
    for (let n = 0; n < count; n++) {
      const { replay, out } = await serve(route(n));
      const { summary } = await pull(source(replay.url), out);
      expect(summary.failed).toBeNull();
      expect({ variant: n, written: summary.written }).toEqual({ variant: n, written: 1 });
      expect({ variant: n, leaked: (await allText(out)).includes(HIDDEN(n)) }).toEqual({ variant: n, leaked: false });
    }
  });
});

describe.skipIf(!present)('SciCat dates as epoch milliseconds', () => {
  it('mirrors a registered record whose registeredTime, updatedAt and createdAt are all epoch-millisecond numbers, released on that day', async () => {
    const pub = json('scicat/recorded/scicat-TestData.PublishedDataV4.v4-publisheddata-create-body.json');
    const dataset = json('scicat/recorded/scicat-TestData.RawCorrectV4.v4-datasets-create-body.json');
    const block = json('scicat/recorded/scicat-TestData.OrigDatablockV4Correct.v4-origdatablocks-create-body.json');
    const numbered = {
      ...pub, _id: 'a', doi: '10.17199/epoch-ms', status: 'registered', datasetPids: ['p1'],
      registeredTime: Date.parse('2020-06-01T09:30:00Z'), updatedAt: Date.parse('2020-06-02T00:00:00Z'), createdAt: Date.parse('2020-05-30T00:00:00Z'),
    };
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v4/PublishedData') return { body: JSON.parse(req.query.get('filter')!).limits.skip === 0 ? [numbered] : [] };
      if (req.path.startsWith('/api/v4/datasets/public/')) return { body: { ...dataset, pid: 'p1', isPublished: true, origdatablocks: [block] } };
      return undefined;
    });
    const { summary, sink } = await pull(scicatSource({ url: replay.url, apiVersion: 4 }), out);
    expect(sink.list.filter((d) => d.code === 'pull/ambiguous-release' || d.code === 'pull/not-released')).toEqual([]);
    expect(summary.written).toBe(1);
    const { records } = await readMirror(out);
    expect(records.map((r) => [r.record.doi, r.record.release.state, r.record.release.releasedOn])).toEqual([['10.17199/epoch-ms', 'released', '2020-06-01']]);
  });
});
