/**
 * A listing entry that cannot be named (not an object, or an object without the identifier
 * the source names its records by) is reported by its place and left out; as it may be any
 * mirrored record, a full pull then counts none of them missing. Dropped in silence, a
 * published record would drift towards a tombstone over `maxMisses` full pulls.
 */
import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Reply, Request } from './replay-server.ts';
import { pull, serve } from './pull-harness.ts';
import { dataciteAttributes } from './fixtures.ts';
import type { PullSource } from '../../src/pull/types.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { mytardisSource } from '../../src/pull/mytardis.ts';
import { icatSource } from '../../src/pull/icat.ts';
import { panoscSource } from '../../src/pull/panosc.ts';

const LATER = (day: number) => new Date(`2026-03-0${day}T12:00:00Z`);

interface Case {
  name: string;
  source: (url: string) => PullSource;
  /** The listing's answers: records 1 and 2 by number, `odd` in place of an entry that cannot be named. */
  route: (req: Request, listed: Array<number | { odd: unknown }>) => Reply | undefined;
  /** An object of the source's shape, but without its identifier. */
  unnamed: Record<string, unknown>;
  /** The folder record 2 is mirrored in. */
  folder: string;
  pointer: (i: number) => string;
}

const entries = (listed: Array<number | { odd: unknown }>, record: (n: number) => unknown) => listed.map((e) => (typeof e === 'number' ? record(e) : e.odd));

