/**
 * A remote catalogue treated as hostile or compromised: redirects and next links that lead
 * away from the source, records that collide on one mirror folder, bodies built to exhaust
 * the parser, records that change their release status between pulls. Each case replays
 * the answer through a local server and checks the mirror, as `aperture build` reads it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReplay, type Replay, type Reply, type Request } from './replay-server.ts';
import { dataciteAttributes } from './fixtures.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import type { PullSource } from '../../src/pull/types.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { dataciteOaiSource } from '../../src/pull/datacite-oai.ts';
import { mytardisSource } from '../../src/pull/mytardis.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { icatSource } from '../../src/pull/icat.ts';
import { filesystemSource } from '../../src/catalogue/filesystem-source.ts';
import { validateCatalogue } from '../../src/validate/validate-catalogue.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function serve(route: (req: Request, server: { url: string }) => Reply | undefined): Promise<Replay> {
  const replay = await startReplay(route);
  cleanup.push(() => replay.stop());
  return replay;
}

async function mirrorDir(): Promise<string> {
  const out = await mkdtemp(path.join(tmpdir(), 'aperture-hostile-'));
  cleanup.push(() => rm(out, { recursive: true, force: true }));
  return out;
}

async function pull(source: PullSource, out: string, options: { full?: boolean; now?: Date } = {}) {
  const sink = new DiagnosticSink();
  const http = new HttpClient({ sleep: async () => {}, timeoutMs: 5_000 });
  const summary = await runPull({ source, out, http, sink, now: NOW, ...options });
  return { summary, sink };
}

const dataciteSource = (url: string) => dataciteRestSource({ url, prefix: '10.16907' });
const dataciteBody = (records: Record<string, unknown>[]) => ({ data: records.map((a) => ({ id: a.doi, type: 'dois', attributes: a })), links: {} });
/** Record folders in the mirror (the state folder aside). */
const folders = async (out: string) => (await readdir(out)).filter((n) => !n.startsWith('.')).sort();

describe('redirects from a compromised source', () => {
  it('refuses a redirect to another host, without asking it or retrying, and leaves the mirror as it was', async () => {
    // The other host answers a perfectly good page: what it says must still never be mirrored.
    const elsewhere = await serve(() => ({ body: dataciteBody([dataciteAttributes('10.16907/from-elsewhere')]) }));
    const source = await serve(() => ({ status: 302, headers: { location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/latest/meta-data/` } }));
    const out = await mirrorDir();
    const { summary, sink } = await pull(dataciteSource(source.url), out);
    expect(summary.failed).toMatch(/redirected to http:\/\/localhost:\d+\/latest\/meta-data\/; .*only within its own host/);
    expect(sink.list.map((d) => d.code)).toEqual(['pull/source-unreachable']);
    expect(elsewhere.requests).toHaveLength(0);
    expect(source.requests).toHaveLength(1);
    expect(await folders(out)).toEqual([]);
  });

  it('refuses a redirect to another port of the same host, another service there', async () => {
    const admin = await serve(() => ({ body: dataciteBody([dataciteAttributes('10.16907/from-admin')]) }));
    const source = await serve(() => ({ status: 302, headers: { location: `${admin.url}/dois` } }));
    const { summary } = await pull(dataciteSource(source.url), await mirrorDir());
    expect(summary.failed).toMatch(/only within its own host/);
    expect(admin.requests).toHaveLength(0);
  });

  it('refuses a redirect to file: and a redirect loop after a few hops; follows a redirect within the host', async () => {
    const toFile = await serve(() => ({ status: 301, headers: { location: 'file:///etc/passwd' } }));
    expect((await pull(dataciteSource(toFile.url), await mirrorDir())).summary.failed).toMatch(/redirected to file:/);

    const loop = await serve((req) => ({ status: 307, headers: { location: `/dois?hop=${Number(req.query.get('hop') ?? 0) + 1}` } }));
    const looped = await pull(dataciteSource(loop.url), await mirrorDir());
    expect(looped.summary.failed).toMatch(/more than 5 redirects/);
    expect(loop.requests).toHaveLength(6);

    const moved = await serve((req) => (req.path === '/dois' ? { status: 301, headers: { location: `/v2/dois?${req.query}` } } : req.path === '/v2/dois' ? { body: dataciteBody([dataciteAttributes('10.16907/moved')]) } : undefined));
    const out = await mirrorDir();
    expect((await pull(dataciteSource(moved.url), out)).summary.failed).toBeNull();
    expect(await folders(out)).toEqual(['10.16907-moved']);
  });

  it('MyTardis: a meta.next leading to another host ends the listing there, and that host is never asked', async () => {
    const experiment = (id: number) => ({ id, title: `Experiment ${id}`, description: 'MX beamtime', institution_name: 'Australian Synchrotron', public_access: 50, created_time: '2023-12-01T10:00:00', authors: [{ name: 'Nguyen, An' }], parameter_sets: [{ parameters: [{ name: 'doi', string_value: `10.26190/as-${id}` }] }] });
    const elsewhere = await serve(() => ({ body: { meta: { next: null }, objects: [experiment(2)] } }));
    const source = await serve((req) => (req.path === '/api/v1/experiment/' ? { body: { meta: { limit: 1, offset: 0, next: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/api/v1/experiment/?offset=1` }, objects: [experiment(1)] } } : undefined));
    const out = await mirrorDir();
    const { summary, sink } = await pull(mytardisSource({ url: source.url }), out);
    expect(summary.failed).toBeNull();
    expect(elsewhere.requests).toHaveLength(0);
    expect(sink.list.find((d) => d.code === 'pull/listing-cut-short')?.message).toMatch(/leads away from/);
    expect(await folders(out)).toEqual(['10.26190-as-1']);
  });
});

