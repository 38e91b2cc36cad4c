import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { validateDatafile, validateExperimentJson } from '../../../src/validate/experiment.ts';
import { bareExperimentJson, defaultRelease } from '../../../src/record/release.ts';
import { fixtureExperiment, releasedMxSpec, sweepFiles } from '../../helpers/catalogue-fixtures.ts';
import { validDatafiles } from '../../../src/validate/validate-catalogue.ts';
import type { CatalogueSource } from '../../../src/catalogue/types.ts';

const ctx = { record: 'exp-1', file: 'exp-1/experiment.json' };

function run(raw: unknown) {
  const sink = new DiagnosticSink();
  return { result: validateExperimentJson(raw, ctx, sink), sink, codes: sink.list.map((d) => `${d.code} ${d.pointer}`) };
}

function valid(): Record<string, any> {
  return structuredClone(releasedMxSpec().experiment) as Record<string, any>;
}

describe('validateExperimentJson(raw, ctx, sink)', () => {
  test('a valid released record comes back typed, with listings relative to the catalogue root', () => {
    const { result, sink } = run(valid());
    expect(sink.list).toEqual([]);
    expect(result?.release.state).toBe('released');
    expect(result?.technique).toEqual({ name: 'macromolecular crystallography', panet: 'PaNET01245' });
    expect(result?.datasets.map((d) => d.listing)).toEqual(['exp-1/datasets/sweep-1.jsonl', 'exp-1/datasets/sweep-2.jsonl']);
    expect(result?.datasets[0].fileCount).toBe(5);
  });

  test('optional fields default to null and a missing listing defaults to datasets/<id>.jsonl', () => {
    const { result, sink } = run({
      release: { state: 'released', releasedOn: '2024-01-02' },
      datasets: [{ id: 'd1', title: 'One', kind: 'raw', fileCount: 0, totalBytes: 0 }],
    });
    expect(sink.list).toEqual([]);
    expect(result).toMatchObject({ facility: null, instrument: null, technique: null, proposal: null, collected: { start: null, end: null } });
    expect(result?.datasets[0]).toMatchObject({ listing: 'exp-1/datasets/d1.jsonl', derivedFrom: null, hitRate: null, bundles: [], technical: null });
  });

  test.each([
    ['missing', undefined],
    ['unknown', 'public'],
    ['not a string', 1],
  ])('a %s release state is reported and means unpublished, never published', (_, state) => {
    const raw = valid();
    if (state === undefined) delete raw.release.state;
    else raw.release.state = state;
    const { result, codes } = run(raw);
    expect(codes).toEqual(['catalogue/release-state /release/state']);
    expect(result?.release.state).toBe('unpublished');
  });

  test('a missing release object also means unpublished', () => {
    const raw = valid();
    delete raw.release;
    const { result, codes } = run(raw);
    expect(codes).toEqual(['catalogue/release-state /release/state']);
    expect(result?.release.state).toBe('unpublished');
  });

  test('metadata-only needs filesAvailableFrom', () => {
    const { result, codes } = run(fixtureExperiment({ state: 'metadata-only' }));
    expect(result).toBeNull();
    expect(codes).toEqual(['catalogue/experiment-invalid /release/filesAvailableFrom']);
  });

  test('withdrawn needs withdrawnOn and a reason', () => {
    const { result, codes } = run(fixtureExperiment({ state: 'withdrawn' }));
    expect(result).toBeNull();
    expect(codes).toEqual(['catalogue/experiment-invalid /release/withdrawnOn', 'catalogue/experiment-invalid /release/withdrawalReason']);
  });

  test('released needs releasedOn', () => {
    const { codes } = run(fixtureExperiment({ state: 'released', releasedOn: null }));
    expect(codes).toEqual(['catalogue/experiment-invalid /release/releasedOn']);
  });

  test('dataset ids are unique', () => {
    const raw = valid();
    raw.datasets[1].id = 'sweep-1';
    const { result, codes } = run(raw);
    expect(result).toBeNull();
    expect(codes).toEqual(['catalogue/duplicate-id /datasets/1/id']);
  });

  test('derivedFrom must name another dataset, and hits-only datasets must have one', () => {
    const raw = valid();
    raw.datasets[1].derivedFrom = 'sweep-9';
    raw.datasets[0].kind = 'hits';
    const { result, codes } = run(raw);
    expect(result).toBeNull();
    expect(codes).toEqual(['catalogue/experiment-invalid /datasets/0/derivedFrom', 'catalogue/experiment-invalid /datasets/1/derivedFrom']);
  });

  test('a hits dataset derived from its raw dataset with a hit rate is accepted', () => {
    const raw = valid();
    Object.assign(raw.datasets[1], { kind: 'hits', derivedFrom: 'sweep-1', hitRate: 0.042 });
    const { result, sink } = run(raw);
    expect(sink.list).toEqual([]);
    expect(result?.datasets[1]).toMatchObject({ kind: 'hits', derivedFrom: 'sweep-1', hitRate: 0.042 });
  });

  test.each([
    ['hit rate above 1', (r: any) => (r.datasets[0].hitRate = 1.5), '/datasets/0/hitRate'],
    ['impossible date', (r: any) => (r.collected.start = '2024-02-30'), '/collected/start'],
    ['negative file count', (r: any) => (r.datasets[0].fileCount = -1), '/datasets/0/fileCount'],
    ['unknown kind', (r: any) => (r.datasets[0].kind = 'movie'), '/datasets/0/kind'],
    ['misspelt field', (r: any) => (r.datasets[0].fileCont = 3), '/datasets/0'],
    ['listing escaping the folder', (r: any) => (r.datasets[0].listing = '../other/datasets/x.jsonl'), '/datasets/0/listing'],
    ['dataset id with a slash', (r: any) => (r.datasets[0].id = 'a/b'), '/datasets/0/id'],
    ['unknown technical key', (r: any) => (r.datasets[0].technical.wavelength = 1), '/datasets/0/technical'],
    ['bad PaNET id', (r: any) => (r.technique.panet = 'MX'), '/technique/panet'],
  ])('%s is reported at its pointer and the record is left out', (_, mutate, where) => {
    const raw = valid();
    mutate(raw);
    const { result, sink } = run(raw);
    expect(result).toBeNull();
    expect(sink.list.map((d) => [d.code, d.pointer, d.record, d.file])).toEqual([['catalogue/experiment-invalid', where, 'exp-1', 'exp-1/experiment.json']]);
  });

  test('no experiment.json at all is reported; one that is there but unreadable was reported by its reader, once', () => {
    const sink = new DiagnosticSink();
    expect(validateExperimentJson(undefined, { ...ctx, file: null }, sink)).toBeNull();
    expect(sink.list.map((d) => `${d.code} ${d.pointer}`)).toEqual(['catalogue/experiment-invalid null']);
    const { result, codes } = run(undefined);
    expect(result).toBeNull();
    expect(codes).toEqual([]);
  });

  test('an array or a string is reported, not thrown', () => {
    expect(run([]).codes).toContain('catalogue/experiment-invalid null');
    expect(run('released').result).toBeNull();
  });
});