const CASES: Case[] = [
  {
    name: 'DataCite REST',
    source: (url) => dataciteRestSource({ url, prefix: '10.16907' }),
    route: (req, listed) => (req.path === '/dois' ? { body: { data: entries(listed, (n) => ({ id: `10.16907/n-${n}`, type: 'dois', attributes: dataciteAttributes(`10.16907/n-${n}`) })), links: {} } } : undefined),
    unnamed: { type: 'dois', attributes: { ...dataciteAttributes('10.16907/x'), doi: null } },
    folder: '10.16907-n-2',
    pointer: (i) => `/data/${i}`,
  },
  {
    name: 'SciCat',
    source: (url) => scicatSource({ url, apiVersion: 3 }),
    route: (req, listed) => {
      if (req.path !== '/api/v3/PublishedData') return undefined;
      const pub = (n: number) => ({ _id: `pub-${n}`, doi: `10.16907/psi-${n}`, status: 'registered', registeredTime: '2023-05-01T10:00:00.000Z', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: `Run ${n}`, pidArray: [] });
      return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? entries(listed, pub) : [] };
    },
    unnamed: { status: 'registered', title: 'Run ?', creator: ['Meier, Egon'] },
    folder: '10.16907-psi-2',
    pointer: (i) => `/${i}`,
  },
  {
    name: 'MyTardis',
    source: (url) => mytardisSource({ url }),
    route: (req, listed) => {
      // Metadata-only (public_access 50): no dataset requests of their own.
      const experiment = (id: number) => ({ id, title: `Experiment ${id}`, institution_name: 'Australian Synchrotron', public_access: 50, created_time: '2023-12-01T10:00:00', authors: [{ name: 'Nguyen, An' }], parameter_sets: [{ parameters: [{ name: 'doi', string_value: `10.26190/as-${id}` }] }] });
      return req.path === '/api/v1/experiment/' ? { body: { meta: { next: null }, objects: entries(listed, experiment) } } : undefined;
    },
    unnamed: { title: 'Experiment ?', public_access: 50, created_time: '2023-12-01T10:00:00' },
    folder: '10.26190-as-2',
    pointer: (i) => `/objects/${i}`,
  },
  {
    name: 'ICAT',
    source: (url) => icatSource({ url, facility: 'TestFacility' }),
    route: (req, listed) => {
      if (req.path === '/icat/session') return { body: { sessionId: 's' } };
      if (req.path === '/icat/properties') return { body: { maxEntities: 1000 } };
      if (req.path !== '/icat/entityManager') return undefined;
      const q = req.query.get('query') ?? '';
      const publication = (id: number) => ({ DataPublication: { id, pid: `DOI:10.5286/pub-${id}`, title: `Publication ${id}`, publicationDate: '2023-01-01T00:00:00.000Z', users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil', orderKey: '1' }] } });
      return { body: q.includes('FROM DataPublication') && /LIMIT 0,/.test(q) ? entries(listed, publication) : [] };
    },
    unnamed: { DataPublication: { title: 'Publication ?', publicationDate: '2023-01-01T00:00:00.000Z' } },
    folder: '10.5286-pub-2',
    pointer: (i) => `/${i}`,
  },
  {
    name: 'PaNOSC',
    source: (url) => panoscSource({ url: `${url}/api`, dataciteUrl: null, facility: 'ESS' }),
    route: (req, listed) => {
      if (req.path !== '/api/Documents') return undefined;
      const doc = (n: number) => ({ pid: `10.17199/doc-${n}`, doi: `10.17199/doc-${n}`, isPublic: true, type: 'publication', title: `Doc ${n}`, summary: 'Summary', members: [{ person: { fullName: 'Durand, Paul' } }] });
      return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? entries(listed, doc) : [] };
    },
    unnamed: { isPublic: true, title: 'Doc ?' },
    folder: '10.17199-doc-2',
    pointer: (i) => `/${i}`,
  },
];

describe.each(CASES)('$name: a listed entry that cannot be named', (c) => {
  it.each([
    ['is not an object', () => 'junk'],
    ['is an object without its identifier', () => c.unnamed],
  ])('%s: it is reported by its place, and no mirrored record is counted missing, over more full pulls than maxMisses', async (_, odd) => {
    let listed: Array<number | { odd: unknown }> = [1, 2];
    const { replay, out } = await serve((req) => c.route(req, listed));
    const source = c.source(replay.url);
    expect((await pull(source, out)).summary).toMatchObject({ failed: null, written: 2 });
    const before = await readFile(path.join(out, c.folder, 'experiment.json'), 'utf8');
    // Record 2 is gone from the listing (and a direct fetch finds nothing): only the nameless entry may be it.
    listed = [1, { odd: odd() }];
    for (const day of [2, 3, 4, 5]) {
      const { summary, sink } = await pull(source, out, { full: true, now: LATER(day) });
      expect(summary).toMatchObject({ failed: null, vanished: 0, withdrawn: 0, leftOut: 1 });
      expect(sink.list.filter((d) => d.code === 'pull/record-invalid').map((d) => d.pointer)).toEqual([c.pointer(1)]);
      expect(sink.list.map((d) => d.code)).not.toContain('pull/vanished');
    }
    expect(await readFile(path.join(out, c.folder, 'experiment.json'), 'utf8')).toBe(before);
    // Once the listing is whole again, a record missing from it is counted missing as before.
    listed = [1];
    const { summary } = await pull(source, out, { full: true, now: LATER(6) });
    expect(summary).toMatchObject({ failed: null, vanished: 1 });
    expect((await readdir(out)).filter((n) => !n.startsWith('.'))).toContain(c.folder);
  });
});

describe('DataCite REST: an entry with a DOI but no attributes', () => {
  it('is left out by its DOI: its mirrored copy stays as it was and is never counted missing', async () => {
    let broken = false;
    const { replay, out } = await serve((req) => {
      if (req.path !== '/dois') return undefined;
      const data = ['10.16907/a', '10.16907/b'].map((doi) => ({ id: doi, type: 'dois', attributes: broken && doi.endsWith('b') ? null : dataciteAttributes(doi) }));
      return { body: { data, links: {} } };
    });
    const source = dataciteRestSource({ url: replay.url, prefix: '10.16907' });
    await pull(source, out);
    broken = true;
    for (const day of [2, 3, 4, 5]) {
      const { summary, sink } = await pull(source, out, { full: true, now: LATER(day) });
      expect(summary).toMatchObject({ failed: null, vanished: 0, withdrawn: 0, leftOut: 1 });
      expect(sink.list.filter((d) => d.code === 'pull/record-invalid').map((d) => [d.record, d.pointer])).toEqual([['10.16907/b', '/data/1']]);
    }
    // Asked for by name, never directly as a record gone from the listing.
    expect(replay.requests.filter((r) => r.path.startsWith('/dois/'))).toEqual([]);
  });
});

describe('a listing whose next link leads back to a page already read', () => {
  // The walk stops there (or it would never end); the pages it did not reach are unknown, so a
  // full pull counts no mirrored record missing, as for an entry that cannot be named. Page 1
  // lists record 1 and leads to page 2, which lists record 2 and ends; then page 2 lists
  // record 3 instead and leads back to a page already read, so record 2 is never reached.
  type Route = (looping: boolean) => (req: Request, server: { url: string }) => Reply | undefined;
  const CASES: Array<[string, (url: string) => PullSource, Route, string]> = [
    [
      'DataCite REST',
      (url) => dataciteRestSource({ url, prefix: '10.16907' }),
      (looping) => (req, server) => {
        if (req.path !== '/dois') return undefined;
        const second = req.query.get('page[cursor]') === '2';
        const doi = `10.16907/n-${second ? (looping ? 3 : 2) : 1}`;
        // Back to page 2 itself: back to page 1 would list record 1 again, which stops the walk as a page of nothing new.
        const next = !second ? '2' : looping ? '2' : null;
        return { body: { data: [{ id: doi, type: 'dois', attributes: dataciteAttributes(doi) }], links: next ? { next: `${server.url}/dois?page%5Bcursor%5D=${next}` } : {} } };
      },
      '10.16907-n-2',
    ],
    [
      'MyTardis',
      (url) => mytardisSource({ url }),
      (looping) => (req) => {
        if (req.path !== '/api/v1/experiment/') return undefined;
        const second = req.query.get('offset') === '1';
        const id = second ? (looping ? 3 : 2) : 1;
        const experiment = { id, title: `Experiment ${id}`, institution_name: 'Australian Synchrotron', public_access: 50, created_time: '2023-12-01T10:00:00', authors: [{ name: 'Nguyen, An' }], parameter_sets: [{ parameters: [{ name: 'doi', string_value: `10.26190/as-${id}` }] }] };
        const next = !second ? '/api/v1/experiment/?offset=1' : looping ? '/api/v1/experiment/?offset=0' : null;
        return { body: { meta: { next }, objects: [experiment] } };
      },
      '10.26190-as-2',
    ],
  ];

  it.each(CASES)('%s: the listing is cut short, and the record it did not reach stays as it was', async (_, source, route, folder) => {
    let looping = false;
    const { replay, out } = await serve((req, server) => route(looping)(req, server));
    expect((await pull(source(replay.url), out)).summary).toMatchObject({ failed: null, written: 2 });
    const before = await readFile(path.join(out, folder, 'experiment.json'), 'utf8');
    looping = true;
    for (const day of [2, 3, 4, 5]) {
      const { summary, sink } = await pull(source(replay.url), out, { full: true, now: LATER(day) });
      expect(summary).toMatchObject({ failed: null, vanished: 0, withdrawn: 0 });
      expect(sink.list.find((d) => d.code === 'pull/listing-cut-short')?.message).toMatch(/page already read/);
    }
    expect(await readFile(path.join(out, folder, 'experiment.json'), 'utf8')).toBe(before);
  });
});
