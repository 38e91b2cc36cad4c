/**
 * The other pull sources against local replays built from their recorded shapes: OAI-PMH
 * resumption tokens surviving a failed page, SciCat v3 and v4, MyTardis public_access
 * levels and paging, ICAT entity-cap paging and scheme prefixes, PaNOSC documents with
 * DataCite citation metadata. Each pull ends in a mirror validated like content/.
 */
import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Reply, Request } from './replay-server.ts';
import { NOW, pull, serve } from './pull-harness.ts';
import { SHA, dataciteAttributes } from './fixtures.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import { dataciteOaiSource } from '../../src/pull/datacite-oai.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { mytardisSource, naiveToUtc } from '../../src/pull/mytardis.ts';
import { icatSource } from '../../src/pull/icat.ts';
import { panoscSource } from '../../src/pull/panosc.ts';
import { panetId } from '../../src/pull/technique.ts';
import { readMirror } from './read-mirror.ts';
import { validateCatalogue } from '../../src/validate/validate-catalogue.ts';

function oaiRecord(doi: string, extra = ''): string {
  return `<record><header><identifier>doi:${doi}</identifier><datestamp>2025-01-0${doi.length % 9}T00:00:00Z</datestamp><setSpec>INIST.ESRF</setSpec></header>
<metadata><oai_datacite xmlns="http://schema.datacite.org/oai/oai-1.1/"><schemaVersion>4</schemaVersion><datacentreSymbol>INIST.ESRF</datacentreSymbol><payload>
<resource xmlns="http://datacite.org/schema/kernel-4"><identifier identifierType="DOI">${doi}</identifier>
<creators><creator><creatorName nameType="Personal">Moreau, Élise</creatorName></creator></creators>
<titles><title>OAI record ${doi}</title></titles><publisher>ESRF</publisher><publicationYear>2024</publicationYear>
<resourceType resourceTypeGeneral="Dataset">Diffraction images</resourceType>
<dates><date dateType="Issued">2024-05-01</date>${extra}</dates>
<rightsList><rights rightsURI="https://creativecommons.org/licenses/by/4.0/legalcode" rightsIdentifier="CC-BY-4.0" rightsIdentifierScheme="SPDX">CC BY 4.0</rights></rightsList>
</resource></payload></oai_datacite></metadata></record>`;
}

const oaiPage = (records: string, token: string | null) =>
  `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-03-01T12:00:00Z</responseDate><request verb="ListRecords">x</request><ListRecords>${records}${token ? `<resumptionToken completeListSize="3">${token}</resumptionToken>` : '<resumptionToken completeListSize="3"/>'}</ListRecords></OAI-PMH>`;

describe('DataCite OAI-PMH', () => {
  it('follows resumption tokens to the end, retrying a failed page with the same token; deleted headers withdraw', async () => {
    let failures = 1;
    let truncations = 1;
    let deleted = false;
    const { replay, out } = await serve((req) => {
      const token = req.query.get('resumptionToken');
      if (deleted) return { body: oaiPage('<record><header status="deleted"><identifier>doi:10.15151/OAI-1</identifier><datestamp>2026-03-02T00:00:00Z</datestamp></header></record>', null) };
      if (!token) return { body: oaiPage(oaiRecord('10.15151/OAI-1') + oaiRecord('10.15151/OAI-2', '<date dateType="Available">2029-01-01</date>'), 'tok-2') };
      if (token === 'tok-2' && failures-- > 0) return { status: 500, body: 'Internal Server Error' };
      if (token === 'tok-2' && truncations-- > 0) return { body: oaiPage(oaiRecord('10.15151/OAI-3'), null), truncateAt: 300 };
      if (token === 'tok-2') return { body: oaiPage(oaiRecord('10.15151/OAI-3'), null) };
      return undefined;
    });
    const { summary, sink } = await pull(dataciteOaiSource({ url: `${replay.url}/oai`, set: 'INIST.ESRF' }), out);
    expect(summary.failed).toBeNull();
    expect(sink.errors()).toEqual([]);
    expect(replay.requests.map((r) => r.query.get('resumptionToken'))).toEqual([null, 'tok-2', 'tok-2', 'tok-2']);
    expect(replay.requests[0].query.get('metadataPrefix')).toBe('oai_datacite');
    expect(replay.requests[0].query.get('set')).toBe('INIST.ESRF');
    const { records } = await readMirror(out);
    expect(records.map((r) => [r.record.doi, r.record.release.state])).toEqual([
      ['10.15151/oai-1', 'released'],
      ['10.15151/oai-2', 'metadata-only'],
      ['10.15151/oai-3', 'released'],
    ]);
    // The next (incremental) pull sees a deleted header: an explicit withdrawal.
    deleted = true;
    const again = await runPull({ source: dataciteOaiSource({ url: `${replay.url}/oai`, set: 'INIST.ESRF' }), out, http: new HttpClient({ sleep: async () => {} }), sink: new DiagnosticSink(), now: new Date('2026-03-02T12:00:00Z') });
    expect(again.withdrawn).toBe(1);
    expect(replay.requests.at(-1)?.query.get('from')).toBe('2026-02-28T12:00:00Z');
    const after = await readMirror(out);
    expect(after.records.find((r) => r.record.doi === '10.15151/oai-1')?.record.release.state).toBe('withdrawn');
  });
});

