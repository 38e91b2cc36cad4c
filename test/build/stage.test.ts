/**
 * The stage as data (no Astro): the staged site is the same whatever the worker count and
 * from run to run, unchanged records come from the per-record cache, and one record that
 * breaks never stops the others.
 */
import { describe, expect, test } from 'vitest';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { siteFiles } from '../helpers/compare-sites.ts';
import { tempDir, FIXTURE_CONFIG } from '../helpers/build-fixture.ts';
import {
  writeFixtureCatalogue,
  releasedMxSpec,
  metadataOnlySpec,
  withdrawnSpec,
  unpublishedSpec,
  hostileSpec,
  bigDatasetSpec,
  malformedJsonSpec,
  duplicateDoiSpec,
  sweepFiles,
  sweepDataset,
  fixtureExperiment,
  type FixtureSpec,
} from '../helpers/catalogue-fixtures.ts';
import { modelDir } from '../../src/build/stage-types.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { openCatalogue } from '../../src/catalogue/open-catalogue.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { stageSite, type StageResult } from '../../src/build/stage.ts';
import { prestartStageWorker } from '../../src/build/stage-pool.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

async function catalogueOf(specs: FixtureSpec[]) {
  const root = await tempDir('stage-');
  const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), specs);
  await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', filesPerPage: 40 }));
  const config = await loadSiteConfig(path.join(root, 'aperture.config.json'), {});
  let runs = 0;
  return {
    root,
    catalogue,
    /** Stages into a fresh folder; `cache` names the cache folder (a new one per name). */
    async stage(workers: number, cache: string) {
      const out = path.join(root, `run-${++runs}`);
      const sink = new DiagnosticSink();
      const result = await stageSite({
        config,
        source: openCatalogue(catalogue),
        catalogue,
        stageDir: path.join(out, 'models'),
        publicDir: path.join(out, 'public'),
        cacheDir: path.join(root, cache),
        sink,
        now: NOW,
        workers,
      });
      return { out, result, diagnostics: sink.list };
    },
  };
}

function expectSameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>) {
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  const differing = [...a].filter(([file, bytes]) => !bytes.equals(b.get(file)!)).map(([file]) => file);
  expect(differing).toEqual([]);
}

const comparable = (r: StageResult) => ({ ...r, cached: 0 });

describe('the staged site does not depend on concurrency or on the cache', () => {
  const specs = () => [
    releasedMxSpec('a-released', '10.5072/a-released', 7),
    metadataOnlySpec(),
    withdrawnSpec(),
    unpublishedSpec(),
    hostileSpec(),
    bigDatasetSpec(1_000),
    malformedJsonSpec(),
    duplicateDoiSpec('10.5072/A-RELEASED'),
    ...Array.from({ length: 12 }, (_, i) => releasedMxSpec(`many-${i}`, `10.5072/many-${i}`, 3 + i)),
    { ...releasedMxSpec('bad-lines', '10.5072/bad-lines', 3), listings: { 'sweep-1': ['{"path": "ok.cbf"', 'not json'], 'sweep-2': [] } },
  ];

  test('1 and 4 workers stage byte-identical sites with the same diagnostics, cold and from the cache', async () => {
    const c = await catalogueOf(specs());
    const one = await c.stage(1, 'cache-one');
    const four = await c.stage(4, 'cache-four');
    expect(four.result.cached).toBe(0);
    expect(one.result.published.length).toBeGreaterThan(14);
    expectSameFiles(await siteFiles(one.out), await siteFiles(four.out));
    expect(comparable(four.result)).toEqual(comparable(one.result));
    expect(four.diagnostics).toEqual(one.diagnostics);

    const again = await c.stage(4, 'cache-four');
    expect(again.result.cached).toBe(again.result.records);
    expectSameFiles(await siteFiles(one.out), await siteFiles(again.out));
    expect(again.diagnostics).toEqual(one.diagnostics);
  });

  test('a staging worker started before its settings (as a release starts one) stages the same bytes', async () => {
    const c = await catalogueOf(specs());
    const one = await c.stage(1, 'cache-one');
    prestartStageWorker();
    const early = await c.stage(2, 'cache-early');
    expect(early.result.cached).toBe(0);
    expectSameFiles(await siteFiles(one.out), await siteFiles(early.out));
    expect(comparable(early.result)).toEqual(comparable(one.result));
    expect(early.diagnostics).toEqual(one.diagnostics);
  });

  test('a changed record is staged again and only that one', async () => {
    const c = await catalogueOf(Array.from({ length: 5 }, (_, i) => releasedMxSpec(`r-${i}`, `10.5072/r-${i}`, 3)));
    await c.stage(1, 'cache');
    await writeFixtureCatalogue(c.catalogue, [{ ...releasedMxSpec('r-2', '10.5072/r-2', 3), listings: { 'sweep-1': sweepFiles('changed', 45), 'sweep-2': sweepFiles('sweep-2', 3) } }]);
    const second = await c.stage(1, 'cache');
    expect(second.result.cached).toBe(4);
    const page = await readFile(path.join(second.out, 'models', 'pages.jsonl'), 'utf8');
    // 45 files at 40 per page: the changed dataset now has two file pages.
    expect(page).toContain('"route":"10.5072/r-2/datasets/sweep-1/page/2"');
    expect(second.diagnostics.filter((d) => d.record === 'r-2' && d.code === 'catalogue/listing-mismatch')).toHaveLength(1);
  });
});