describe('records that map to one mirror folder', () => {
  it('keeps both of two DOIs that differ only in punctuation, the later one under a stable digest name, across pulls and a withdrawal', async () => {
    const remote = new Map([
      ['10.16907/run:1', dataciteAttributes('10.16907/run:1', { titles: [{ title: 'Colon run' }] })],
      ['10.16907/run;1', dataciteAttributes('10.16907/run;1', { titles: [{ title: 'Semicolon run' }] })],
    ]);
    const source = await serve((req) => (req.path === '/dois' ? { body: dataciteBody([...remote.values()]) } : req.path.startsWith('/dois/') ? { body: { data: { attributes: remote.get(decodeURIComponent(req.path.slice(6))) } } } : undefined));
    const out = await mirrorDir();
    const first = await pull(dataciteSource(source.url), out);
    expect(first.summary.written).toBe(2);
    const names = await folders(out);
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('10.16907-run-1');
    expect(names[1]).toMatch(/^10\.16907-run-1-[0-9a-f]{8}$/);
    const title = async (name: string) => JSON.parse(await readFile(path.join(out, name, 'datacite.json'), 'utf8')).titles[0].title;
    expect([await title(names[0]), await title(names[1])]).toEqual(['Colon run', 'Semicolon run']);
    expect(first.sink.list.find((d) => d.code === 'pull/folder-collision')?.message).toContain(names[1]);

    // The next pull finds each record in its own folder again; nothing is rewritten.
    const second = await pull(dataciteSource(source.url), out, { full: true });
    expect(second.summary).toMatchObject({ written: 0, unchanged: 2 });
    expect(await folders(out)).toEqual(names);

    // The semicolon DOI is hidden by its owner: its own folder becomes the tombstone, not the colon one's.
    remote.set('10.16907/run;1', { ...remote.get('10.16907/run;1')!, state: 'registered' });
    const third = await pull(dataciteSource(source.url), out, { full: true });
    expect(third.summary.withdrawn).toBe(1);
    const state = async (name: string) => JSON.parse(await readFile(path.join(out, name, 'experiment.json'), 'utf8')).release.state;
    expect([await state(names[0]), await state(names[1])]).toEqual(['released', 'withdrawn']);
  });
});