describe('SciCat', () => {
  const dataset = (pid: string, overrides: Record<string, unknown> = {}) => ({
    pid,
    datasetName: `Tomography scan ${pid.slice(-3)}`,
    description: 'Raw projections',
    type: 'raw',
    isPublished: true,
    sourceFolder: '/data/p16738/tomcat',
    creationLocation: '/PSI/SLS/TOMCAT',
    proposalId: '20230123',
    origdatablocks: [
      {
        ownerGroup: 'p16738',
        chkAlg: 'sha256',
        size: 16712075,
        dataFileList: [
          { path: 'N1039-1.tif', size: 8356037, time: '2017-07-24T13:56:30.000Z', chk: SHA('N1039-1.tif'), uid: 'egon', gid: 'p16738', perm: '-rw-rw-r--' },
          { path: 'N1039-2.tif', size: 8356038, time: '2017-07-24T13:56:35.000Z', chk: SHA('N1039-2.tif'), uid: 'egon', gid: 'p16738', perm: '-rw-rw-r--' },
        ],
      },
      { ownerGroup: 'p16738', chkAlg: 'MD5', size: 5, dataFileList: [{ path: 'notes.txt', size: 5, chk: 'C900B6D93B99838C27AD8DE3A89A119C' }] },
      { ownerGroup: 'p16738', chkAlg: 'blake3', size: 3, dataFileList: [{ path: 'odd.bin', size: 3, chk: 'abc' }] },
    ],
    ...overrides,
  });

  it('v3: registered PublishedData → published datasets → OrigDatablocks; v3 fields mapped; private datasets and files of unknown checksum algorithms left out', async () => {
    const published = [
      { doi: '10.16907/psi-1', status: 'registered', creator: ['Meier, Egon'], affiliation: 'Paul Scherrer Institut', publisher: 'PSI', publicationYear: 2023, title: 'Tomography of N1039', abstract: 'Projections.', dataDescription: 'https://doi.psi.ch/desc', resourceType: 'raw', pidArray: ['20.500.11935/aaa', '20.500.11935/bbb'], registeredTime: '2023-05-01T10:00:00.000Z', updatedAt: '2023-05-02T10:00:00.000Z', thumbnail: 'data:image/png;base64,AAAA' },
      { doi: '10.16907/psi-2', status: 'pending_registration', creator: ['X'], publisher: 'PSI', publicationYear: 2023, title: 'Not yet', pidArray: [] },
    ];
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v3/PublishedData') {
        const filter = JSON.parse(req.query.get('filter') ?? '{}');
        // The status filter is asked for; the server here ignores it, so the per-record check must catch psi-2.
        expect(filter.where.status).toEqual({ inq: ['registered', 'amended'] });
        expect(filter.fields).toEqual({ thumbnail: false });
        return { body: filter.skip === 0 ? published : [] };
      }
      if (req.path === '/api/v3/Datasets/findOne') {
        const pid = JSON.parse(req.query.get('filter') ?? '{}').where.pid;
        return { body: pid.endsWith('aaa') ? dataset(pid) : dataset(pid, { isPublished: false }) };
      }
      return undefined;
    });
    const { sink } = await pull(scicatSource({ url: replay.url, apiVersion: 3, pageSize: 10 }), out);
    const codes = sink.list.map((d) => d.code);
    expect(codes).toContain('pull/not-released');
    expect(codes).toContain('pull/dataset-not-public');
    expect(codes).toContain('pull/checksum-unsupported');
    expect(sink.errors()).toEqual([]);
    expect(replay.requests.some((r) => /thumbnail/i.test(r.path))).toBe(false); // no thumbnail route is ever asked for
    const { records, sink: readSink } = await readMirror(out);
    expect(readSink.errors()).toEqual([]);
    expect(records).toHaveLength(1);
    const [{ record, files }] = records;
    expect(record.doi).toBe('10.16907/psi-1');
    expect(record.datacite.creators[0]).toMatchObject({ name: 'Meier, Egon', affiliation: [{ name: 'Paul Scherrer Institut' }] });
    expect(record).toMatchObject({ facility: 'PSI', instrument: 'TOMCAT', proposal: '20230123' });
    // The MD5 block (chkAlg 'MD5', upper-case hex) is listed with its checksum; only the unknown algorithm is set aside.
    expect(Object.values(files)).toEqual([['N1039-1.tif', 'N1039-2.tif', 'notes.txt']]);
    const lines = (await readFile(path.join(out, '10.16907-psi-1', 'datasets', 'tomography-scan-aaa.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ path: 'N1039-1.tif', key: 'data/p16738/tomcat/N1039-1.tif', mediaType: 'image/tiff', sha256: SHA('N1039-1.tif') });
    expect(lines[2]).toEqual({ path: 'notes.txt', size: 5, checksum: { algorithm: 'md5', value: 'c900b6d93b99838c27ad8de3a89a119c' }, mediaType: 'text/plain', key: 'data/p16738/tomcat/notes.txt' });
    const unlisted = (await readFile(path.join(out, '.aperture-pull', 'unlisted', '10.16907-psi-1', 'tomography-scan-aaa.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(unlisted).toEqual([expect.objectContaining({ path: 'odd.bin', checksum: { algorithm: 'blake3', value: 'abc' } })]);
  });

  it('v4: metadata with DataCite attribute names is preferred over the v3 fields', async () => {
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v4/PublishedData') {
        return {
          body:
            JSON.parse(req.query.get('filter') ?? '{}').limits.skip === 0
              ? [
                  {
                    doi: '10.17199/ess-1',
                    status: 'amended',
                    title: 'Api test published data',
                    abstract: 'Published data',
                    metadata: { creators: [{ name: 'ESS', nameType: 'Organizational' }], publisher: { name: 'European Spallation Source ERIC', publisherIdentifierScheme: 'ROR' }, publicationYear: 2020, resourceType: 'raw', landingPage: 'doi.ess.eu/detail/' },
                    datasetPids: ['20.500.12269/abc'],
                    registeredTime: '2020-06-01T00:00:00Z',
                    updatedAt: '2020-06-02T00:00:00Z',
                  },
                ]
              : [],
        };
      }
      if (req.path === '/api/v4/datasets/public/20.500.12269%2Fabc' || req.path === '/api/v4/datasets/public/20.500.12269/abc') return { body: dataset('20.500.12269/abc') };
      return undefined;
    });
    const { sink } = await pull(scicatSource({ url: replay.url, apiVersion: 4, pageSize: 5 }), out);
    expect(sink.errors()).toEqual([]);
    const { records } = await readMirror(out);
    expect(records[0].record.datacite.publisher).toMatchObject({ name: 'European Spallation Source ERIC' });
    expect(records[0].record.datacite.titles[0].title).toBe('Api test published data');
    expect(records[0].record.release.state).toBe('released');
  });

  it('a record missing from one full listing but still public is fetched by its DOI (not its _id) and stays published', async () => {
    const pub = (n: number) => ({ _id: `6650f0c2a1b2c3d4e5f6a7b${n}`, doi: `10.16907/Gone-${n}`, status: 'registered', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: `Record ${n}`, pidArray: [], registeredTime: '2023-05-01T10:00:00.000Z', updatedAt: '2023-05-02T10:00:00.000Z' });
    let listed = [pub(1), pub(2)];
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v3/PublishedData') return { body: JSON.parse(req.query.get('filter') ?? '{}').skip === 0 ? listed : [] };
      // Like SciCat: `/PublishedData/{id}` finds the record whose doi is the id; an _id is not found.
      const one = decodeURIComponent(req.path.replace('/api/v3/PublishedData/', ''));
      const found = [pub(1), pub(2)].find((p) => p.doi === one);
      return found ? { body: found } : { status: 404, body: { error: { statusCode: 404, message: `Published data with id ${one} not found.` } } };
    });
    const source = scicatSource({ url: replay.url, apiVersion: 3, pageSize: 10 });
    expect((await pull(source, out, { full: true })).sink.errors()).toEqual([]);
    // A listing that leaves record 2 out (an index lagging behind, a page the server dropped).
    listed = [pub(1)];
    const { summary, sink } = await pull(source, out, { full: true, maxMisses: 1 });
    expect(sink.list.map((d) => d.code)).not.toContain('pull/vanished');
    expect(sink.list.map((d) => d.code)).not.toContain('pull/withdrawn');
    expect(summary.withdrawn).toBe(0);
    expect(replay.requests.map((r) => decodeURIComponent(r.path))).toContain('/api/v3/PublishedData/10.16907/Gone-2');
    const { records } = await readMirror(out);
    expect(records.map((r) => [r.record.doi, r.record.release.state])).toEqual([
      ['10.16907/gone-1', 'released'],
      ['10.16907/gone-2', 'released'],
    ]);
  });

  it('maps the PaNET techniques of the published datasets to experiment.technique, keeping the first and reporting the others', async () => {
    const saxs = { pid: 'http://purl.org/pan-science/PaNET/PaNET01188', name: 'small angle x-ray scattering' };
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v4/PublishedData') {
        const first = JSON.parse(req.query.get('filter') ?? '{}').limits.skip === 0;
        const pub = (n: number, pids: string[]) => ({ doi: `10.17199/tech-${n}`, status: 'registered', title: `Techniques ${n}`, metadata: { creators: [{ name: 'ESS', nameType: 'Organizational' }], publisher: { name: 'ESS' }, publicationYear: 2024 }, datasetPids: pids, registeredTime: '2024-06-01T00:00:00Z' });
        return { body: first ? [pub(1, ['20.500.12269/a', '20.500.12269/b', '20.500.12269/c']), pub(2, ['20.500.12269/hidden', '20.500.12269/d'])] : [] };
      }
      const pid = decodeURIComponent(req.path.replace('/api/v4/datasets/public/', ''));
      const techniques: Record<string, unknown[]> = {
        '20.500.12269/a': [saxs],
        // The same term again (bare id), then a second technique with a scheme prefix.
        '20.500.12269/b': [{ pid: 'PaNET01188', name: 'SAXS' }, { pid: 'PaNET:PaNET01245', name: 'macromolecular crystallography' }],
        '20.500.12269/c': [],
        // A dataset that is not public says nothing about the record.
        '20.500.12269/hidden': [saxs],
        '20.500.12269/d': [{ pid: 'https://example.org/vocab/tomo', name: 'tomography' }],
      };
      if (pid in techniques) return { body: dataset(pid, { techniques: techniques[pid], ...(pid.endsWith('hidden') ? { isPublished: false } : {}) }) };
      return undefined;
    });
    const { sink } = await pull(scicatSource({ url: replay.url, apiVersion: 4, pageSize: 5 }), out);
    expect(sink.errors()).toEqual([]);
    const several = sink.list.filter((d) => d.code === 'pull/techniques-several');
    expect(several.map((d) => d.record)).toEqual([expect.any(String)]);
    expect(several[0].message).toContain('macromolecular crystallography (PaNET01245)');
    const { records } = await readMirror(out);
    const byDoi = Object.fromEntries(records.map((r) => [r.record.doi, r.record.technique]));
    expect(byDoi).toEqual({
      '10.17199/tech-1': { name: 'small angle x-ray scattering', panet: 'PaNET01188' },
      '10.17199/tech-2': { name: 'tomography', panet: null },
    });
  });
});