describe('every record is staged inside its own failure boundary', () => {
  test('a record whose outputs cannot be written is reported once, leaves nothing behind, and the rest builds', async () => {
    // A DOI suffix longer than a file name may be: writing its folder fails with ENAMETOOLONG.
    const longDoi = `10.5072/${'x'.repeat(300)}`;
    const c = await catalogueOf([releasedMxSpec('good-1', '10.5072/good-1', 3), releasedMxSpec('too-long', longDoi, 3), releasedMxSpec('good-2', '10.5072/good-2', 3)]);
    for (const workers of [1, 2]) {
      const { out, result, diagnostics } = await c.stage(workers, `cache-${workers}`);
      const failures = diagnostics.filter((d) => d.code === 'stage/record-failed');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ severity: 'error', record: 'too-long', file: 'too-long/experiment.json' });
      expect(failures[0].message).toMatch(/ENAMETOOLONG/);
      expect(result.published.map((p) => p.doi)).toEqual(['10.5072/good-1', '10.5072/good-2']);
      expect(result.withheld).toEqual([{ record: 'too-long', doi: longDoi, title: expect.any(String), reason: 'invalid' }]);
      const files = [...(await siteFiles(out)).keys()];
      expect(files.filter((f) => f.includes('xxxxxxxx'))).toEqual([]);
    }
  });

  test("a file that would take the record's datasets together past 2^53 - 1 bytes is reported and left out, so the record's totals stay exact", async () => {
    // Each dataset is under Number.MAX_SAFE_INTEGER (9,007,199,254,740,991) bytes; the two together are not.
    const file = (dataset: string, n: number, size: number) => ({ path: `f${n}.cbf`, size, sha256: 'ab'.repeat(32), mediaType: 'application/x-cbf', key: `big/${dataset}/f${n}.cbf` });
    const spec = releasedMxSpec('big-record', '10.5072/big-record', 1);
    spec.experiment = fixtureExperiment({ state: 'released' }, [
      sweepDataset('sweep-1', 2, { totalBytes: 8e15, technical: null }),
      sweepDataset('sweep-2', 2, { totalBytes: 1e15, technical: null }),
    ]);
    spec.listings = { 'sweep-1': [file('sweep-1', 1, 4e15), file('sweep-1', 2, 4e15)], 'sweep-2': [file('sweep-2', 1, 1e15), file('sweep-2', 2, 5e14 + 1)] };
    const c = await catalogueOf([spec]);
    const { out, diagnostics } = await c.stage(1, 'cache');
    expect(diagnostics.filter((d) => d.code === 'catalogue/datafile-invalid')).toEqual([
      expect.objectContaining({ record: 'big-record', severity: 'error', file: 'big-record/datasets/sweep-2.jsonl', pointer: '2:1' }),
    ]);
    const landing = JSON.parse(await readFile(path.join(out, 'models', modelDir('10.5072/big-record'), 'landing.json'), 'utf8'));
    expect(landing.totals).toMatchObject({ files: 3, bytes: 9e15 });
    expect(Number.isSafeInteger(landing.totals.bytes)).toBe(true);
  });

  test('a listing that names a folder is reported and its record still builds', async () => {
    const spec = releasedMxSpec('folder-listing', '10.5072/folder-listing', 3);
    const c = await catalogueOf([spec]);
    await mkdir(path.join(c.catalogue, 'folder-listing', 'datasets', 'sweep-3.jsonl'), { recursive: true });
    const experiment = JSON.parse(await readFile(path.join(c.catalogue, 'folder-listing', 'experiment.json'), 'utf8'));
    experiment.datasets[1].listing = 'datasets/sweep-3.jsonl';
    await writeFile(path.join(c.catalogue, 'folder-listing', 'experiment.json'), JSON.stringify(experiment));
    const { result, diagnostics } = await c.stage(1, 'cache');
    expect(result.published.map((p) => p.doi)).toEqual(['10.5072/folder-listing']);
    expect(diagnostics.filter((d) => d.code === 'stage/record-failed')).toEqual([]);
    expect(diagnostics.filter((d) => d.code === 'catalogue/listing-missing')).toEqual([
      expect.objectContaining({ record: 'folder-listing', file: 'folder-listing/datasets/sweep-3.jsonl' }),
    ]);
  });

  test('1% invalid records are each reported once with record id and path; malformed lines of a large listing by line number', async () => {
    const specs: FixtureSpec[] = Array.from({ length: 198 }, (_, i) => releasedMxSpec(`ok-${String(i).padStart(3, '0')}`, `10.5072/ok-${i}`, 1));
    specs.push(malformedJsonSpec('bad-a'), malformedJsonSpec('bad-b'));
    const lines = function* () {
      let n = 0;
      for (const file of sweepFiles('big', 20_000)) {
        n += 1;
        yield n === 5_000 || n === 15_000 ? '{"path": broken' : file;
      }
    };
    specs.push({ ...bigDatasetSpec(20_000, 'big-listing'), listings: { 'sweep-1': lines() } });
    const c = await catalogueOf(specs);
    const { result, diagnostics } = await c.stage(2, 'cache');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.record, d.code, d.file])).toEqual([
      ['bad-a', 'catalogue/malformed-json', 'bad-a/datacite.json'],
      ['bad-b', 'catalogue/malformed-json', 'bad-b/datacite.json'],
      ['big-listing', 'catalogue/datafile-invalid', 'big-listing/datasets/sweep-1.jsonl'],
      ['big-listing', 'catalogue/datafile-invalid', 'big-listing/datasets/sweep-1.jsonl'],
    ]);
    expect(errors.slice(2).map((d) => d.pointer?.split(':')[0])).toEqual(['5000', '15000']);
    expect(result.published).toHaveLength(199);
  });
});
