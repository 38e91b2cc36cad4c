/**
 * A pulled dataset of 200,000 bad file entries reports its first few one by one and the rest
 * in one summary, as a listing in content/ does (src/validate/listing-problems.ts), instead of
 * 200,000 diagnostics that bury every other finding of the pull.
 */
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { toCatalogueRecord } from '../../src/pull/catalogue-record.ts';
import type { MappedRecord, RemoteFile } from '../../src/pull/types.ts';
import { LISTED_LINES } from '../../src/validate/listing-problems.ts';

const SHA = 'a'.repeat(64);
const BAD = 200_000;

/** Every 1,000th entry is sound; the others climb out of the dataset, have no byte count, or a name the mapping passes but the listing refuses (a bidirectional control). */
function* entries(): Generator<RemoteFile> {
  for (let n = 1; n <= BAD + BAD / 1_000; n++) {
    const file = { path: `frame_${n}.cbf`, size: 10, sha256: SHA, otherChecksum: null, mediaType: 'application/x-cbf', key: `ds/frame_${n}.cbf` };
    if (n % 1_000 === 0) yield file;
    else if (n % 3 === 0) yield { ...file, path: `../../etc/${n}`, key: `../../etc/${n}` };
    else if (n % 3 === 1) yield { ...file, size: -1 };
    else yield { ...file, path: `frame\u202E_${n}.cbf` };
  }
}

const remote = (): MappedRecord => ({
  origin: { id: 'psi-1', url: 'https://scicat.example/api/v3/PublishedData/10.16907%2Fpsi-1' },
  doi: '10.16907/psi-1',
  datacite: { doi: '10.16907/psi-1', titles: [{ title: 'Tomography' }] },
  experiment: {},
  descriptionMarkdown: null,
  datasets: [{ sourceId: 'scan', title: 'Scan', description: null, kind: 'raw', files: entries() }],
  updated: null,
});

describe('toCatalogueRecord(remote, id, sinks)', () => {
  it('reports the first bad entries of a dataset one by one and the rest once, and still lists the sound ones', async () => {
    const sink = new DiagnosticSink();
    const mapped = await toCatalogueRecord(remote(), '10.16907-psi-1', { record: sink, files: sink });
    const perEntry = sink.list.filter((d) => d.code !== 'catalogue/listing-problems');
    expect(new Set(perEntry.map((d) => d.code))).toEqual(new Set(['pull/unsafe-path', 'pull/unsafe-value', 'catalogue/path-unsafe']));
    expect(new Set(perEntry.map((d) => d.pointer)).size).toBe(LISTED_LINES);
    expect(perEntry.length).toBeLessThanOrEqual(LISTED_LINES * 2);
    const [summary, ...more] = sink.list.filter((d) => d.code === 'catalogue/listing-problems');
    expect(more).toEqual([]);
    expect(summary).toMatchObject({ record: '10.16907-psi-1', severity: 'error' });
    expect(summary!.message).toContain(`${BAD} listing lines have problems`);
    expect(mapped.files.get('datasets/scan.jsonl')!.trim().split('\n')).toHaveLength(BAD / 1_000);
  });
});
