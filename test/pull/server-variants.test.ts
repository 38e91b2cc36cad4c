/**
 * Variants a real server sends that the recordings in ../shared/records (RECORDED.md) do not
 * show, each derived by code from a recorded response and replayed through the local server:
 * empty pages in the middle of a walk, encodings, Retry-After, an HTML page with status 200,
 * a `links.next` to another host, OAI-PMH token text and errors. Skipped when ../shared is
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
