import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { datasetPagesWriter, ROWS_HELD_IN_MEMORY } from '../../../src/build/file-pages.ts';
import { datasetSummaries } from '../../../src/model/landing.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import type { Datafile, DatasetRecord } from '../../../src/record/types.ts';
import type { FilePageModel } from '../../../src/model/dataset-page.ts';
import { experimentRecord } from '../citation/factory.ts';
import { tempDir } from '../../helpers/build-fixture.ts';

function file(i: number): Datafile {
  const name = `images/x_${String(i).padStart(5, '0')}.cbf`;
  return { path: name, size: 1000 + i, sha256: i.toString(16).padStart(64, '0'), mediaType: 'image/x-cbf', key: `raw/${name}` };
}

/** One dataset of `count` files through the writer; the page models it wrote, in page order. */
async function pagesOf(count: number): Promise<{ pages: FilePageModel[]; left: string[] }> {
  const stageDir = await tempDir('file-pages-');
  const dataset: DatasetRecord = {
    id: 'sweep-1', title: 'Sweep', description: null, kind: 'raw', derivedFrom: null, hitRate: null,
    fileCount: count, totalBytes: Array.from({ length: count }, (_, i) => 1001 + i).reduce((a, b) => a + b, 0),
    technical: null, bundles: [], listing: null,
  };
  const record = experimentRecord({ datasets: [dataset] });
  const writer = datasetPagesWriter({
    stageDir, modelDir: 'records/r', record, recordTitle: 'Title',
    dataset: datasetSummaries(record, 'https://objects.example.org/b/')[0]!,
    filesPerPage: 50, publicBaseUrl: 'https://objects.example.org/b/', isAvailable: () => true, maxZipBytes: 1e9, sink: new DiagnosticSink(),
  });
  for (let i = 1; i <= count; i++) await writer.add(file(i));
  const result = await writer.finish({ manifests: [], commands: [] });
  const pages = await Promise.all(result.pages.map(async (p) => JSON.parse(await readFile(path.join(stageDir, p.model), 'utf8')) as FilePageModel));
  return { pages, left: await readdir(path.join(stageDir, 'records/r/datasets/sweep-1')) };
}

describe('datasetPagesWriter', () => {
  test('a listing longer than the rows held in memory pages the same way, every file once and in order, and leaves only page models', async () => {
    const count = ROWS_HELD_IN_MEMORY + 130;
    const { pages, left } = await pagesOf(count);
    expect(pages).toHaveLength(Math.ceil(count / 50));
    expect(pages.flatMap((p) => p.files.map((f) => f.path))).toEqual(Array.from({ length: count }, (_, i) => file(i + 1).path));
    expect(pages.at(-1)!.files).toHaveLength(30);
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
    expect(left.every((name) => /^page-\d+\.json$/.test(name))).toBe(true);
  });

  test('a short listing gives the page models a long one gives for its first pages', async () => {
    const short = await pagesOf(120);
    const long = await pagesOf(ROWS_HELD_IN_MEMORY + 120);
    expect(short.pages.map((p) => p.files)).toEqual(long.pages.slice(0, 3).map((p, i) => (i === 2 ? p.files.slice(0, 20) : p.files)));
  });
});
