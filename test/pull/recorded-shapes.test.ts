/**
 * Pulls replayed in shapes the recorded responses show (../shared/records, RECORDED.md) but
 * which the other pull tests do not: DataCite records from real lists with values the
 * build leaves out, old free-text dates, and the per-record answers and body encodings of
 * real servers. Each test asserts what reaches the mirror the build reads.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from './replay-server.ts';
import { pull, serve } from './pull-harness.ts';
import { dataciteAttributes } from './fixtures.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { readMirror } from './read-mirror.ts';

const dataciteList = (records: Array<Record<string, unknown>>) => ({ data: records.map((attributes) => ({ id: attributes.doi, type: 'dois', attributes })), meta: { total: records.length }, links: {} });

describe('DataCite REST records as real lists serve them', () => {
  it('mirrors a findable record the build publishes with faulty values left out, and reports its errors once', async () => {
    // Recorded: a description without descriptionType (api.test.datacite.org page 2), contributors
    // without contributorType (the JSON of DataCite's own kernel-3 records), a nameIdentifier left empty.
    const records = [
      dataciteAttributes('10.82725/R0G7-H474', { descriptions: [{ description: 'test', lang: null }] }),
      dataciteAttributes('10.5438/6423', { contributors: [{ name: 'Monash University', affiliation: [] }, { name: 'DataCite', affiliation: [], contributorType: 'HostingInstitution' }] }),
      dataciteAttributes('10.80242/E2CC', { creators: [{ name: 'Ocean Networks Canada', nameType: 'Organizational', affiliation: [], nameIdentifiers: [{ schemeUri: 'https://ror.org', nameIdentifierScheme: 'ROR' }] }] }),
    ];
    const { replay, out } = await serve((req) => (req.path === '/dois' ? { body: dataciteList(records) } : undefined));
    const { summary, sink } = await pull(dataciteRestSource({ url: replay.url, prefix: '10.82725' }), out);
    expect(summary.leftOut).toBe(0);
    expect(sink.list.filter((d) => d.code === 'pull/record-invalid')).toEqual([]);
    const leftOut = sink.list.filter((d) => d.code === 'datacite/value-left-out');
    expect(leftOut.map((d) => d.record).sort()).toEqual(['10.80242-e2cc', '10.82725-r0g7-h474']);
    // A contributor without a role is kept, with a warning (the schema wants contributorType).
    expect(sink.list.filter((d) => d.code === 'contributor/role-missing').map((d) => [d.record, d.severity])).toEqual([['10.5438-6423', 'warning']]);
    const { records: built } = await readMirror(out);
    expect(built.map((r) => r.record.doi).sort()).toEqual(['10.5438/6423', '10.80242/e2cc', '10.82725/r0g7-h474']);
    const contributors = built.find((r) => r.record.doi === '10.5438/6423')!.record.datacite.contributors;
    expect(contributors?.map((c) => c.name)).toEqual(['Monash University', 'DataCite']);
  });
});

describe('DataCite release dates as old records write them', () => {
  it('mirrors a findable record whose free-text Available date lies wholly in the past; a free-text date that may be in the future stays unreleased', async () => {
    // Recorded: DataCite's own kernel-3 DOIs carry `{"date": "March 2011", "dateType": "Available"}`.
    const records = [
      dataciteAttributes('10.5438/0003', { dates: [{ date: 'March 2011', dateType: 'Available' }, { date: '2011', dateType: 'Issued' }], publicationYear: 2011, registered: '2011-03-30T10:00:00.000Z' }),
      dataciteAttributes('10.5438/0099', { dates: [{ date: 'from 2025 until summer 2027', dateType: 'Available' }] }),
    ];
    const { replay, out } = await serve((req) => (req.path === '/dois' ? { body: dataciteList(records) } : undefined));
    const { sink } = await pull(dataciteRestSource({ url: replay.url, prefix: '10.5438' }), out);
    expect(sink.list.filter((d) => d.code === 'pull/ambiguous-release').map((d) => d.record)).toEqual(['10.5438/0099']);
    const { records: built } = await readMirror(out);
    expect(built.map((r) => [r.record.doi, r.record.release.state, r.record.datacite.titles[0].title])).toEqual([['10.5438/0003', 'released', 'Diffraction data for 10.5438/0003']]);
  });
});

describe('response bodies as servers encode them', () => {
  it('reads a body with a byte-order mark, one in the charset its Content-Type names, a gzip one, and an ISO-8859-1 OAI-PMH page named by its XML declaration', async () => {
    const { gzipSync } = await import('node:zlib');
    const page = (doi: string, title: string) => JSON.stringify(dataciteList([dataciteAttributes(doi, { titles: [{ title }] })]));
    const bodies: Record<string, Reply> = {
      '10.5438': { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('10.5438/bom', 'Données brutes'), 'utf8')]), headers: { 'content-type': 'application/json' } },
      '10.5439': { body: Buffer.from(page('10.5439/latin', 'Données de diffraction, Universität Köln'), 'latin1'), headers: { 'content-type': 'application/json; charset=ISO-8859-1' } },
      '10.5440': { body: gzipSync(Buffer.from(page('10.5440/gzip', 'Ångström-scale maps'), 'utf8')), headers: { 'content-type': 'application/vnd.api+json; charset=utf-8', 'content-encoding': 'gzip' } },
    };
    const { replay, out } = await serve((req) => (req.path === '/dois' ? bodies[req.query.get('prefix') ?? ''] : undefined));
    for (const prefix of Object.keys(bodies)) {
      const { summary } = await pull(dataciteRestSource({ url: replay.url, prefix }), out);
      expect(summary.failed).toBeNull();
    }
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.datacite.titles[0].title).sort()).toEqual(['Données brutes', 'Données de diffraction, Universität Köln', 'Ångström-scale maps']);

    const { dataciteOaiSource } = await import('../../src/pull/datacite-oai.ts');
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-03-01T12:00:00Z</responseDate><request verb="ListRecords">x</request><ListRecords><record><header><identifier>doi:10.5441/OAI-1</identifier><datestamp>2025-01-01T00:00:00Z</datestamp></header><metadata><resource xmlns="http://datacite.org/schema/kernel-4"><identifier identifierType="DOI">10.5441/OAI-1</identifier><creators><creator><creatorName>Müller, Jürgen</creatorName></creator></creators><titles><title>Données OAI</title></titles><publisher>ESRF</publisher><publicationYear>2024</publicationYear><resourceType resourceTypeGeneral="Dataset">Images</resourceType></resource></metadata></record><resumptionToken completeListSize="1" cursor="0"/></ListRecords></OAI-PMH>`;
    const oai = await serve((req) => (req.path === '/oai' ? { body: Buffer.from(xml, 'latin1'), headers: { 'content-type': 'text/xml' } } : undefined));
    const { summary } = await pull(dataciteOaiSource({ url: `${oai.replay.url}/oai` }), oai.out);
    expect(summary.failed).toBeNull();
    const { records: fromOai } = await readMirror(oai.out);
    expect(fromOai.map((r) => [r.record.datacite.titles[0].title, r.record.datacite.creators[0].name])).toEqual([['Données OAI', 'Müller, Jürgen']]);
  });
});

describe('DataCite REST list pages in their other shapes', () => {
  it('reads the registered XML of a record whose attributes carry only `xml` (base64)', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><resource xmlns="http://datacite.org/schema/kernel-4"><identifier identifierType="DOI">10.5438/PRVV-NV23</identifier>
<creators><creator><creatorName nameType="Personal">Fenner, Martin</creatorName><givenName>Martin</givenName><familyName>Fenner</familyName></creator><creator><creatorName>Hallett, Richard</creatorName></creator></creators>
<titles><title>Welcome to the DataCite Team, Richard!</title></titles><publisher>DataCite</publisher><publicationYear>2016</publicationYear>
<resourceType resourceTypeGeneral="Text">BlogPosting</resourceType><dates><date dateType="Issued">2016-12-15</date></dates>
<rightsList><rights rightsURI="https://creativecommons.org/licenses/by/4.0/legalcode" rightsIdentifier="CC-BY-4.0" rightsIdentifierScheme="SPDX">CC BY 4.0</rights></rightsList>
<descriptions><description descriptionType="Abstract">Richard Hallett joins DataCite as technical support manager.</description></descriptions></resource>`;
    const attrs = { doi: '10.5438/prvv-nv23', xml: Buffer.from(xml).toString('base64'), url: 'https://blog.datacite.org/welcome-richard/', state: 'findable', created: '2016-12-15T06:15:03.000Z', registered: '2016-12-15T06:15:04.000Z', updated: '2020-07-26T11:40:55.000Z' };
    const { replay, out } = await serve((req) => (req.path === '/dois' ? { body: { data: [{ id: attrs.doi, type: 'dois', attributes: attrs }], links: {} } } : undefined));
    const { summary } = await pull(dataciteRestSource({ url: replay.url, prefix: '10.5438' }), out);
    expect(summary.leftOut).toBe(0);
    const { records } = await readMirror(out);
    expect(records.map((r) => [r.record.doi, r.record.datacite.titles[0].title, r.record.datacite.creators.map((c) => c.name), r.record.facility])).toEqual([
      ['10.5438/prvv-nv23', 'Welcome to the DataCite Team, Richard!', ['Fenner, Martin', 'Hallett, Richard'], 'DataCite'],
    ]);
  });

  it('reports each entry without attributes or DOI once, by its id and place, and keeps the others', async () => {
    const data = [{ id: '10.5438/no-attrs', type: 'dois', attributes: null }, { type: 'dois', attributes: { ...dataciteAttributes('x'), doi: null } }, 'junk', { id: '10.5438/ok', type: 'dois', attributes: dataciteAttributes('10.5438/OK') }];
    const { replay, out } = await serve((req) => (req.path === '/dois' ? { body: { data, links: {} } } : undefined));
    const { sink } = await pull(dataciteRestSource({ url: replay.url, prefix: '10.5438' }), out);
    const invalid = sink.list.filter((d) => d.code === 'pull/record-invalid');
    expect(invalid.map((d) => [d.record?.replace(/^.*#/, '#'), d.pointer])).toEqual([
      ['10.5438/no-attrs', '/data/0'],
      ['#/data/1', '/data/1'],
      ['#/data/2', '/data/2'],
    ]);
    expect(invalid.every((d) => d.file?.startsWith(`${replay.url}/dois?`))).toBe(true);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi)).toEqual(['10.5438/ok']);
  });

  it('follows a next link by page number (rebuilt with its own parameters), stops at a next link to the page just read, and reads a lone record where the list should be', async () => {
    const { replay, out } = await serve((req, server) => {
      if (req.path !== '/dois') return undefined;
      if (req.query.get('prefix') === '10.5439') return { body: { data: { id: '10.5439/lone', attributes: dataciteAttributes('10.5439/LONE') } } };
      const number = req.query.get('page[number]');
      if (!number) return { body: { data: [{ attributes: dataciteAttributes('10.5438/P1') }], links: { next: `${server.url}/dois?page%5Bnumber%5D=2&page%5Bsize%5D=1` } } };
      if (number === '2') return { body: { data: [{ attributes: dataciteAttributes('10.5438/P2') }], links: { next: `${server.url}/dois?page%5Bnumber%5D=3&page%5Bsize%5D=1` } } };
      // The last page links to itself.
      return { body: { data: [{ attributes: dataciteAttributes('10.5438/P3') }], links: { next: `${server.url}/dois?page%5Bnumber%5D=3&page%5Bsize%5D=1` } } };
    });
    await pull(dataciteRestSource({ url: replay.url, prefix: '10.5438', pageSize: 1 }), out);
    const walk = replay.requests.filter((r) => r.query.get('prefix') === '10.5438');
    expect(walk.map((r) => r.query.get('page[number]') ?? r.query.get('page[cursor]'))).toEqual(['1', '2', '3']);
    expect(walk.every((r) => r.query.get('affiliation') === 'true' && r.query.get('publisher') === 'true')).toBe(true);
    await pull(dataciteRestSource({ url: replay.url, prefix: '10.5439' }), out);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi).sort()).toEqual(['10.5438/p1', '10.5438/p2', '10.5438/p3', '10.5439/lone']);
  });
});

describe('per-record answers of real servers', () => {
  it('MyTardis: a mirrored experiment that anonymous access now answers 401 becomes a tombstone on the next full pull, and files marked deleted are never listed', async () => {
    const { mytardisSource } = await import('../../src/pull/mytardis.ts');
    // The tastypie shapes of mytardis/recorded/SHAPES.md: naive timestamps, size as a string, `deleted` flags.
    const experiment = (id: number) => ({ id, title: `Experiment ${id}`, description: 'MX beamtime', institution_name: 'Australian Synchrotron', public_access: 100, created_time: '2022-02-21T15:08:03.358175', update_time: '2022-02-24T10:49:58.777481', authors: [{ name: 'Nguyen, An', url: null }], parameter_sets: [{ parameters: [{ name: 'doi', string_value: `10.26190/as-${id}` }] }], resource_uri: `/api/v1/experiment/${id}/` });
    let listed = [1, 2];
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v1/experiment/') return { body: { meta: { limit: 20, offset: 0, total_count: listed.length, next: null, previous: null }, objects: listed.map(experiment) } };
      if (req.path === '/api/v1/experiment/2/') return listed.includes(2) ? { body: experiment(2) } : { status: 401, body: '' };
      if (req.path === '/api/v1/dataset/') return { body: { meta: { next: null }, objects: [{ id: 5, description: 'NDVI 1', resource_uri: '/api/v1/dataset/5/' }] } };
      if (req.path === '/api/v1/dataset_file/')
        return {
          body: {
            meta: { next: null },
            objects: [
              { id: 50, filename: 'kept.jp2', directory: 'R10m', size: '905000', md5sum: 'c900b6d93b99838c27ad8de3a89a119c', sha512sum: '', deleted: false, deleted_time: null, replicas: [{ uri: 'R10m/kept.jp2', verified: true }] },
              { id: 51, filename: 'removed.jp2', directory: 'R10m', size: 13, md5sum: '9af2f8218b150c351ad802c6f3d66abe', deleted: true, deleted_time: '2022-02-23T10:00:00', replicas: [{ uri: 'R10m/removed.jp2' }] },
            ],
          },
        };
      return undefined;
    });
    const source = () => mytardisSource({ url: replay.url, timeZone: 'Pacific/Auckland' });
    await pull(source(), out);
    let mirror = await readMirror(out);
    expect(mirror.records.map((r) => [r.record.doi, Object.values(r.files)])).toEqual([
      ['10.26190/as-1', [['R10m/kept.jp2']]],
      ['10.26190/as-2', [['R10m/kept.jp2']]],
    ]);
    listed = [1];
    const second = await pull(source(), out, { full: true, now: new Date('2026-03-02T12:00:00Z') });
    expect(second.summary.failed).toBeNull();
    expect(second.summary.withdrawn).toBe(1);
    mirror = await readMirror(out);
    expect(mirror.records.map((r) => [r.record.doi, r.record.release.state])).toEqual([
      ['10.26190/as-1', 'released'],
      ['10.26190/as-2', 'withdrawn'],
    ]);
  });

  it('PaNOSC: one dataset whose files answer 404 is reported and left out; the document, its other datasets and the other documents are mirrored; sizes sent as strings are kept', async () => {
    const { panoscSource } = await import('../../src/pull/panosc.ts');
    // The SciCat-backed shape of panosc-search/recorded/SHAPES.md: `score` on every item, a `provider`, no relation keys unless included.
    const docs = [
      { pid: '10.17199/doc-1', doi: '10.17199/doc-1', isPublic: true, type: 'publication', title: 'Doc 1', summary: 'Summary', score: 0, provider: 'https://scicat.ess.eu/panosc-api', datasets: [{ pid: '20.500.12269/ok', title: 'Scan', isPublic: true, score: 0 }, { pid: '20.500.12269/gone', title: 'Gone', isPublic: true, score: 0 }], members: [{ role: 'Creator', person: { fullName: 'Durand, Paul' } }] },
      { pid: '10.17199/doc-2', doi: '10.17199/doc-2', isPublic: true, type: 'publication', title: 'Doc 2', summary: 'Summary', score: 0, members: [{ role: 'Creator', person: { fullName: 'Nguyen, An' } }] },
    ];
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/Documents') {
        const filter = JSON.parse(req.query.get('filter') ?? '{}');
        return { body: docs.slice(filter.skip, filter.skip + filter.limit) };
      }
      if (/\/api\/Datasets\/20\.500\.12269(%2F|\/)ok\/files/.test(req.path)) return { body: JSON.parse(req.query.get('filter') ?? '{}').skip === 0 ? [{ id: '1', name: 'scan.h5', path: '/ess/scan.h5', size: '1024', dataset: '20.500.12269/ok' }] : [] };
      if (/\/api\/Datasets\/20\.500\.12269(%2F|\/)gone\/files/.test(req.path)) return { status: 404, body: { error: { statusCode: 404, name: 'Error', message: 'Unknown "Dataset" id' } } };
      return undefined;
    });
    const { summary, sink } = await pull(panoscSource({ url: `${replay.url}/api`, dataciteUrl: null, facility: 'ESS' }), out);
    expect(summary.failed).toBeNull();
    const notPublic = sink.list.filter((d) => d.code === 'pull/dataset-not-public');
    expect(notPublic).toHaveLength(1);
    expect(notPublic[0].message).toContain('20.500.12269/gone');
    const { records } = await readMirror(out);
    expect(records.map((r) => [r.record.doi, r.files])).toEqual([
      ['10.17199/doc-1', { '20.500.12269-ok': ['ess/scan.h5'] }],
      ['10.17199/doc-2', {}],
    ]);
  });

  it('SciCat v4: dataset pids in `pidArray` while `datasetPids` is empty, or given as a lone string, all bring their files', async () => {
    const { scicatSource } = await import('../../src/pull/scicat.ts');
    const { SHA } = await import('./fixtures.ts');
    const published = [
      { _id: 'a1', doi: '10.16907/a', status: 'registered', title: 'Migrated from v3', abstract: 'Projections.', metadata: { creators: [{ name: 'Meier, Egon' }], publisher: { name: 'PSI' }, publicationYear: 2023 }, datasetPids: [], pidArray: ['20.500.11935/p1'], registeredTime: '2023-05-01T10:00:00.000Z' },
      { _id: 'b1', doi: '10.16907/b', status: 'registered', title: 'One dataset', abstract: 'Projections.', metadata: { creators: [{ name: 'Meier, Egon' }], publisher: { name: 'PSI' }, publicationYear: 2023 }, datasetPids: '20.500.11935/p2', registeredTime: '2023-05-01T10:00:00.000Z' },
    ];
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v4/PublishedData') return { body: JSON.parse(req.query.get('filter') ?? '{}').limits.skip === 0 ? published : [] };
      const m = /^\/api\/v4\/datasets\/public\/(.+)$/.exec(req.path);
      if (m) {
        const pid = decodeURIComponent(m[1]);
        // The v4 dataset shape of scicat/recorded: techniques, sampleId, datasetlifecycle beside the blocks.
        return { body: { pid, datasetName: `Scan ${pid.slice(-2)}`, isPublished: true, sourceFolder: '/data/p16738', techniques: [{ pid: 'PaNET01012', name: 'tomography' }], sampleIds: ['s-1'], datasetlifecycle: { publishable: true, archiveStatusMessage: 'datasetOnArchiveDisk' }, origdatablocks: [{ chkAlg: 'sha256', dataFileList: [{ path: `${pid.slice(-2)}.tif`, size: 10, chk: SHA(pid) }] }] } };
      }
      return undefined;
    });
    await pull(scicatSource({ url: replay.url, apiVersion: 4 }), out);
    const { records } = await readMirror(out);
    expect(records.map((r) => [r.record.doi, Object.values(r.files)])).toEqual([
      ['10.16907/a', [['p1.tif']]],
      ['10.16907/b', [['p2.tif']]],
    ]);
  });

  it('ICAT: a Datafile fileSize sent as a digit string is listed with its size', async () => {
    const { icatSource } = await import('../../src/pull/icat.ts');
    const { replay, out } = await serve((req) => {
      if (req.path === '/icat/session') return { body: { sessionId: 's-1' } };
      if (req.path === '/icat/properties') return { body: { maxEntities: 100 } };
      const q = req.query.get('query') ?? '';
      if (!/LIMIT 0,/.test(q)) return { body: [] };
      if (q.includes('FROM DataPublication')) return { body: [{ DataPublication: { id: 1, pid: 'DOI:10.5286/isis-1', title: 'Data from OEIS sequence A000027', description: 'We provide the first integers.', publicationDate: '2022-10-31T00:00:00.000+01:00', modTime: '2025-07-16T22:54:23.000+02:00', users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil', user: { name: 'db/nsloane' } }], fundingReferences: [] } }] };
      if (q.includes('FROM Dataset')) return { body: [{ Dataset: { id: 8128, name: 'ds1', location: '/archive/ds1' } }] };
      if (q.includes('FROM Datafile')) return { body: [{ Datafile: { id: 1, name: 'df1', location: '/archive/ds1/df1', fileSize: '17', checksum: 'a3f2b1' } }] };
      return undefined;
    });
    const { sink } = await pull(icatSource({ url: replay.url, facility: 'ISIS Neutron and Muon Source' }), out);
    expect(sink.list.filter((d) => d.code === 'pull/unsafe-value')).toEqual([]);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.files)).toEqual([{ ds1: ['df1'] }]);
  });
});

describe('offset paging against a server that ignores the offset', () => {
  it('SciCat and PaNOSC: a page that repeats the one before ends the walk with a warning instead of looping', async () => {
    const { scicatSource } = await import('../../src/pull/scicat.ts');
    const { panoscSource } = await import('../../src/pull/panosc.ts');
    const pub = (n: number) => ({ doi: `10.16907/psi-${n}`, status: 'registered', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: `Tomography ${n}`, abstract: 'Projections.', pidArray: [], registeredTime: '2023-05-01T10:00:00.000Z' });
    const doc = (n: number) => ({ pid: `10.17199/doc-${n}`, doi: `10.17199/doc-${n}`, isPublic: true, type: 'publication', title: `Doc ${n}`, summary: 'Summary', score: 0, members: [{ person: { fullName: 'Durand, Paul' } }] });
    let requests = 0;
    const { replay, out } = await serve((req) => {
      // After this many pages a looping client is cut off by a failure, so the test ends either way.
      if (++requests > 12) return { status: 500, body: 'loop' };
      if (req.path === '/api/v3/PublishedData') return { body: [pub(1), pub(2)] };
      if (req.path === '/panosc/Documents') return { body: [doc(1), doc(2)] };
      return undefined;
    });
    const first = await pull(scicatSource({ url: replay.url, apiVersion: 3, pageSize: 2 }), out);
    expect(first.summary.failed).toBeNull();
    expect(first.sink.list.filter((d) => d.code === 'pull/listing-cut-short')).toHaveLength(1);
    requests = 0;
    const second = await pull(panoscSource({ url: `${replay.url}/panosc`, dataciteUrl: null, pageSize: 2, facility: 'ESS' }), out);
    expect(second.summary.failed).toBeNull();
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi).sort()).toEqual(['10.16907/psi-1', '10.16907/psi-2', '10.17199/doc-1', '10.17199/doc-2']);
  });
});

describe('a listing cut short', () => {
  it('counts none of the records it did not reach as missing, however many full pulls see it cut short', async () => {
    const { scicatSource } = await import('../../src/pull/scicat.ts');
    const pub = (n: number) => ({ doi: `10.16907/psi-${n}`, status: 'registered', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: `Tomography ${n}`, abstract: 'Projections.', pidArray: [], registeredTime: '2023-05-01T10:00:00.000Z' });
    let ignoresOffset = false;
    const { replay, out } = await serve((req) => {
      if (req.path !== '/api/v3/PublishedData') return undefined;
      const skip = Number(JSON.parse(req.query.get('filter') ?? '{}').skip ?? 0);
      const all = [1, 2, 3, 4].map(pub);
      return { body: ignoresOffset ? all.slice(0, 2) : all.slice(skip, skip + 2) };
    });
    const source = scicatSource({ url: replay.url, apiVersion: 3, pageSize: 2 });
    expect((await pull(source, out, { full: true })).summary.failed).toBeNull();
    ignoresOffset = true;
    for (let i = 0; i < 4; i++) {
      const again = await pull(source, out, { full: true });
      expect(again.sink.list.filter((d) => d.code === 'pull/listing-cut-short')).toHaveLength(1);
      expect(again.sink.list.filter((d) => d.code === 'pull/vanished' || d.code === 'pull/withdrawn')).toEqual([]);
    }
    const { records } = await readMirror(out);
    expect(records.map((r) => [r.record.doi, r.record.release.state])).toEqual([1, 2, 3, 4].map((n) => [`10.16907/psi-${n}`, 'released']));
  });
});

describe('list entries that are not records', () => {
  it('SciCat and PaNOSC: an entry that is not an object is reported once by its place on the page; the others are mirrored', async () => {
    const { scicatSource } = await import('../../src/pull/scicat.ts');
    const { panoscSource } = await import('../../src/pull/panosc.ts');
    const pub = { doi: '10.16907/psi-1', status: 'registered', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: 'Tomography', abstract: 'Projections.', pidArray: [], registeredTime: '2023-05-01T10:00:00.000Z' };
    const doc = { pid: '10.17199/doc-1', doi: '10.17199/doc-1', isPublic: true, type: 'publication', title: 'Doc', summary: 'Summary', score: 0, members: [{ person: { fullName: 'Durand, Paul' } }] };
    const { replay, out } = await serve((req) => {
      if (req.path === '/api/v3/PublishedData') return { body: JSON.parse(req.query.get('filter') ?? '{}').skip === 0 ? [null, pub, '10.16907/psi-2'] : [] };
      if (req.path === '/panosc/Documents') return { body: JSON.parse(req.query.get('filter') ?? '{}').skip === 0 ? [doc, 42] : [] };
      return undefined;
    });
    const first = await pull(scicatSource({ url: replay.url, apiVersion: 3, pageSize: 10 }), out);
    const second = await pull(panoscSource({ url: `${replay.url}/panosc`, dataciteUrl: null, pageSize: 10, facility: 'ESS' }), out);
    const invalid = [...first.sink.list, ...second.sink.list].filter((d) => d.code === 'pull/record-invalid');
    expect(invalid.map((d) => d.pointer)).toEqual(['/0', '/2', '/1']);
    const { records } = await readMirror(out);
    expect(records.map((r) => r.record.doi).sort()).toEqual(['10.16907/psi-1', '10.17199/doc-1']);
  });
});
