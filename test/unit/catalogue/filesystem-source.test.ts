import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile, appendFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { filesystemSource } from '../../../src/catalogue/filesystem-source.ts';
import type { CatalogueSource, RawExperiment } from '../../../src/catalogue/types.ts';
import { hiddenDois } from '../../../src/build/unreleased-relations.ts';
import {
  malformedJsonSpec,
  metadataOnlySpec,
  withdrawnSpec,
  unpublishedSpec,
  fixtureDataCite,
  UNRELEASED_DOI,
  releasedMxSpec,
  sweepFiles,
  writeFixtureCatalogue,
  writeLines,
  collectExperiments,
} from '../../helpers/catalogue-fixtures.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aperture-fs-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const collect = collectExperiments;

async function lines(source: CatalogueSource, exp: string, ds: string, sink = new DiagnosticSink()) {
  const out = [];
  for await (const line of source.datafiles(exp, ds, sink)) out.push(line);
  return out;
}

describe('filesystemSource(root).experiments(sink)', () => {
  test('lists experiment folders in stable order with their files, metadata and description', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'basic'), [releasedMxSpec('b-exp'), metadataOnlySpec('a-exp')]);
    await mkdir(path.join(root, '.git'));
    const sink = new DiagnosticSink();
    const records = await collect(filesystemSource(root), sink);
    expect(sink.list).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(['a-exp', 'b-exp']);
    const b = records[1];
    expect(b.files).toEqual({ datacite: 'b-exp/datacite.json', experiment: 'b-exp/experiment.json', description: 'b-exp/description.md' });
    expect((b.datacite as { doi: string }).doi).toBe('10.5072/aperture-released-fixture');
    expect((b.experiment as { release: { state: string } }).release.state).toBe('released');
    expect(b.descriptionMarkdown).toContain('tetragonal');
    expect(b.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the REST envelope {"data":{"attributes":…}} is unwrapped', async () => {
    const spec = releasedMxSpec('env');
    const root = await writeFixtureCatalogue(path.join(dir, 'envelope'), [{ ...spec, datacite: { data: { id: 'x', type: 'dois', attributes: spec.datacite } } }]);
    const [record] = await collect(filesystemSource(root));
    expect((record.datacite as { doi: string }).doi).toBe('10.5072/aperture-released-fixture');
  });

  test('the digest is stable and changes when any input byte changes, listings included', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'digest'), [releasedMxSpec('d')]);
    const first = (await collect(filesystemSource(root)))[0].digest;
    expect((await collect(filesystemSource(root)))[0].digest).toBe(first);
    await appendFile(path.join(root, 'd', 'datasets', 'sweep-2.jsonl'), '\n');
    const afterListing = (await collect(filesystemSource(root)))[0].digest;
    expect(afterListing).not.toBe(first);
    await appendFile(path.join(root, 'd', 'description.md'), 'more');
    expect((await collect(filesystemSource(root)))[0].digest).not.toBe(afterListing);
  });

  test('malformed JSON names the record, the file and the line:column, and other records still load', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'malformed'), [malformedJsonSpec('bad'), releasedMxSpec('good')]);
    const sink = new DiagnosticSink();
    const records = await collect(filesystemSource(root), sink);
    expect(records.map((r) => r.id)).toEqual(['bad', 'good']);
    expect(records[0].datacite).toBeUndefined();
    expect(sink.list.map((d) => [d.code, d.record, d.file, d.pointer])).toEqual([['catalogue/malformed-json', 'bad', 'bad/datacite.json', '4:3']]);
    expect(sink.list[0].message).toMatch(/line 4, column 3/);
  });

  test('malformed experiment.json is reported the same way', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'malformed-exp'), [{ ...releasedMxSpec('e'), experiment: undefined, experimentRaw: '{"release": {"state": "released",}}' }]);
    const sink = new DiagnosticSink();
    const [record] = await collect(filesystemSource(root), sink);
    expect(record.experiment).toBeUndefined();
    expect(sink.list.map((d) => [d.code, d.file, d.pointer])).toEqual([['catalogue/malformed-json', 'e/experiment.json', '1:34']]);
  });

  test('folders with unsafe names, no metadata, or both metadata files are reported', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'odd'), [
      releasedMxSpec('Bad Name'),
      { ...releasedMxSpec('no-meta'), datacite: undefined },
      { ...releasedMxSpec('both'), dataciteXml: '<resource/>' },
    ]);
    const sink = new DiagnosticSink();
    const records = await collect(filesystemSource(root), sink);
    expect(records.map((r) => r.id)).toEqual(['both', 'no-meta']);
    expect(sink.list.map((d) => [d.code, d.record])).toEqual([
      ['catalogue/invalid-id', 'Bad Name'],
      ['catalogue/ambiguous-metadata', 'both'],
      ['catalogue/missing-metadata', 'no-meta'],
    ]);
  });

  test('a missing root is reported, not thrown', async () => {
    const sink = new DiagnosticSink();
    expect(await collect(filesystemSource(path.join(dir, 'nope')), sink)).toEqual([]);
    expect(sink.list.map((d) => d.code)).toEqual(['catalogue/not-found']);
  });

  test('datacite.xml is converted to the attributes shape', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<resource xmlns="http://datacite.org/schema/kernel-4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://datacite.org/schema/kernel-4 http://schema.datacite.org/meta/kernel-4.7/metadata.xsd">
  <identifier identifierType="DOI">10.5072/aperture-xml-fixture</identifier>
  <creators><creator><creatorName>Carberry, Josiah</creatorName></creator></creators>
  <titles><title>XML record</title></titles>
  <publisher>Aperture</publisher>
  <publicationYear>2024</publicationYear>
  <resourceType resourceTypeGeneral="Dataset">Diffraction images</resourceType>
</resource>`;
    const root = await writeFixtureCatalogue(path.join(dir, 'xml'), [{ ...releasedMxSpec('x'), datacite: undefined, dataciteXml: xml }]);
    const sink = new DiagnosticSink();
    const [record] = await collect(filesystemSource(root), sink);
    expect(sink.errors()).toEqual([]);
    expect(record.files.datacite).toBe('x/datacite.xml');
    expect(record.datacite).toMatchObject({ doi: '10.5072/aperture-xml-fixture', titles: [{ title: 'XML record' }] });
  });
});

describe('filesystemSource(root).datafiles(experimentId, datasetId, sink)', () => {
  test('streams the listing with 1-based positions; a bad line is reported and skipped', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'listing'), [releasedMxSpec('l', undefined, 3)]);
    await appendFile(path.join(root, 'l', 'datasets', 'sweep-1.jsonl'), '{"path": oops}\n\n' + JSON.stringify([...sweepFiles('z', 1)][0]) + '\n');
    const sink = new DiagnosticSink();
    const got = await lines(filesystemSource(root), 'l', 'sweep-1', sink);
    expect(got.map((l) => l.position)).toEqual([1, 2, 3, 6]);
    expect(got[0].file).toBe('l/datasets/sweep-1.jsonl');
    expect((got[0].value as { path: string }).path).toBe('images/sweep-1_00001.cbf');
    expect(sink.list.map((d) => [d.code, d.record, d.file, d.pointer])).toEqual([['catalogue/datafile-invalid', 'l', 'l/datasets/sweep-1.jsonl', '4:10']]);
  });

  test('a dataset without a listing file is reported', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'nolisting'), [releasedMxSpec('n')]);
    const sink = new DiagnosticSink();
    expect(await lines(filesystemSource(root), 'n', 'sweep-9', sink)).toEqual([]);
    expect(sink.list.map((d) => [d.code, d.file])).toEqual([['catalogue/listing-missing', 'n/datasets/sweep-9.jsonl']]);
  });

  test('a listing path that escapes the record folder is refused', async () => {
    const spec = releasedMxSpec('t');
    const experiment = structuredClone(spec.experiment) as { datasets: Array<{ listing: string }> };
    experiment.datasets[0].listing = '../other/secret.jsonl';
    const root = await writeFixtureCatalogue(path.join(dir, 'traversal'), [{ ...spec, experiment }]);
    await mkdir(path.join(root, 'other'), { recursive: true });
    await writeFile(path.join(root, 'other', 'secret.jsonl'), '{"secret":true}\n');
    const sink = new DiagnosticSink();
    expect(await lines(filesystemSource(root), 't', 'sweep-1', sink)).toEqual([]);
    expect(sink.list.map((d) => d.code)).toEqual(['catalogue/listing-missing']);
  });

  test('200,000 lines stream with flat memory, and a bad line in the middle is skipped', async () => {
    const root = path.join(dir, 'big');
    const spec = releasedMxSpec('big', undefined, 1);
    await writeFixtureCatalogue(root, [{ ...spec, listings: {} }]);
    const file = path.join(root, 'big', 'datasets', 'sweep-1.jsonl');
    async function* content() {
      let i = 0;
      for (const line of sweepFiles('big', 200_000)) {
        i++;
        yield i === 100_000 ? '{"truncated": ' : line;
      }
    }
    await writeLines(file, content());

    const sink = new DiagnosticSink();
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let count = 0;
    let last = 0;
    for await (const line of filesystemSource(root).datafiles('big', 'sweep-1', sink)) {
      count++;
      last = line.position;
      if (count % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(199_999);
    expect(last).toBe(200_000);
    expect(sink.list.map((d) => [d.code, d.pointer])).toEqual([['catalogue/datafile-invalid', '100000:15']]);
    // The file is ~50 MB; reading it whole would hold at least that much on the heap.
    expect(peak - baseline).toBeLessThan(40 * 1024 * 1024);
  });
});

describe('filesystemSource(root).hiddenDois()', () => {
  test('names the DOIs of records not shown as live (unreleased, withdrawn), as reading every record would', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'unreleased'), [
      releasedMxSpec('a-released'),
      metadataOnlySpec('b-embargoed'),
      withdrawnSpec('c-withdrawn'),
      { ...unpublishedSpec('d-unpublished'), datacite: fixtureDataCite(UNRELEASED_DOI.toUpperCase(), 'Not yet') },
      { ...releasedMxSpec('e-no-state'), datacite: fixtureDataCite('10.5072/no-state', 'No state'), experimentRaw: '{"release": {}}' },
      { ...releasedMxSpec('f-broken'), datacite: fixtureDataCite('10.5072/broken-experiment', 'Broken'), experimentRaw: '{"release": ' },
      { ...releasedMxSpec('g-missing'), datacite: fixtureDataCite('10.5072/no-experiment-json', 'Missing'), experiment: undefined },
      { ...unpublishedSpec('h-no-doi'), datacite: { titles: [{ title: 'No DOI at all' }] } },
    ]);
    const source = filesystemSource(root);
    const expected = {
      unreleased: new Set([UNRELEASED_DOI, '10.5072/no-state', '10.5072/broken-experiment', '10.5072/no-experiment-json']),
      withdrawn: new Set(['10.5072/aperture-withdrawn-fixture']),
    };
    expect(await source.hiddenDois!()).toEqual(expected);
    // The generic way (every record read) agrees: the light pass is only quicker.
    expect(await hiddenDois({ ...source, hiddenDois: undefined })).toEqual(expected);
  });
});