describe('validateDatafile(value, ctx, sink)', () => {
  const good = [...sweepFiles('s', 1)][0];
  const lineCtx = { record: 'exp-1', file: 'exp-1/datasets/s.jsonl', line: 7 };

  test('a valid line becomes a Datafile', () => {
    const sink = new DiagnosticSink();
    expect(validateDatafile(good, lineCtx, sink)).toEqual(good);
    expect(sink.list).toEqual([]);
  });

  test.each([
    ['negative size', { size: -1 }, 'size'],
    ['fractional size', { size: 1.5 }, 'size'],
    ['empty key', { key: '' }, 'key'],
    ['key with ..', { key: 'a/../../etc/passwd' }, 'key'],
    ['missing media type', { mediaType: undefined }, 'mediaType'],
    ['absolute path', { path: '/etc/passwd' }, 'path'],
  ])('%s is reported with the line number', (_, patch, field) => {
    const sink = new DiagnosticSink();
    expect(validateDatafile({ ...good, ...patch }, lineCtx, sink)).toBeNull();
    expect(sink.list).toHaveLength(1);
    const code = field === 'path' || field === 'key' ? 'catalogue/path-unsafe' : 'catalogue/datafile-invalid';
    expect(sink.list[0]).toMatchObject({ code, pointer: '7:1', file: 'exp-1/datasets/s.jsonl' });
    expect(sink.list[0].message).toContain(`/${field}`);
  });
});