describe('bodies built against the parser', () => {
  it('refuses a record that gives its release status twice, instead of publishing it by "last wins", and mirrors the rest of its page', async () => {
    const published = (doi: string, status: string) => `{"_id":"${doi}","doi":"${doi}","status":"${status}","creator":["Meier, Egon"],"publisher":"PSI","publicationYear":2023,"title":"Run ${doi}","pidArray":[],"registeredTime":"2023-05-01T10:00:00.000Z"`;
    const page = `[${published('10.16907/psi-1', 'registered')}},${published('10.16907/psi-2', 'pending_registration')},"status":"registered"}]`;
    const source = await serve((req) => (req.path === '/api/v3/PublishedData' ? { body: JSON.parse(req.query.get('filter')!).skip === 0 ? page : [] , headers: { 'content-type': 'application/json' } } : undefined));
    const out = await mirrorDir();
    const { summary, sink } = await pull(scicatSource({ url: source.url, apiVersion: 3 }), out);
    expect(summary.failed).toBeNull();
    const refused = sink.list.filter((d) => d.code === 'pull/record-unreadable');
    expect(refused.map((d) => [d.record, d.pointer])).toEqual([['10.16907/psi-2', '/1']]);
    expect(refused[0].message).toMatch(/gives the key "status" twice/);
    // The server's answer, not a dropped connection: asked once, not five times more.
    expect(source.requests).toHaveLength(1);
    expect(await folders(out)).toEqual(['10.16907-psi-1']);
  });

  it('reports a page nested 100,000 levels deep outside its records by what it is, asked once, and never overflows the stack', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const body = JSON.stringify({ ...dataciteBody([dataciteAttributes('10.16907/deep')]), meta: '@deep@' }).replace('"@deep@"', deep);
    const source = await serve((req) => (req.path === '/dois' ? { body, headers: { 'content-type': 'application/json' } } : undefined));
    const out = await mirrorDir();
    const { summary, sink } = await pull(dataciteSource(source.url), out);
    expect(summary.failed).toMatch(/nests arrays\/objects more than \d+ levels deep/);
    expect(sink.list.map((d) => d.code)).toEqual(['pull/source-unreachable']);
    expect(source.requests).toHaveLength(1);
  });
});

describe('a release status that changes under the pull', () => {
  it('a record listed as released, then later in the same pull as not public (DataCite registered, SciCat pending, SciCat without a status), is never mirrored', async () => {
    const flip = dataciteAttributes('10.16907/flip');
    const datacite = await serve((req) => (req.path === '/dois' ? { body: dataciteBody([dataciteAttributes('10.16907/kept'), flip, { ...flip, state: 'registered' }]) } : undefined));
    const out = await mirrorDir();
    const first = await pull(dataciteSource(datacite.url), out);
    expect(first.summary).toMatchObject({ failed: null, written: 1 });
    expect(await folders(out)).toEqual(['10.16907-kept']);

    const pub = (status: string | null) => ({ _id: 'pub-1', doi: '10.16907/psi-flip', ...(status ? { status } : {}), creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: 'Flip', pidArray: [], registeredTime: '2023-05-01T10:00:00.000Z' });
    for (const later of ['pending_registration', null]) {
      const scicat = await serve((req) => (req.path === '/api/v3/PublishedData' ? { body: JSON.parse(req.query.get('filter')!).skip === 0 ? [pub('registered'), pub(later)] : [] } : undefined));
      const dir = await mirrorDir();
      const { summary, sink } = await pull(scicatSource({ url: scicat.url, apiVersion: 3 }), dir);
      expect(summary).toMatchObject({ failed: null, written: 0 });
      expect(await folders(dir)).toEqual([]);
      expect(sink.list.map((d) => d.code)).toContain(later ? 'pull/not-released' : 'pull/ambiguous-release');
    }
  });
});

