/**
 * A problem with a pulled record is named by where the curator can fix it: the record's URL
 * in its source and the source's id for it, with the mirrored file (Aperture's copy, which
 * the next pull overwrites) only after. In the pull's own report and in `aperture check`
 * (and the build, test/pull/build-from-mirror.test.ts) of the mirror.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { pull, serve } from './pull-harness.ts';
import { dataciteAttributes } from './fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { remoteCatalogue } from '../../src/pull/remote-catalogue.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { validateCatalogue } from '../../src/validate/validate-catalogue.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';

/** A record whose one place lies off the globe: mirrored, its place left out, and reported. */
const farAway = dataciteAttributes('10.16907/far', { geoLocations: [{ geoLocationPlace: 'Sea', geoLocationPoint: { pointLatitude: 123, pointLongitude: 10 } }] });
const fine = dataciteAttributes('10.16907/fine');

describe('a pulled record with a problem', () => {
  it('is reported by its source URL and id, the mirrored file after, by the pull and by aperture check of the mirror', async () => {
    const { replay, out } = await serve((req) => (req.path === '/dois' ? { body: { data: [farAway, fine].map((attributes) => ({ id: attributes.doi, type: 'dois', attributes })), links: {} } } : undefined));
    const { summary, sink } = await pull(dataciteRestSource({ url: replay.url, prefix: '10.16907' }), out);
    expect(summary.written).toBe(2);
    const origin = (d: Diagnostic) => [d.code, d.record, d.file];
    const url = expect.stringMatching(new RegExp(`^${replay.url}/dois/10\\.16907%2Ffar`));
    const pulled = sink.list.filter((d) => d.code === 'geo/out-of-range');
    expect(pulled.map(origin)).toEqual([['geo/out-of-range', '10.16907-far', url]]);
    expect(pulled[0].message).toMatch(/ \[datacite:.+ record 10\.16907\/far; mirrored as 10\.16907-far\/datacite\.json\]$/);
    expect(pulled[0].pointer).toBe('/geoLocations/0/geoLocationPoint/pointLatitude');

    const check = await runCli(['check', '--catalogue', out, '--json'], path.dirname(out));
    const checked = (JSON.parse(check.out) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.code === 'geo/out-of-range');
    expect(checked.map(origin)).toEqual([['geo/out-of-range', '10.16907-far', url]]);
    expect(checked[0].message).toMatch(/mirrored as 10\.16907-far\/datacite\.json\]$/);
    const human = await runCli(['check', '--catalogue', out], path.dirname(out));
    expect(human.out).toMatch(/geo\/out-of-range .*mirrored as 10\.16907-far\/datacite\.json\] {2}\(http:\/\/127\.0\.0\.1:\d+\/dois\/10\.16907%2Ffar\S* \/geoLocations\/0\/geoLocationPoint\/pointLatitude\)/);
  });
});

describe('a record read from a remote catalogue without a mirror (remoteCatalogue)', () => {
  /** Any path a diagnostic could give of a mirror folder: "<id>/datacite.json", "<id>/datasets/…". */
  const FOLDER_PATH = /(?:^|[\s(])[\w.-]+\/(?:datacite\.json|experiment\.json|description\.md|datasets\/)/;

  it('names its DataCite problems by the record\'s URL in the source, not a folder nobody has', async () => {
    const { replay } = await serve((req) => (req.path === '/dois' ? { body: { data: [farAway, fine].map((attributes) => ({ id: attributes.doi, type: 'dois', attributes })), links: {} } } : undefined));
    const catalogue = remoteCatalogue(dataciteRestSource({ url: replay.url, prefix: '10.16907' }), { http: new HttpClient({ sleep: async () => {} }) });
    const sink = new DiagnosticSink();
    const dois = [];
    for await (const { record } of validateCatalogue(catalogue, sink)) if (record) dois.push(record.doi);
    expect(dois).toEqual(['10.16907/far', '10.16907/fine']);
    const far = sink.list.filter((d) => d.code === 'geo/out-of-range');
    expect(far.map((d) => [d.record, d.file, d.pointer])).toEqual([
      ['10.16907-far', expect.stringMatching(new RegExp(`^${replay.url}/dois/10\\.16907%2Ffar`)), '/geoLocations/0/geoLocationPoint/pointLatitude'],
    ]);
    for (const d of sink.list) expect(`${d.file} ${d.message}`).not.toMatch(FOLDER_PATH);
  });

  it('names its listing\'s problems, its datasets\' listings and every listing line by that URL too', async () => {
    const { replay } = await serve((req) => {
      if (req.path === '/api/v3/PublishedData') {
        const pub = { _id: 'pub-1', doi: '10.16907/list-1', status: 'registered', registeredTime: '2023-05-01T10:00:00.000Z', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: 'Run 1', pidArray: ['ds-1'] };
        return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? [pub] : [] };
      }
      if (req.path !== '/api/v3/Datasets/findOne') return undefined;
      // A name that displays in another order than it is: refused by the listing's own check (validateDatafile).
      const fileList = [{ path: 'a.tif', size: 4 }, { path: 'evil\u202Etxt.exe', size: 5 }];
      return { body: { pid: 'ds-1', datasetName: 'Scan 1', isPublished: true, sourceFolder: '/data/p1', origdatablocks: [{ dataFileList: fileList }] } };
    });
    const catalogue = remoteCatalogue(scicatSource({ url: replay.url, apiVersion: 3 }), { now: new Date('2026-03-01T12:00:00Z'), http: new HttpClient({ sleep: async () => {} }) });
    const sink = new DiagnosticSink();
    const records = [];
    for await (const { record } of validateCatalogue(catalogue, sink)) if (record) records.push(record);
    expect(records).toHaveLength(1);
    const [record] = records;
    const url = expect.stringMatching(new RegExp(`^${replay.url}/api/v3/PublishedData/`));
    const refused = sink.list.filter((d) => d.code === 'catalogue/path-unsafe');
    expect(refused.map((d) => [d.record, d.file])).toEqual([[record.id, url]]);
    expect(refused[0].message).toMatch(/ \[scicat:.+ record pub-1\]$/);
    expect(record.datasets.map((d) => d.listing)).toEqual([url]);
    expect([record.files.datacite, record.files.experiment]).toEqual([url, url]);
    const lines = [];
    for await (const line of catalogue.datafiles(record.id, record.datasets[0].id, sink)) lines.push(line);
    expect(lines.map((l) => [l.position, l.file])).toEqual([[1, url]]);
    for (const d of sink.list) expect(`${d.file} ${d.message}`).not.toMatch(FOLDER_PATH);
  });
});