describe('validateDatafile: names Windows cannot save', () => {
  const good = [...sweepFiles('s', 1)][0];
  const lineCtx = { record: 'exp-1', file: 'exp-1/datasets/s.jsonl', line: 4 };

  test.each([
    ['a time with colons', 'images/scan_12:30:05.cbf', '":"'],
    ['a query mark and a star', 'q?x=1*.cbf', '"?"'],
    ['angle brackets', 'runs/<best>.h5', '"<"'],
    ['a quote and a pipe', 'a"b|c.cbf', '"\\""'],
    ['a device name with an extension', 'aux.cbf', 'device name'],
    ['a device name as a folder', 'raw/COM1/frame.cbf', 'device name'],
    ['LPT with a superscript digit', 'lpt¹.txt', 'device name'],
  ])('%s: the file is kept, with one warning at its line', (_name, path, says) => {
    const sink = new DiagnosticSink();
    expect(validateDatafile({ ...good, path }, lineCtx, sink)).toEqual({ ...good, path });
    expect(sink.list.map((d) => [d.code, d.severity, d.file, d.pointer])).toEqual([['catalogue/path-not-portable', 'warning', 'exp-1/datasets/s.jsonl', '4:1']]);
    expect(sink.list[0].message).toContain(says);
  });

  test.each(['images/frame_00001.cbf', 'auxiliary.cbf', 'console/icon.d/x', 'com10.cbf', 'nul-result.h5', "it's #3 (50%).h5", 'café/ümlaut.cbf'])('%s raises nothing', (path) => {
    const sink = new DiagnosticSink();
    expect(validateDatafile({ ...good, path }, lineCtx, sink)).toEqual({ ...good, path });
    expect(sink.list).toEqual([]);
  });
});