describe('a record made private between two incremental pulls', () => {
  const LATER = new Date('2026-03-02T12:00:00Z');
  const state = async (out: string, name: string) => JSON.parse(await readFile(path.join(out, name, 'experiment.json'), 'utf8')).release.state;

  it('SciCat: a PublishedData moved back from registered becomes a tombstone on the next incremental pull, not a week later', async () => {
    const pub = { _id: 'p1', doi: '10.16907/psi-hide', status: 'registered', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: 'Hidden later', pidArray: [], registeredTime: '2023-05-01T10:00:00.000Z', updatedAt: '2023-05-02T10:00:00.000Z' };
    // A server that honours the filter it is sent, as LoopBack does.
    const source = await serve((req) => {
      if (req.path !== '/api/v3/PublishedData') return undefined;
      const { where, skip } = JSON.parse(req.query.get('filter')!);
      const match = (p: typeof pub) => (!where.status || where.status.inq.includes(p.status)) && (!where.updatedAt || p.updatedAt > where.updatedAt.gt);
      return { body: skip === 0 ? [pub].filter(match) : [] };
    });
    const out = await mirrorDir();
    await pull(scicatSource({ url: source.url, apiVersion: 3 }), out);
    expect(await state(out, '10.16907-psi-hide')).toBe('released');
    Object.assign(pub, { status: 'pending_registration', updatedAt: '2026-03-02T09:00:00.000Z' });
    const { summary } = await pull(scicatSource({ url: source.url, apiVersion: 3 }), out, { now: LATER });
    expect(summary).toMatchObject({ full: false, withdrawn: 1 });
    expect(await state(out, '10.16907-psi-hide')).toBe('withdrawn');
  });

  it('ICAT: a DataPublication whose publication date is moved into the future becomes a tombstone on the next incremental pull', async () => {
    const pub = { id: 1, modTime: '2025-07-16T20:54:23.000Z', pid: 'DOI:10.5286/hide-1', title: 'Hidden later', publicationDate: '2022-10-31T00:00:00.000Z', users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil' }], facility: { name: 'TestFacility', fullName: 'Test Neutron Source' } };
    const ts = (iso: string) => JSON.stringify(new Date(iso).toISOString().slice(0, 19).replace('T', ' '));
    // A server that evaluates the WHERE clause it is sent (timestamps compared as text, as they sort).
    const source = await serve((req) => {
      if (req.path === '/icat/session') return { body: { sessionId: 's' } };
      if (req.path === '/icat/properties') return { body: { maxEntities: 1000 } };
      const q = req.query.get('query') ?? '';
      if (!q.includes('FROM DataPublication')) return { body: [] };
      const where = /WHERE (.*) ORDER BY/.exec(q)![1].replace(/\{ts ([^}]+)\}/g, '"$1"').replace(/\bAND\b/g, '&&').replace(/\bOR\b/g, '||').replace(/x\.(\w+)/g, 'r.$1');
      const row = { modTime: JSON.parse(ts(pub.modTime)), publicationDate: JSON.parse(ts(pub.publicationDate)) };
      const offset = Number(/LIMIT (\d+),/.exec(q)![1]);
      return { body: offset === 0 && new Function('r', `return ${where};`)(row) ? [{ DataPublication: pub }] : [] };
    });
    const out = await mirrorDir();
    await pull(icatSource({ url: source.url }), out);
    expect(await state(out, '10.5286-hide-1')).toBe('released');
    Object.assign(pub, { publicationDate: '2027-01-01T00:00:00.000Z', modTime: '2026-03-02T09:00:00.000Z' });
    const { summary } = await pull(icatSource({ url: source.url }), out, { now: LATER });
    expect(summary).toMatchObject({ full: false, withdrawn: 1 });
    expect(await state(out, '10.5286-hide-1')).toBe('withdrawn');
  });
});