describe('MyTardis', () => {
  it('mirrors public_access 100 with files, 50 as metadata only, never lower; follows relative meta.next; converts naive local times', async () => {
    const experiment = (id: number, access: number, doi: string | null) => ({
      id,
      title: `Experiment ${id}`,
      description: 'MX beamtime',
      institution_name: 'Australian Synchrotron',
      public_access: access,
      created_time: '2023-12-31T23:30:00.123456',
      update_time: '2024-01-02T09:00:00.000000',
      start_time: null,
      end_time: null,
      authors: [{ name: 'Nguyen, An', url: null }],
      parameter_sets: doi ? [{ schema: { namespace: 'http://example.org/publication' }, parameters: [{ name: 'doi', string_value: doi }] }] : [],
      resource_uri: `/api/v1/experiment/${id}/`,
    });
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v1/experiment/') {
        const offset = Number(req.query.get('offset') ?? 0);
        const objects = offset === 0 ? [experiment(1, 100, '10.26190/as-1'), experiment(2, 50, '10.26190/as-2')] : [experiment(3, 1, '10.26190/as-3'), experiment(4, 25, null)];
        return { body: { meta: { limit: 2, offset, total_count: 4, next: offset === 0 ? '/api/v1/experiment/?format=json&limit=2&offset=2' : null, previous: null }, objects } };
      }
      if (req.path === '/api/v1/dataset/') {
        expect(req.query.get('experiments__id')).toBe('1');
        return { body: { meta: { limit: 20, offset: 0, total_count: 1, next: null, previous: null }, objects: [{ id: 5, description: 'Crystal 1', resource_uri: '/api/v1/dataset/5/' }] } };
      }
      if (req.path === '/api/v1/dataset_file/') {
        return { body: { meta: { limit: 20, offset: 0, total_count: 1, next: null, previous: null }, objects: [{ id: 50, filename: 'x_0001.cbf', directory: 'R1', size: '6224107', md5sum: 'c900b6d93b99838c27ad8de3a89a119c', sha512sum: '', mimetype: 'application/x-cbf', replicas: [{ uri: 'R1/x_0001.cbf' }] }] } };
      }
      return undefined;
    });
    const { sink } = await pull(mytardisSource({ url: replay.url, timeZone: 'Australia/Melbourne', pageSize: 2 }), out);
    expect(replay.requests.filter((r) => r.path === '/api/v1/experiment/')).toHaveLength(2);
    expect(sink.list.filter((d) => d.code === 'pull/not-released').map((d) => d.record)).toEqual(['3', '4']);
    // md5sum is listed as the file's checksum (no SHA-256 in MyTardis), nothing is set aside.
    const listed = JSON.parse(await readFile(path.join(out, '10.26190-as-1', 'datasets', '5-crystal-1.jsonl'), 'utf8'));
    expect(listed).toMatchObject({ path: 'R1/x_0001.cbf', size: 6224107, checksum: { algorithm: 'md5', value: 'c900b6d93b99838c27ad8de3a89a119c' } });
    expect(listed.sha256).toBeUndefined();
    expect(existsSync(path.join(out, '.aperture-pull', 'unlisted', '10.26190-as-1'))).toBe(false);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi)).toEqual(['10.26190/as-1', '10.26190/as-2']);
    // 23:30 on New Year's Eve in Melbourne is 12:30 UTC the same day.
    expect(records[0].record.release.releasedOn).toBe('2023-12-31');
    expect(records[1].record.datasets).toEqual([]);
    expect(replay.requests.filter((r) => r.path === '/api/v1/dataset/')).toHaveLength(1);
  });

  it('reads naive timestamps in the configured zone', () => {
    expect(naiveToUtc('2024-07-01T10:00:00.5', 'Europe/Paris')?.toISOString()).toBe('2024-07-01T08:00:00.500Z');
    expect(naiveToUtc('2024-01-01T10:00:00', 'Europe/Paris')?.toISOString()).toBe('2024-01-01T09:00:00.000Z');
    expect(naiveToUtc('2024-01-01T10:00:00+02:00', 'Europe/Paris')?.toISOString()).toBe('2024-01-01T08:00:00.000Z');
  });
});

