/**
 * SciCat's identifiers and numbers in the forms SciCat writes them (the backend's own test
 * data and its asserted findOne response, ../shared/records/scicat/recorded): pids and
 * proposal ids are strings, all digits or not; file sizes are numbers (a digit string is
 * read too); checksums are hex strings. Anything else is reported, never guessed at or
 * dropped in silence. Fields the mapping does not read (the dataset's own size and
 * numberOfFiles, sampleId, ownerGroup) cannot change what is mirrored, whatever they hold.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pull, serve } from './pull-harness.ts';
import { readMirror } from './read-mirror.ts';
import { scicatSource } from '../../src/pull/scicat.ts';

const RECORDS = path.join(import.meta.dirname, '../../../shared/records');
// Skipped only where ../shared is absent, never in CI (where reading it then fails the run).
const recorded = existsSync(path.join(RECORDS, 'RECORDED.md')) || !!process.env.CI;
/** What the pull said of SciCat's answers (the recorded PublishedData also draws licence and description warnings, the same every time). */
const pullProblems = (list: Array<{ code: string; record: string | null }>) => list.filter((d) => d.code.startsWith('pull/')).map((d) => [d.code, d.record]);
const json = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(RECORDS, rel), 'utf8'));

/** Two registered PublishedData of one recorded dataset each; `change` edits the dataset (or the PublishedData) of the second. */
async function pullTwo(change: { dataset?: (d: Record<string, unknown>) => Record<string, unknown>; pub?: (p: Record<string, unknown>) => Record<string, unknown> } = {}) {
  const pubBody = json('scicat/recorded/scicat-TestData.PublishedData.v3-publisheddata-create-body.json');
  const datasetBody = json('scicat/recorded/scicat-TestData.RawCorrectGet.v3-datasets-findOne-expected-response.json');
  const block = json('scicat/recorded/scicat-TestData.OrigDataBlockCorrect1.v3-origdatablocks-create-body.json');
  // The recorded blocks carry no checksum; the catalogue lists files with one (here SHA-1, as the recorded Datablock).
  const files = (block.dataFileList as Array<Record<string, unknown>>).map((f, i) => ({ ...f, chk: String(i + 1).repeat(40) }));
  const pubs = [1, 2].map((n) => {
    const pub = { ...pubBody, _id: `pub-${n}`, doi: `10.16907/psi-${n}`, status: 'registered', registeredTime: '2023-05-01T10:00:00.000Z', pidArray: [`20.500.11935/ds-${n}`] };
    return n === 2 && change.pub ? change.pub(pub) : pub;
  });
  const answer = (pid: string) => {
    const d = { ...datasetBody, _id: pid, pid, proposalId: '20230123', proposalIds: ['20230123'], isPublished: true, origdatablocks: [{ ...block, chkAlg: 'sha1', dataFileList: files }] };
    return pid !== '20.500.11935/ds-1' && change.dataset ? change.dataset(d) : d;
  };
  const { replay, out } = await serve((req) => {
    if (req.path === '/api/v3/PublishedData') return { body: JSON.parse(req.query.get('filter')!).skip === 0 ? pubs : [] };
    if (req.path !== '/api/v3/Datasets/findOne') return undefined;
    return { body: answer(JSON.parse(req.query.get('filter')!).where.pid as string) };
  });
  const result = await pull(scicatSource({ url: replay.url, apiVersion: 3 }), out);
  const mirrored = await readMirror(out);
  const second = mirrored.records.find((r) => r.record.doi === '10.16907/psi-2') ?? null;
  const listing = async () => {
    const dir = path.join(out, '10.16907-psi-2', 'datasets');
    return existsSync(dir) ? Promise.all((await readdir(dir)).map((n) => readFile(path.join(dir, n), 'utf8'))) : null;
  };
  return { ...result, out, second, listing: await listing(), mirrored };
}

