/**
 * The embedded demo catalogue (content/) is data the site is built from: every record
 * must load and validate, its counts must match its listings, and it must cover the cases
 * the issue asks for. The listings must be what the generator writes.
 */
import { describe, expect, test } from 'vitest';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { filesystemSource } from '../../../src/catalogue/filesystem-source.ts';
import { listFiles } from '../../../src/catalogue/record-digest.ts';
import { validateDatafile, validateExperimentJson, type ExperimentFields } from '../../../src/validate/experiment.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../../content');

async function loadDemo() {
  const sink = new DiagnosticSink();
  const source = filesystemSource(CONTENT);
  const records: Array<{ id: string; datacite: DataCiteAttributes | null; experiment: ExperimentFields | null; counted: Record<string, [number, number]> }> = [];
  for await (const raw of source.experiments(sink)) {
    const datacite = validateDataCite(raw.datacite, sink.scoped({ record: raw.id, file: raw.files.datacite }));
    const experiment = validateExperimentJson(raw.experiment, { record: raw.id, file: raw.files.experiment }, sink);
    const counted: Record<string, [number, number]> = {};
    for (const dataset of experiment?.datasets ?? []) {
      let files = 0;
      let bytes = 0;
      for await (const line of source.datafiles(raw.id, dataset.id, sink)) {
        const file = validateDatafile(line.value, { record: raw.id, file: line.file, line: line.position }, sink);
        if (file) {
          files++;
          bytes += file.size;
        }
      }
      counted[dataset.id] = [files, bytes];
    }
    records.push({ id: raw.id, datacite, experiment, counted });
  }
  return { records, sink };
}

describe('the demo catalogue in content/', async () => {
  const { records, sink } = await loadDemo();

  test('every record loads and validates without errors or warnings', () => {
    expect(sink.list).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(12);
    expect(records.every((r) => r.datacite && r.experiment)).toBe(true);
  });

  test('dataset counts in experiment.json match the listings', () => {
    for (const r of records) {
      for (const d of r.experiment!.datasets) expect([r.id, d.id, ...r.counted[d.id]]).toEqual([r.id, d.id, d.fileCount, d.totalBytes]);
    }
  });

  test('covers every release state, exactly one unpublished, withdrawn and metadata-only', () => {
    const states = records.map((r) => r.experiment!.release.state);
    for (const s of ['unpublished', 'withdrawn', 'metadata-only'] as const) expect(states.filter((x) => x === s)).toHaveLength(1);
    expect(states.filter((x) => x === 'released').length).toBeGreaterThanOrEqual(9);
    const unpublished = records.find((r) => r.experiment!.release.state === 'unpublished')!;
    expect(unpublished.datacite!.titles[0].title).toMatch(/^Unreleased: /);
  });

  test('has serial crystallography with hit rates and hits-only datasets derived from raw ones', () => {
    const hits = records.flatMap((r) => r.experiment!.datasets.filter((d) => d.kind === 'hits').map((d) => ({ r, d })));
    expect(hits.length).toBeGreaterThanOrEqual(3);
    for (const { r, d } of hits) {
      const raw = r.experiment!.datasets.find((x) => x.id === d.derivedFrom)!;
      expect(raw.kind).toBe('raw');
      expect(raw.hitRate).toBeGreaterThan(0);
      expect(raw.hitRate).toBeLessThan(1);
    }
  });

  test('has one dataset of 20,000 files, so listing pagination is exercised', () => {
    const sizes = records.flatMap((r) => r.experiment!.datasets.map((d) => d.fileCount));
    expect(sizes).toContain(20_000);
  });

  test('mixes CBF, HDF5 and SMV, several facilities, a CC0 record, PDB DOIs and PubMed ids', () => {
    const formats = new Set(records.flatMap((r) => r.datacite!.formats ?? []));
    expect([...formats]).toEqual(expect.arrayContaining(['application/x-cbf', 'application/x-hdf5']));
    expect(records.some((r) => r.experiment!.datasets.some((d) => d.technical?.detector?.startsWith('ADSC')))).toBe(true);
    expect(new Set(records.map((r) => r.experiment!.facility)).size).toBeGreaterThanOrEqual(8);
    const licences = records.flatMap((r) => (r.datacite!.rightsList ?? []).map((x) => x.rightsIdentifier?.toLowerCase()));
    expect(licences).toContain('cc0-1.0');
    const related = records.flatMap((r) => r.datacite!.relatedIdentifiers ?? []);
    expect(related.some((x) => x.relatedIdentifierType === 'DOI' && /^10\.2210\/pdb\w{4}\/pdb$/.test(x.relatedIdentifier))).toBe(true);
    expect(related.some((x) => x.relatedIdentifierType === 'PMID')).toBe(true);
  });

  test('invented records use the DataCite test prefix and say so', async () => {
    for (const r of records) {
      const doi = r.datacite!.doi.toLowerCase();
      if (doi.startsWith('10.15151/')) continue; // transcribed from real ESRF records
      expect(doi.startsWith('10.5072/')).toBe(true);
      const description = await readFile(path.join(CONTENT, r.id, 'description.md'), 'utf8');
      expect(description).toMatch(/invented for the Aperture demo/);
    }
  });

  test('stays small: under 10 MB in total', async () => {
    let bytes = 0;
    for (const file of listFiles(CONTENT)) bytes += (await stat(path.join(CONTENT, file))).size;
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });

  test('the listings are exactly what scripts/generate-demo-listings.ts writes', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'aperture-demo-'));
    try {
      await cp(CONTENT, copy, { recursive: true });
      const root = path.resolve(import.meta.dirname, '../../..');
      await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/generate-demo-listings.ts'), copy]);
      for (const file of listFiles(CONTENT)) {
        if (!file.endsWith('.jsonl') && !file.endsWith('experiment.json')) continue;
        const [a, b] = await Promise.all([readFile(path.join(CONTENT, file)), readFile(path.join(copy, file))]);
        expect(a.equals(b), file).toBe(true);
      }
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