describe('ICAT', () => {
  const publication = (id: number, date: string, pid: string) => ({
    DataPublication: {
      id,
      modTime: '2025-07-16T22:54:23.000+02:00',
      pid,
      title: `Data from OEIS sequence A00002${id}`,
      description: 'We provide the first integers.',
      publicationDate: date,
      subject: 'integer sequence; OEIS',
      fundingReferences: [{ funding: { funderName: 'American Mathematical Society', funderIdentifier: 'Crossref Funder ID:10.13039/100005376', awardNumber: 'AIS3241330750' } }],
      users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil', givenName: 'Neil', familyName: 'Sloane', orderKey: '1', user: { name: 'db/nsloane', orcidId: '0000-0002-1825-0097' } }],
      facility: { name: 'TestFacility', fullName: 'Test Neutron Source' },
    },
  });

  it('logs in anonymously, pages within the entity cap (halving when refused), splits scheme prefixes and pads CRC32', async () => {
    const pubs = [publication(1, '2022-10-31T00:00:00.000+01:00', 'DOI:10.5286/icat-1'), publication(2, '2022-11-01T00:00:00.000+01:00', 'DOI:10.5286/icat-2'), publication(3, '2022-11-02T00:00:00.000+01:00', 'DOI:10.5286/icat-3')];
    const queries: string[] = [];
    const { replay, out } = await serve((req) => {
      if (req.path === '/icat/session' && req.method === 'POST') {
        expect(JSON.parse(new URLSearchParams(req.body).get('json') ?? '{}')).toEqual({ plugin: 'anon', credentials: [] });
        return { body: { sessionId: 'sess-1' } };
      }
      if (req.path === '/icat/properties') return { body: { maxEntities: 4, lifetimeMinutes: 120 } };
      if (req.path === '/icat/entityManager') {
        expect(req.query.get('sessionId')).toBe('sess-1');
        const q = req.query.get('query') ?? '';
        queries.push(q);
        const [, offset, count] = /LIMIT (\d+), (\d+)/.exec(q)!.map(Number);
        if (q.includes('FROM DataPublication')) {
          // With INCLUDEs every publication costs several entities: more than one per page is refused.
          if (count > 2) return { status: 400, body: { code: 'VALIDATION', message: 'attempt to return more than 4 entities' } };
          return { body: pubs.slice(offset, offset + count) };
        }
        if (q.includes('FROM Dataset')) return { body: offset === 0 ? [{ Dataset: { id: 8128, name: 'ds1', description: 'alpha', location: '/archive/2022/ds1' } }] : [] };
        if (q.includes('FROM Datafile')) {
          const files = [
            { Datafile: { id: 1, name: 'df1.nxs', location: '/archive/2022/ds1/df1.nxs', fileSize: 17, checksum: 'a3f2b1' } },
            { Datafile: { id: 2, name: 'df2.nxs', location: '/archive/2022/ds1/sub/df2.nxs', fileSize: 18, checksum: SHA('df2') } },
            { Datafile: { id: 3, name: 'df3.nxs', location: '/archive/2022/ds1/df3.nxs', fileSize: 19, checksum: 'not a checksum' } },
            { Datafile: { id: 4, name: 'df4.nxs', location: '/archive/2022/ds1/df4.nxs', fileSize: 20 } },
          ];
          return { body: files.slice(offset, offset + count) };
        }
      }
      return undefined;
    });
    const { sink } = await pull(icatSource({ url: replay.url }), out);
    expect(sink.errors()).toEqual([]);
    const pubQueries = queries.filter((q) => q.includes('FROM DataPublication'));
    expect(pubQueries[0]).toMatch(/LIMIT 0, 4$/); // never above maxEntities
    expect(pubQueries[0]).toMatch(/x\.publicationDate <= \{ts 2026-03-01 12:00:00\}/);
    expect(pubQueries.slice(1).every((q) => /LIMIT \d+, 2$/.test(q))).toBe(true);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi)).toEqual(['10.5286/icat-1', '10.5286/icat-2', '10.5286/icat-3']);
    const { record, files } = records[0];
    expect(record.datacite.fundingReferences?.[0]).toMatchObject({ funderIdentifier: 'https://doi.org/10.13039/100005376', funderIdentifierType: 'Crossref Funder ID' });
    expect(record.datacite.creators[0].nameIdentifiers?.[0].nameIdentifier).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(record.facility).toBe('Test Neutron Source');
    // CRC32 (zero-padded) and no checksum at all are listed; only an unreadable checksum is set aside.
    expect(files).toEqual({ ds1: ['df1.nxs', 'sub/df2.nxs', 'df4.nxs'] });
    const lines = (await readFile(path.join(out, '10.5286-icat-1', 'datasets', 'ds1.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].checksum).toEqual({ algorithm: 'crc32', value: '00a3f2b1' });
    expect(lines[1]).toMatchObject({ sha256: SHA('df2') });
    expect(lines[2]).not.toHaveProperty('checksum');
    expect(lines[2]).not.toHaveProperty('sha256');
    const unlisted = JSON.parse(await readFile(path.join(out, '.aperture-pull', 'unlisted', '10.5286-icat-1', 'ds1.jsonl'), 'utf8'));
    expect(unlisted).toMatchObject({ path: 'df3.nxs', checksum: { algorithm: 'unknown', value: 'not a checksum' } });
  });

  it('asks for each dataset\'s techniques with the dataset query, within the entity cap, and maps the PaNET term to experiment.technique', async () => {
    // No recorded entityManager answer holds a Technique: the rows are those of the ICAT 6.2
    // example data (icat/icatdump-6.2.yaml: name, description, pid `PaNET:…`), in the JSON form of
    // the recorded answers (icat-server-entityManager-*.json): an INCLUDEd to-many relation is an
    // array of entities, one that is not INCLUDEd comes back as [].
    const technique = (id: number, name: string, pid: string) => ({ id, createId: 'db/root', createTime: '2025-07-16T22:54:23.000+02:00', modId: 'db/root', modTime: '2025-07-16T22:54:23.000+02:00', description: name, name, pid, datasetTechniques: [] });
    const ndiff = technique(3, 'Neutron Diffraction', 'PaNET:PaNET01217');
    const haxpes = technique(2, 'Hard X-ray Photoelectron Spectroscopy', 'PaNET:PaNET01103');
    const datasets = [
      { id: 8128, name: 'e208339', location: '/archive/e208339', techniques: [ndiff] },
      { id: 8129, name: 'e208341', location: '/archive/e208341', techniques: [ndiff, haxpes] },
    ];
    const datasetQueries: string[] = [];
    const { replay, out } = await serve((req) => {
      if (req.path === '/icat/session') return { body: { sessionId: 'sess-1' } };
      if (req.path === '/icat/properties') return { body: { maxEntities: 6 } };
      const q = req.query.get('query') ?? '';
      const [, offset, count] = /LIMIT (\d+), (\d+)/.exec(q)!.map(Number);
      if (q.includes('FROM DataPublication')) return { body: offset === 0 ? [publication(1, '2022-10-31T00:00:00.000+01:00', 'DOI:10.5286/icat-1')] : [] };
      if (q.includes('FROM Dataset ')) {
        datasetQueries.push(q);
        const included = q.includes('INCLUDE ds.datasetTechniques.technique');
        const rows = datasets.slice(offset, offset + count);
        // Each row costs itself, and each technique link and technique INCLUDEd with it.
        if (rows.reduce((n, d) => n + 1 + (included ? 2 * d.techniques.length : 0), 0) > 6) return { status: 400, body: { code: 'VALIDATION', message: 'attempt to return more than 6 entities' } };
        return { body: rows.map((d) => ({ Dataset: { id: d.id, name: d.name, location: d.location, datasetTechniques: included ? d.techniques.map((t, i) => ({ id: 100 * d.id + i, technique: t })) : [] } })) };
      }
      return { body: [] };
    });
    const { sink } = await pull(icatSource({ url: replay.url }), out);
    expect(sink.errors()).toEqual([]);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.technique)).toEqual([{ name: 'Neutron Diffraction', panet: 'PaNET01217' }]);
    expect(sink.list.filter((d) => d.code === 'pull/techniques-several').map((d) => d.record)).toEqual(['1']);
    // The page of both datasets with their techniques is refused (8 entities), then asked for one by one.
    expect(datasetQueries.map((q) => /LIMIT (\d+, \d+)$/.exec(q)![1])).toEqual(['0, 6', '0, 3', '0, 1', '1, 1', '2, 1']);
  });
});