describe.skipIf(!recorded)('SciCat identifiers and numbers', () => {
  it('reads pids and proposal ids that are all digits as the strings they are, leading zeros kept', async () => {
    const { sink, second, listing } = await pullTwo({ pub: (p) => ({ ...p, pidArray: ['0012345'] }), dataset: (d) => ({ ...d, proposalId: '', proposalIds: ['007449'] }) });
    expect(pullProblems(sink.list)).toEqual([]);
    expect(second?.record.proposal).toBe('007449');
    expect(listing?.join('')).toContain('N1039-1.tif');
  });

  it('reads a file size written as a digit string as the number it is', async () => {
    const sized = await pullTwo({ dataset: (d) => ({ ...d, origdatablocks: (d.origdatablocks as Array<Record<string, unknown>>).map((b) => ({ ...b, dataFileList: (b.dataFileList as Array<Record<string, unknown>>).map((f) => ({ ...f, size: String(f.size) })) })) }) });
    const plain = await pullTwo();
    expect(pullProblems(sized.sink.list)).toEqual([]);
    expect(sized.listing).toEqual(plain.listing);
  });

  it('mirrors the same record whatever the fields it does not read hold (the dataset size and numberOfFiles, sampleId, ownerGroup)', async () => {
    const plain = await pullTwo();
    for (const odd of [{ size: '41780189', numberOfFiles: '3', sampleId: 12345, sampleIds: [12345], ownerGroup: 16738 }, { size: -1, numberOfFiles: 1e21, sampleId: null, ownerGroup: ['p1', 'p2'] }]) {
      const changed = await pullTwo({ dataset: (d) => ({ ...d, ...odd }) });
      expect(pullProblems(changed.sink.list)).toEqual([]);
      expect(changed.listing).toEqual(plain.listing);
      expect(JSON.stringify(changed.second?.record)).toBe(JSON.stringify(plain.second?.record));
    }
  });

  it.each([
    ['a number', [12345], 'pidArray[0] is 12345'],
    ['null beside a pid', ['20.500.11935/ds-2', null], 'pidArray[1] is null'],
    ['a blank string', ['  '], 'pidArray[0] is "  "'],
  ])('a dataset pid given as %s leaves its record out, reported by the entry, rather than publish it without that dataset', async (_, pidArray, said) => {
    const { sink, summary, second, mirrored } = await pullTwo({ pub: (p) => ({ ...p, pidArray }) });
    expect(second).toBeNull();
    expect(mirrored.records.map((r) => r.record.doi)).toEqual(['10.16907/psi-1']);
    expect(summary.leftOut).toBe(1);
    const refused = sink.list.filter((d) => d.code === 'pull/record-incomplete');
    expect(refused.map((d) => d.record)).toEqual(['pub-2']);
    expect(refused[0].message).toContain(said);
  });

  it('a proposal id given as a number is reported and not read; the record is mirrored without it', async () => {
    const { sink, second } = await pullTwo({ dataset: (d) => ({ ...d, proposalId: 449, proposalIds: [449] }) });
    expect(second?.record.proposal).toBeNull();
    const reported = sink.list.filter((d) => d.code === 'pull/unsafe-value');
    expect(reported.map((d) => [d.record, d.severity])).toEqual([['pub-2', 'warning'], ['pub-2', 'warning']]);
    expect(reported[0].message).toMatch(/gives proposalId as 449, not a string/);
  });

  it('a proposal id given as a number beside one given as a string reads the string', async () => {
    const { second, sink } = await pullTwo({ dataset: (d) => ({ ...d, proposalId: 449, proposalIds: ['449'] }) });
    expect(second?.record.proposal).toBe('449');
    expect(pullProblems(sink.list)).toEqual([['pull/unsafe-value', 'pub-2']]);
  });

  it('a checksum given as a number is not read as hex: the file is set aside as of a malformed checksum, not listed', async () => {
    const { sink, listing } = await pullTwo({
      dataset: (d) => ({ ...d, origdatablocks: (d.origdatablocks as Array<Record<string, unknown>>).map((b) => ({ ...b, chkAlg: 'crc32', dataFileList: (b.dataFileList as Array<Record<string, unknown>>).map((f) => ({ ...f, chk: 1234 })) })) }),
    });
    expect(listing?.join('') ?? '').not.toContain('00001234');
    expect(listing?.join('') ?? '').not.toContain('N1039-1.tif');
    expect(sink.list.filter((d) => d.code === 'pull/checksum-unsupported').map((d) => d.record)).toEqual(['10.16907-psi-2']);
  });
});