describe('URLs a source hands over', () => {
  it('a link carrying a user name or password is reported without repeating it, and left out of the record the build publishes', async () => {
    const attrs = dataciteAttributes('10.16907/creds', {
      url: 'https://admin:s3cret@data.esrf.fr/doi/10.16907/creds',
      relatedIdentifiers: [
        { relatedIdentifier: 'https://reader:pa55word@example.org/paper', relatedIdentifierType: 'URL', relationType: 'IsCitedBy' },
        { relatedIdentifier: 'https://doi.org@evil.example/10.1000/1', relatedIdentifierType: 'URL', relationType: 'References' },
        { relatedIdentifier: 'https://example.org/kept', relatedIdentifierType: 'URL', relationType: 'References' },
      ],
    });
    const source = await serve((req) => (req.path === '/dois' ? { body: dataciteBody([attrs]) } : undefined));
    const out = await mirrorDir();
    const { sink } = await pull(dataciteSource(source.url), out);
    const unsafe = sink.list.filter((d) => d.code === 'link/unsafe-scheme');
    expect(unsafe.map((d) => d.pointer).sort()).toEqual(['/relatedIdentifiers/0/relatedIdentifier', '/relatedIdentifiers/1/relatedIdentifier', '/url']);
    expect(JSON.stringify(sink.list)).not.toMatch(/s3cret|pa55word/);
    const read = new DiagnosticSink();
    const published = [];
    for await (const { record } of validateCatalogue(filesystemSource(out), read)) if (record) published.push(record);
    expect(published).toHaveLength(1);
    expect(JSON.stringify(published[0])).not.toMatch(/s3cret|pa55word|evil\.example/);
    expect(JSON.stringify(published[0])).toContain('https://example.org/kept');
  });
});