describe('ICAT session expiry', () => {
  const pub = (id: number) => ({ DataPublication: { id, modTime: '2025-07-16T22:54:23.000+02:00', pid: `DOI:10.5286/exp-${id}`, title: `Publication ${id}`, publicationDate: '2022-10-31T00:00:00.000+01:00', users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil' }], facility: { name: 'TestFacility', fullName: 'Test Neutron Source' } } });
  /** An ICAT whose sessions die after `lifetime` queries, answering as icat.server does: 403 with an IcatException body. */
  const server = (options: { lifetime: number; error?: { code: string; message: string } }) => {
    let logins = 0;
    const used = new Map<string, number>();
    const route = (req: Request): Reply | undefined => {
      if (req.path === '/icat/session' && req.method === 'POST') return { body: { sessionId: `sess-${++logins}` } };
      if (req.path === '/icat/properties') return { body: { maxEntities: 1000 } };
      if (req.path === '/icat/entityManager') {
        const sid = req.query.get('sessionId') ?? '';
        used.set(sid, (used.get(sid) ?? 0) + 1);
        if (used.get(sid)! > options.lifetime) return { status: 403, body: options.error ?? { code: 'SESSION', message: `Unable to find user by sessionid: ${sid}` } };
        const q = req.query.get('query') ?? '';
        const [, offset, count] = /LIMIT (\d+), (\d+)/.exec(q)!.map(Number);
        if (q.includes('FROM DataPublication')) return { body: [pub(1), pub(2), pub(3)].slice(offset, offset + count) };
        if (q.includes('FROM Dataset')) return { body: offset === 0 ? [{ Dataset: { id: 7, name: 'ds', location: '/a/ds' } }] : [] };
        if (q.includes('FROM Datafile')) return { body: offset === 0 ? [{ Datafile: { id: 1, name: 'f.nxs', location: '/a/ds/f.nxs', fileSize: 3, checksum: 'a3f2b1' } }] : [] };
      }
      return undefined;
    };
    return { route, logins: () => logins };
  };

  it('logs in again when the session expires in the middle of a pull, and the pull completes', async () => {
    const icat = server({ lifetime: 3 });
    const { replay, out } = await serve(icat.route);
    const { summary, sink } = await pull(icatSource({ url: replay.url }), out);
    expect(summary.failed).toBeNull();
    expect(sink.errors()).toEqual([]);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi)).toEqual(['10.5286/exp-1', '10.5286/exp-2', '10.5286/exp-3']);
    expect(records.every((r) => Object.values(r.files).flat().includes('f.nxs'))).toBe(true);
    // 1 publication page + (dataset page + file page) × 3 = 7 queries at 3 per session: three logins.
    expect(icat.logins()).toBe(3);
  });

  it('gives up when a fresh session is refused at once, and a 403 on the listing that is not a session expiry still fails the pull', async () => {
    const dead = server({ lifetime: 0 });
    const { replay, out } = await serve(dead.route);
    const first = await pull(icatSource({ url: replay.url }), out);
    expect(first.summary.failed).toMatch(/403/);
    expect(dead.logins()).toBe(2); // one login, one more after the expiry, then no loop
    // (A 403 on one record's dataset query costs that record alone: record-failures.test.ts.)
    const denied = server({ lifetime: 0, error: { code: 'INSUFFICIENT_PRIVILEGES', message: 'Read access to this DataPublication is not allowed.' } });
    const other = await serve(denied.route);
    const second = await pull(icatSource({ url: other.replay.url }), other.out);
    expect(second.summary.failed).toMatch(/403/);
    expect(second.sink.list.map((d) => d.code)).toContain('pull/source-unreachable');
    expect(denied.logins()).toBe(1);
  });
});

describe('PaNOSC search API', () => {
  it('pages documents with limit/skip and takes citation metadata from DataCite by DOI', async () => {
    const docs = [
      { pid: '10.17199/doc-1', doi: '10.17199/doc-1', isPublic: true, type: 'publication', title: 'Doc 1', summary: 'S', datasets: [{ pid: '20.500.12269/ds-1', title: 'Scan', isPublic: true }, { pid: 'p', title: 'Private', isPublic: false }], members: [] },
      { pid: '1234', doi: ' ', isPublic: true, type: 'proposal', title: 'ESRF proposal', summary: 'Proposal summary', releaseDate: '2021-01-01T00:00:00.000Z', startDate: '2020-03-01T00:00:00.000Z', endDate: '2020-03-04T00:00:00.000Z', license: 'CC-BY-4.0', keywords: ['MX'], datasets: [], members: [{ role: 'Principal Investigator', person: { fullName: 'Durand, Paul', orcid: '0000-0002-1825-0097' }, affiliation: { name: 'ESRF' } }] },
      { pid: 'future', isPublic: true, title: 'Embargoed', releaseDate: '2030-01-01T00:00:00.000Z', datasets: [] },
    ];
    const { replay, out } = await serve((req, server) => {
      if (req.path === '/api/Documents') {
        const filter = JSON.parse(req.query.get('filter') ?? '{}');
        expect(filter.where).toEqual({ isPublic: true });
        return { body: docs.slice(filter.skip, filter.skip + filter.limit) };
      }
      if (req.path === '/api/Datasets/20.500.12269%2Fds-1/files' || req.path === '/api/Datasets/20.500.12269/ds-1/files') {
        const filter = JSON.parse(req.query.get('filter') ?? '{}');
        return { body: filter.skip === 0 ? [{ id: '1', name: 'scan.h5', path: '/ess/scan.h5', size: 1024 }] : [] };
      }
      if (req.path.startsWith('/datacite/dois/')) return { body: { data: { attributes: dataciteAttributes('10.17199/doc-1', { url: `${server.url}/x` }) } } };
      return undefined;
    });
    const { sink } = await pull(panoscSource({ url: `${replay.url}/api`, dataciteUrl: `${replay.url}/datacite`, pageSize: 2, facility: 'ESRF' }), out);
    const codes = sink.list.map((d) => d.code);
    expect(codes).toContain('pull/dataset-not-public');
    expect(codes).toContain('pull/not-released');
    // The proposal has no DOI: the catalogue refuses it, reported with the source's id and URL.
    const invalid = sink.list.find((d) => d.code === 'pull/record-invalid');
    expect(invalid?.record).toBe('1234');
    expect(invalid?.file).toContain('/api/Documents/1234');
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi)).toEqual(['10.17199/doc-1']);
    expect(records[0].record.datacite.creators[0].name).toBe('Moreau, Élise'); // from DataCite, not the document
  });

  it('asks for the techniques of each document\'s datasets and maps the PaNET term to experiment.technique', async () => {
    const { replay, out } = await serve((req, server) => {
      if (req.path === '/api/Documents') {
        const filter = JSON.parse(req.query.get('filter') ?? '{}');
        // Like the real API, a relation comes back only when the filter includes it.
        const datasetsInclude = (filter.include ?? []).find((i: { relation: string }) => i.relation === 'datasets');
        const withTechniques = (datasetsInclude?.scope?.include ?? []).some((i: { relation: string }) => i.relation === 'techniques');
        const ds = { pid: '20.500.12269/saxs-1', title: 'SAXS run', isPublic: true, ...(withTechniques ? { techniques: [{ pid: 'PaNET01188', name: 'small angle x-ray scattering' }] } : {}) };
        return { body: filter.skip === 0 ? [{ pid: '10.17199/doc-9', doi: '10.17199/doc-9', isPublic: true, type: 'publication', title: 'SAXS', datasets: [ds], members: [] }] : [] };
      }
      if (req.path.includes('/files')) return { body: [] };
      if (req.path.startsWith('/datacite/dois/')) return { body: { data: { attributes: dataciteAttributes('10.17199/doc-9', { url: `${server.url}/x` }) } } };
      return undefined;
    });
    const { sink } = await pull(panoscSource({ url: `${replay.url}/api`, dataciteUrl: `${replay.url}/datacite`, pageSize: 2 }), out);
    expect(sink.errors()).toEqual([]);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.technique)).toEqual([{ name: 'small angle x-ray scattering', panet: 'PaNET01188' }]);
  });
});

