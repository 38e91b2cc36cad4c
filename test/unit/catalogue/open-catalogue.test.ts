import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { catalogueKind, countExperiments, openCatalogue } from '../../../src/catalogue/open-catalogue.ts';
import { dataciteFolderSource, recordIdFromFileName } from '../../../src/catalogue/datacite-folder-source.ts';
import type { CatalogueSource, RawExperiment } from '../../../src/catalogue/types.ts';
import { sourceFor } from '../../../src/build/stage-runner.ts';
import { validateExperimentJson } from '../../../src/validate/experiment.ts';
import { collectExperiments, fixtureDataCite, releasedMxSpec, writeFixtureCatalogue } from '../../helpers/catalogue-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aperture-open-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const collect = collectExperiments;

describe('openCatalogue(path)', () => {
  test('a folder of experiment folders is the filesystem catalogue', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'experiments'), [releasedMxSpec('one')]);
    await writeFile(path.join(root, 'README.json'), '{}');
    expect(catalogueKind(root)).toBe('experiments');
    const records = await collect(openCatalogue(root));
    expect(records.map((r) => r.id)).toEqual(['one']);
  });

  test('a folder of DataCite files is read as bare records', async () => {
    const root = path.join(dir, 'bare');
    await mkdir(root);
    await writeFile(path.join(root, 'B Record.json'), JSON.stringify({ data: { attributes: fixtureDataCite('10.5072/b', 'B') } }));
    await writeFile(path.join(root, 'a.json'), JSON.stringify(fixtureDataCite('10.5072/a', 'A', { dates: [], publicationYear: 2019 })));
    await writeFile(path.join(root, 'notes.txt'), 'ignored');
    expect(catalogueKind(root)).toBe('datacite-files');
    const sink = new DiagnosticSink();
    const records = await collect(openCatalogue(root), sink);
    expect(sink.list).toEqual([]);
    expect(records.map((r) => [r.id, r.files.datacite])).toEqual([
      ['b-record', 'B Record.json'],
      ['a', 'a.json'],
    ]);
    const release = validateExperimentJson(records[1].experiment, { record: 'a', file: null }, sink)?.release;
    expect(release).toMatchObject({ state: 'released', releasedOn: '2019-01-01' });
    const bSource = dataciteFolderSource(root);
    const files = [];
    for await (const f of bSource.datafiles('a', 'x', sink)) files.push(f);
    expect(files).toEqual([]);
  });

  test("a bare record is dated by the build's now, not the wall clock", async () => {
    // Available in 2010, registered in 1999: a build made in 2000 has no release in 2010 yet,
    // so the record stands on its registration day (dataciteReleaseDay); today it stands on 2010's.
    const file = path.join(dir, 'embargoed.json');
    const datacite = fixtureDataCite('10.5072/e', 'E', { dates: [{ date: '2010-05-01', dateType: 'Available' }] });
    await writeFile(file, JSON.stringify({ data: { attributes: { ...datacite, registered: '1999-06-01T10:00:00Z' } } }));
    const releasedOn = async (source: CatalogueSource) => (await collect(source))[0]!.experiment as { release: { releasedOn: string } };
    expect((await releasedOn(openCatalogue(file, { now: new Date('2000-01-01T00:00:00Z') }))).release.releasedOn).toBe('1999-06-01');
    expect((await releasedOn(sourceFor(file, { now: '2000-01-01T00:00:00Z' }))).release.releasedOn).toBe('1999-06-01');
    expect((await releasedOn(openCatalogue(file))).release.releasedOn).toBe('2010-05-01');
  });

  test('a REST list response becomes one record per DOI', async () => {
    const file = path.join(dir, 'list.json');
    await writeFile(file, JSON.stringify({ data: [{ id: '10.5072/X1', attributes: fixtureDataCite('10.5072/X1', 'one') }, { attributes: fixtureDataCite('10.5072/x2', 'two') }] }));
    const records = await collect(openCatalogue(file));
    expect(records.map((r) => r.id)).toEqual(['10.5072-x1', '10.5072-x2']);
    expect(new Set(records.map((r) => r.digest)).size).toBe(2);
  });

  test('a record saved from the REST API is released on the day DataCite registered it, not on a declared year ahead', async () => {
    // A real record (10.14457/kmitl.res.2006.17) declares the Buddhist-era year 2549; an ESRF session declares its embargo's end.
    const root = path.join(dir, 'registered');
    await mkdir(root);
    const declared = { ...fixtureDataCite('10.5072/r1', 'R1', { dates: [{ date: '2549', dateType: 'Issued' }] }), publicationYear: 2549 };
    await writeFile(path.join(root, 'one.json'), JSON.stringify({ data: { attributes: { ...declared, registered: '2016-05-23T08:08:39.000Z' } } }));
    await writeFile(path.join(root, 'list.json'), JSON.stringify({ data: [{ attributes: { ...declared, doi: '10.5072/r2', registered: '2019-02-01T00:00:00Z' } }] }));
    await writeFile(path.join(root, 'plain.json'), JSON.stringify({ ...declared, doi: '10.5072/r3' }));
    const sink = new DiagnosticSink();
    const released = Object.fromEntries((await collect(openCatalogue(root), sink)).map((r) => [r.id, validateExperimentJson(r.experiment, { record: r.id, file: null }, sink)?.release.releasedOn]));
    expect(released).toEqual({ '10.5072-r2': '2019-02-01', one: '2016-05-23', plain: '2549-01-01' });
  });

  test('two files giving the same id are reported and the second left out', async () => {
    const root = path.join(dir, 'dupes');
    await mkdir(root);
    await writeFile(path.join(root, 'Same.json'), JSON.stringify(fixtureDataCite('10.5072/s1', 'S')));
    await writeFile(path.join(root, 'same.json'), JSON.stringify(fixtureDataCite('10.5072/s2', 'S')));
    const sink = new DiagnosticSink();
    const records = await collect(openCatalogue(root), sink);
    expect(records).toHaveLength(1);
    expect(sink.list.map((d) => d.code)).toEqual(['catalogue/duplicate-id']);
  });

  test('a malformed bare JSON file is reported with its line and still yields a record to reject', async () => {
    const root = path.join(dir, 'badbare');
    await mkdir(root);
    await writeFile(path.join(root, 'x.json'), '{\n"doi": }');
    const sink = new DiagnosticSink();
    const records = await collect(openCatalogue(root), sink);
    expect(records[0].datacite).toBeUndefined();
    expect(sink.list.map((d) => [d.code, d.record, d.file, d.pointer])).toEqual([['catalogue/malformed-json', 'x', 'x.json', '2:8']]);
  });

  test('a path that does not exist reports catalogue/not-found', async () => {
    const sink = new DiagnosticSink();
    expect(await collect(openCatalogue(path.join(dir, 'missing')), sink)).toEqual([]);
    expect(sink.list.map((d) => d.code)).toEqual(['catalogue/not-found']);
  });

  test('recordIdFromFileName makes URL-safe ids', () => {
    expect(recordIdFromFileName('10.15151/ESRF-DC-1.xml')).toBe('10.15151-esrf-dc-1');
    expect(recordIdFromFileName('__x.json')).toBe('x');
  });
});

describe('countExperiments(path), the total a build\'s progress shows before staging', () => {
  test('counts what the source will read, from one listing, for both kinds of catalogue', async () => {
    const experiments = await writeFixtureCatalogue(path.join(dir, 'count-experiments'), [releasedMxSpec('one'), releasedMxSpec('two', '10.5072/two')]);
    await mkdir(path.join(experiments, '.hidden'));
    await mkdir(path.join(experiments, 'Not A Valid Id'));
    await writeFile(path.join(experiments, 'README.json'), '{}');
    expect(await countExperiments(experiments)).toBe((await collect(openCatalogue(experiments))).length);
    expect(await countExperiments(experiments)).toBe(2);

    const bare = path.join(dir, 'count-bare');
    await mkdir(bare);
    for (const name of ['a.json', 'b.xml', 'notes.txt']) await writeFile(path.join(bare, name), name.endsWith('.json') ? JSON.stringify(fixtureDataCite('10.5072/a', 'A')) : '<x/>');
    expect(await countExperiments(bare)).toBe(2);
    expect(await countExperiments(path.join(bare, 'a.json'))).toBe(1);
    expect(await countExperiments(path.join(dir, 'no-such-catalogue'))).toBeUndefined();
  });
});