describe('datafile locations from a hostile server', () => {
  const unsafe = (sink: DiagnosticSink) => sink.list.filter((d) => d.code === 'pull/unsafe-path');

  it('ICAT: a location that climbs out with `..`, is absolute where a path is needed, or is a URL (s3:, file:, https:) is refused by name; the rest is listed', async () => {
    const locations = [
      ['ok.nxs', '/archive/ds1/ok.nxs'],
      ['passwd', '/archive/ds1/../../etc/passwd'],
      ['shadow', '../../etc/shadow'],
      ['data.nxs', 's3://other-bucket/data.nxs'],
      ['hosts', 'file:///etc/hosts'],
      ['x.nxs', 'https://evil.example/x.nxs'],
      ['/etc/group', '/etc/group'],
    ];
    const source = await serve((req) => {
      if (req.path === '/icat/session') return { body: { sessionId: 's' } };
      if (req.path === '/icat/properties') return { body: { maxEntities: 1000 } };
      const q = req.query.get('query') ?? '';
      if (!/LIMIT 0,/.test(q)) return { body: [] };
      if (q.includes('FROM DataPublication')) return { body: [{ DataPublication: { id: 1, modTime: '2025-07-16T20:54:23.000Z', pid: 'DOI:10.5286/paths-1', title: 'Paths', publicationDate: '2022-10-31T00:00:00.000Z', users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil' }], facility: { name: 'TestFacility', fullName: 'Test Neutron Source' } } }] };
      if (q.includes('FROM Dataset ')) return { body: [{ Dataset: { id: 7, name: 'ds1', location: '/archive/ds1' } }] };
      if (q.includes('FROM Datafile')) return { body: locations.map(([name, location], i) => ({ Datafile: { id: i + 1, name, location, fileSize: 10 } })) };
      return undefined;
    });
    const out = await mirrorDir();
    const { sink } = await pull(icatSource({ url: source.url }), out);
    expect(unsafe(sink).map((d) => /file path "([^"]*)"/.exec(d.message)?.[1])).toEqual(['../../etc/passwd', 'shadow', 'data.nxs', 'hosts', 'x.nxs', '/etc/group']);
    const listing = (await readFile(path.join(out, '10.5286-paths-1', 'datasets', 'ds1.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(listing.map((l) => [l.path, l.key])).toEqual([['ok.nxs', 'archive/ds1/ok.nxs']]);
  });

  it('MyTardis: a replica uri that is absolute, climbs out or is a URL, and a directory with `..`, are refused; the rest is listed', async () => {
    const files = [
      { filename: 'ok.cbf', directory: 'R1', uri: 'R1/ok.cbf' },
      { filename: 'a.cbf', directory: 'R1', uri: '/etc/passwd' },
      { filename: 'b.cbf', directory: 'R1', uri: '../../etc/shadow' },
      { filename: 'c.cbf', directory: 'R1', uri: 's3://other-bucket/c.cbf' },
      { filename: 'd.cbf', directory: '../..', uri: 'R1/d.cbf' },
    ];
    const source = await serve((req) => {
      if (req.path === '/api/v1/experiment/') return { body: { meta: { next: null }, objects: [{ id: 1, title: 'Paths', institution_name: 'Australian Synchrotron', public_access: 100, created_time: '2023-12-01T10:00:00', authors: [{ name: 'Nguyen, An' }], parameter_sets: [{ parameters: [{ name: 'doi', string_value: '10.26190/paths-1' }] }] }] } };
      if (req.path === '/api/v1/dataset/') return { body: { meta: { next: null }, objects: [{ id: 5, description: 'R1' }] } };
      if (req.path === '/api/v1/dataset_file/') return { body: { meta: { next: null }, objects: files.map((f, i) => ({ id: i + 1, filename: f.filename, directory: f.directory, size: 10, replicas: [{ uri: f.uri }] })) } };
      return undefined;
    });
    const out = await mirrorDir();
    const { sink } = await pull(mytardisSource({ url: source.url }), out);
    expect(unsafe(sink).map((d) => /\(key "([^"]*)"\)/.exec(d.message)?.[1])).toEqual(['/etc/passwd', '../../etc/shadow', 's3://other-bucket/c.cbf', 'R1/d.cbf']);
    const listing = (await readFile(path.join(out, '10.26190-paths-1', 'datasets', '5-r1.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(listing.map((l) => [l.path, l.key])).toEqual([['R1/ok.cbf', 'R1/ok.cbf']]);
  });
});

describe('a listing that never ends', () => {
  // Each server gives up after 30 pages, so that a pull without the guard ends (and the test fails) rather than hanging.
  it('DataCite REST and OAI-PMH: a new cursor or resumption token every time over the same records ends the walk after one repeated page', async () => {
    const rest = await serve((req, server) => {
      const n = Number(req.query.get('page[cursor]') ?? 1);
      return { body: { data: [{ attributes: dataciteAttributes('10.16907/again') }], links: n < 30 ? { next: `${server.url}/dois?page%5Bcursor%5D=${n + 1}` } : {} } };
    });
    const out = await mirrorDir();
    const { summary, sink } = await pull(dataciteSource(rest.url), out);
    expect(rest.requests).toHaveLength(2);
    expect(sink.list.find((d) => d.code === 'pull/listing-cut-short')?.message).toMatch(/listed before/);
    expect(summary.failed).toBeNull();
    expect(await folders(out)).toEqual(['10.16907-again']);

    const record = `<record><header><identifier>doi:10.16907/OAI-AGAIN</identifier><datestamp>2025-01-01T00:00:00Z</datestamp></header><metadata><oai_datacite xmlns="http://schema.datacite.org/oai/oai-1.1/"><payload><resource xmlns="http://datacite.org/schema/kernel-4"><identifier identifierType="DOI">10.16907/OAI-AGAIN</identifier><creators><creator><creatorName>Moreau, Élise</creatorName></creator></creators><titles><title>Again</title></titles><publisher>ESRF</publisher><publicationYear>2024</publicationYear><resourceType resourceTypeGeneral="Dataset">Images</resourceType></resource></payload></oai_datacite></metadata></record>`;
    const oai = await serve((req) => {
      const n = Number(req.query.get('resumptionToken') ?? 0);
      const token = n < 30 ? `<resumptionToken>${n + 1}</resumptionToken>` : '<resumptionToken/>';
      return { body: `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-03-01T12:00:00Z</responseDate><request verb="ListRecords">x</request><ListRecords>${record}${token}</ListRecords></OAI-PMH>` };
    });
    const oaiOut = await mirrorDir();
    const harvested = await pull(dataciteOaiSource({ url: oai.url }), oaiOut);
    expect(oai.requests).toHaveLength(2);
    expect(harvested.sink.list.find((d) => d.code === 'pull/listing-cut-short')?.message).toMatch(/listed before/);
    expect(harvested.summary.failed).toBeNull();
  });
});