describe('validateDatafile: checksums', () => {
  const { sha256: _, ...bare } = [...sweepFiles('s', 1)][0];
  const lineCtx = { record: 'exp-1', file: 'exp-1/datasets/s.jsonl', line: 3 };
  const hex = (n: number) => '0123456789abcdef'.repeat(8).slice(0, n);

  test.each([
    ['sha256', { sha256: hex(64) }],
    ['sha512', { checksum: { algorithm: 'sha512', value: hex(128) } }],
    ['sha1', { checksum: { algorithm: 'sha1', value: hex(40) } }],
    ['md5', { checksum: { algorithm: 'md5', value: hex(32) } }],
    ['crc32', { checksum: { algorithm: 'crc32', value: '00a3f2b1' } }],
    ['adler32', { checksum: { algorithm: 'adler32', value: hex(8) } }],
    ['no checksum at all', {}],
  ])('%s is accepted as given', (_name, patch) => {
    const sink = new DiagnosticSink();
    const line = { ...bare, ...patch };
    expect(validateDatafile(line, lineCtx, sink)).toEqual(line);
    expect(sink.list).toEqual([]);
  });

  test.each([
    ['short sha256', { sha256: 'abc' }, '/sha256'],
    ['upper-case sha256', { sha256: 'A'.repeat(64) }, '/sha256'],
    ['sha512 of SHA-256 length', { checksum: { algorithm: 'sha512', value: hex(64) } }, '/checksum/value'],
    ['sha1 too long', { checksum: { algorithm: 'sha1', value: hex(41) } }, '/checksum/value'],
    ['md5 upper case', { checksum: { algorithm: 'md5', value: hex(32).toUpperCase() } }, '/checksum/value'],
    ['crc32 not zero-padded', { checksum: { algorithm: 'crc32', value: 'a3f2b1' } }, '/checksum/value'],
    ['adler32 not hex', { checksum: { algorithm: 'adler32', value: 'xyz12345' } }, '/checksum/value'],
    ['unknown algorithm', { checksum: { algorithm: 'blake3', value: hex(64) } }, '/checksum/algorithm'],
    ['sha256 spelled as a checksum', { checksum: { algorithm: 'sha256', value: hex(64) } }, '/checksum/algorithm'],
    ['both sha256 and checksum', { sha256: hex(64), checksum: { algorithm: 'md5', value: hex(32) } }, '/checksum'],
  ])('%s is a checksum error for that line', (_name, patch, where) => {
    const sink = new DiagnosticSink();
    expect(validateDatafile({ ...bare, ...patch }, lineCtx, sink)).toBeNull();
    expect(sink.list).toHaveLength(1);
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/checksum-invalid', severity: 'error', pointer: '3:1', file: 'exp-1/datasets/s.jsonl' });
    expect(sink.list[0].message).toContain(where);
  });

  test('files without any checksum give one warning per dataset, not one per file', async () => {
    const lines: Array<Record<string, unknown>> = Array.from({ length: 500 }, (_, i) => ({ ...bare, path: `f${i}.cbf`, key: `k/f${i}.cbf` }));
    lines[1] = { ...lines[1], sha256: hex(64) };
    const source = {
      async *datafiles() {
        for (const [i, value] of lines.entries()) yield { position: i + 1, file: 'exp-1/datasets/s.jsonl', value };
      },
    } as unknown as CatalogueSource;
    const sink = new DiagnosticSink();
    let n = 0;
    for await (const _f of validDatafiles(source, { id: 'exp-1' }, 's', sink)) n++;
    expect(n).toBe(500);
    expect(sink.list).toHaveLength(1);
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/checksum-missing', severity: 'warning', record: 'exp-1', file: 'exp-1/datasets/s.jsonl' });
    expect(sink.list[0].message).toContain('499 file(s)');
  });

  test('a line that would take the dataset past 2^53 - 1 bytes is reported and skipped, so its totals stay exact', async () => {
    const max = Number.MAX_SAFE_INTEGER;
    const sizes = [max - 10, 5, max, 5];
    const source = {
      async *datafiles() {
        for (const [i, size] of sizes.entries()) yield { position: i + 1, file: 'exp-1/datasets/s.jsonl', value: { ...bare, path: `f${i}.cbf`, key: `k/f${i}.cbf`, size, sha256: hex(64) } };
      },
    } as unknown as CatalogueSource;
    const sink = new DiagnosticSink();
    const kept: number[] = [];
    for await (const f of validDatafiles(source, { id: 'exp-1' }, 's', sink)) kept.push(f.size);
    expect(kept).toEqual([max - 10, 5, 5]);
    expect(kept.reduce((a, b) => a + b, 0)).toBe(max);
    expect(sink.list).toHaveLength(1);
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/datafile-invalid', severity: 'error', record: 'exp-1', pointer: '3:1' });
  });

  test("a line that would take the record's datasets together past 2^53 - 1 bytes is reported and skipped, though each dataset stays under it", async () => {
    const max = Number.MAX_SAFE_INTEGER;
    const listings: Record<string, number[]> = { a: [max - 10, 4], b: [5, 2, 1] };
    const source = {
      async *datafiles(_record: string, dataset: string) {
        for (const [i, size] of listings[dataset]!.entries()) yield { position: i + 1, file: `exp-1/datasets/${dataset}.jsonl`, value: { ...bare, path: `f${i}.cbf`, key: `k/${dataset}/f${i}.cbf`, size, sha256: hex(64) } };
      },
    } as unknown as CatalogueSource;
    const sink = new DiagnosticSink();
    const recordBytes = { bytes: 0 };
    const kept: number[] = [];
    for (const dataset of ['a', 'b']) for await (const f of validDatafiles(source, { id: 'exp-1' }, dataset, sink, recordBytes)) kept.push(f.size);
    expect(kept).toEqual([max - 10, 4, 5, 1]);
    expect(recordBytes.bytes).toBe(max);
    expect(sink.list).toHaveLength(1);
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/datafile-invalid', severity: 'error', record: 'exp-1', file: 'exp-1/datasets/b.jsonl', pointer: '2:1' });
    // Each dataset alone is under the bound: read on its own, dataset b loses nothing.
    const alone: number[] = [];
    for await (const f of validDatafiles(source, { id: 'exp-1' }, 'b', new DiagnosticSink())) alone.push(f.size);
    expect(alone).toEqual([5, 2, 1]);
  });
});

describe('defaultRelease(datacite)', () => {
  test('bare DataCite records are released on their Issued date', () => {
    expect(defaultRelease({ dates: [{ date: '2021-05-04T10:00:00Z', dateType: 'Issued' }], publicationYear: 2020 })).toMatchObject({ state: 'released', releasedOn: '2021-05-04' });
  });
  test('else on 1 January of the publication year', () => {
    expect(defaultRelease({ publicationYear: 2019 }).releasedOn).toBe('2019-01-01');
    expect(defaultRelease({ dates: [{ date: '2026', dateType: 'Issued' }] }).releasedOn).toBe('2026-01-01');
  });
  test('and the synthesised experiment.json validates with no datasets', () => {
    const sink = new DiagnosticSink();
    const result = validateExperimentJson(bareExperimentJson({ publicationYear: 2019 }), { record: 'x', file: null }, sink);
    expect(sink.list).toEqual([]);
    expect(result).toMatchObject({ release: { state: 'released', releasedOn: '2019-01-01' }, datasets: [] });
  });
});