describe('PaNET technique ids', () => {
  it('reads the id from a purl URL, a scheme prefix or a bare id, and nothing else', () => {
    expect(panetId('http://purl.org/pan-science/PaNET/PaNET01188')).toBe('PaNET01188');
    expect(panetId('https://purl.org/pan-science/PaNET/PaNET01188/')).toBe('PaNET01188');
    expect(panetId('PaNET:PaNET01245')).toBe('PaNET01245');
    expect(panetId(' panet01245 ')).toBe('PaNET01245');
    expect(panetId('https://example.org/notPaNET01245')).toBeNull();
    expect(panetId('PaNET1188')).toBeNull();
    expect(panetId(null)).toBeNull();
  });
});

describe('hostile values from a remote catalogue', () => {
  it('cleans control characters, refuses traversal and absurd sizes, and leaves out duplicate DOIs across sources; nothing lands outside the mirror', async () => {
    const evil = {
      doi: '10.16907/evil',
      status: 'registered',
      creator: ['Bobby\u0000 Tables\u0007'],
      publisher: 'PSI',
      publicationYear: 2023,
      title: '<script>alert(1)</script> Title\u001b[31m',
      pidArray: ['ds'],
      registeredTime: '2023-01-01T00:00:00Z',
    };
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v3/PublishedData') return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? [evil, { ...evil, title: 'Second copy' }] : [] };
      if (req.path === '/api/v3/Datasets/findOne')
        return {
          body: {
            pid: 'ds',
            datasetName: '../../escape',
            isPublished: true,
            sourceFolder: '/data',
            origdatablocks: [
              {
                chkAlg: 'sha256',
                dataFileList: [
                  { path: '../../../etc/passwd', size: 1, chk: SHA('a') },
                  { path: '/abs/file', size: 1, chk: SHA('b') },
                  { path: 'huge.bin', size: 1e300, chk: SHA('c') },
                  { path: 'ok.h5', size: 10, chk: SHA('d') },
                ],
              },
            ],
          },
        };
      return undefined;
    });
    const parent = path.dirname(out);
    const before = new Set(await readdir(parent));
    const { sink } = await pull(scicatSource({ url: replay.url, apiVersion: 3, pageSize: 10 }), out);
    const codes = sink.list.map((d) => d.code);
    expect(codes.filter((c) => c === 'pull/unsafe-path')).toHaveLength(2);
    expect(codes).toContain('pull/unsafe-value');
    expect(codes).toContain('pull/duplicate-doi');
    expect([...(await readdir(parent))].filter((n) => !before.has(n))).toEqual([]);
    const { records, sink: readSink } = await readMirror(out);
    expect(readSink.errors()).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0].record.datacite.titles[0].title).toBe('<script>alert(1)</script> Title[31m');
    expect(records[0].record.datacite.creators[0].name).toBe('Bobby Tables');
    expect(Object.values(records[0].files)).toEqual([['ok.h5']]);
    expect(Object.keys(records[0].files)).toEqual(['escape']);

    // The same DOI from a second source into the same mirror is refused.
    const other = await serve((req) => (req.path === '/dois' ? { body: { data: [{ attributes: dataciteAttributes('10.16907/EVIL') }], links: {} } } : undefined));
    const { dataciteRestSource } = await import('../../src/pull/datacite-rest.ts');
    const second = await pull(dataciteRestSource({ url: other.replay.url, prefix: '10.16907' }), out);
    expect(second.sink.list.map((d) => d.code)).toContain('pull/duplicate-doi');
    expect(JSON.parse(await readFile(path.join(out, '10.16907-evil', 'datacite.json'), 'utf8')).titles[0].title).toMatch(/Title/);
  });
});

describe('a pull source behind the CatalogueSource boundary', () => {
  it('reads a remote catalogue directly through validateCatalogue, like content/', async () => {
    const { remoteCatalogue } = await import('../../src/pull/remote-catalogue.ts');
    const { replay } = await serve((req, server) => (req.path === '/dois' ? { body: { data: [{ attributes: dataciteAttributes('10.15151/ESRF-DC-7') }, { attributes: dataciteAttributes('10.15151/ESRF-DC-8', { state: 'draft' }) }], links: { self: `${server.url}/dois` } } } : undefined));
    const { dataciteRestSource } = await import('../../src/pull/datacite-rest.ts');
    const catalogue = remoteCatalogue(dataciteRestSource({ url: replay.url, clientId: 'inist.esrf' }), { now: NOW, http: new HttpClient({ sleep: async () => {} }) });
    const sink = new DiagnosticSink();
    const records = [];
    for await (const { record } of validateCatalogue(catalogue, sink)) if (record) records.push(record);
    expect(records.map((r) => r.doi)).toEqual(['10.15151/esrf-dc-7']);
    expect(sink.list.find((d) => d.code === 'pull/not-released')?.record).toBe('10.15151/esrf-dc-8');
  });
});
