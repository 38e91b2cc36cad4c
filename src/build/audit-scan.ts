/**
 * One output file through the audit's matcher. A file is scanned as stored; a gzip file
 * (pagefind writes its index and fragments so) is scanned decoded as well, so nothing hides
 * in either reading, nor in a damaged stream or bytes after it. Small files are read whole;
 * large ones stream in chunks, so memory stays bounded whatever the output holds.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Matcher } from './audit-matcher.ts';

const WHOLE_FILE_LIMIT = 8 * 1024 * 1024;
const CHUNK = 1024 * 1024;

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The file's bytes gunzipped; a read or decode error ends the iteration with an error. */
const gunzipped = (file: string): AsyncIterable<Uint8Array> =>
  pipeline(createReadStream(file, { highWaterMark: CHUNK }), createGunzip({ chunkSize: CHUNK }), () => {});

function scanBytes(matcher: Matcher, bytes: Uint8Array, found: Set<number>): void {
  const scan = matcher.scan();
  for (let i = 0; i < bytes.length; i += CHUNK) scan.feed(bytes.subarray(i, i + CHUNK));
  for (const n of scan.end()) found.add(n);
}

async function scanStream(matcher: Matcher, chunks: AsyncIterable<Uint8Array>, found: Set<number>, decoding = false): Promise<void> {
  const scan = matcher.scan();
  try {
    for await (const chunk of chunks) scan.feed(chunk);
  } catch (error) {
    // A damaged gzip stream: what decoded before the damage still counts, and the raw bytes
    // were scanned already. A file that cannot be read fails the audit (and so the build).
    if (!decoding) throw error;
  }
  for (const n of scan.end()) found.add(n);
}

/** One read buffer per thread, reused for every small file (the synchronous path never interleaves). */
let shared = Buffer.allocUnsafe(CHUNK);

function readSmall(file: string): Buffer | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > WHOLE_FILE_LIMIT) return null;
    if (shared.length < size) shared = Buffer.allocUnsafe(Math.max(size, shared.length * 2));
    let read = 0;
    while (read < size) {
      const n = readSync(fd, shared, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return shared.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

const sorted = (found: Set<number>) => [...found].sort((a, b) => a - b);

/** Whether the bytes hold one of the anchors (audit-matcher.ts anchorsOf); no anchors: always. */
const mayHold = (bytes: Buffer, anchors: readonly Buffer[] | null) => !anchors || anchors.some((a) => bytes.indexOf(a) !== -1);

/**
 * Indexes of the needles found in a small file, ascending, or null when the file needs
 * `scanFile` (too large to read whole, or a gzip stream that does not decode in memory).
 * Synchronous: most outputs are a few KB, where a round trip through the thread pool costs
 * more than the read (the audit runs alone at the end of a build, or in its own workers).
 * With `anchors`, bytes holding none of them are not given to the matcher (they cannot match).
 */
export function scanSmallFile(matcher: Matcher, file: string, anchors: readonly Buffer[] | null = null): number[] | null {
  const bytes = readSmall(file);
  if (!bytes) return null;
  const found = new Set<number>();
  if (mayHold(bytes, anchors)) scanBytes(matcher, bytes, found);
  if (isGzip(bytes)) {
    let decoded: Buffer;
    try {
      decoded = gunzipSync(bytes, { maxOutputLength: WHOLE_FILE_LIMIT * 8 });
    } catch {
      // Damaged, or too large to hold: the stream keeps what decodes, with bounded memory.
      return null;
    }
    if (mayHold(decoded, anchors)) scanBytes(matcher, decoded, found);
  }
  return sorted(found);
}

/**
 * Whether a large file's bytes hold one of the anchors, read in chunks with the edge between
 * two chunks looked at too; a gzip stream always may (it is scanned decoded as well).
 */
async function streamMayHold(file: string, anchors: readonly Buffer[]): Promise<boolean> {
  const edge = Math.max(...anchors.map((a) => a.length)) - 1;
  let tail: Buffer | null = null;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    if (tail === null && isGzip(chunk)) return true;
    if (mayHold(chunk, anchors)) return true;
    // An anchor across the edge: the end of the chunk before and the start of this one.
    if (tail && edge > 0 && mayHold(Buffer.concat([tail, chunk.subarray(0, edge)]), anchors)) return true;
    tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - edge)));
  }
  return false;
}

/**
 * Indexes of the needles found in the file, ascending; large files stream in chunks through
 * the matcher. With `anchors`, a large file is first read for them alone (Buffer#indexOf,
 * about ten times as fast as the matcher): one holding none is not given to the matcher.
 * A release rewrites the catalogue dumps (records.jsonl: 122 MB at 10,000 records), which
 * the matcher took 0.7 s to read, on the main thread at the end of the build.
 */
export async function scanFile(matcher: Matcher, file: string, anchors: readonly Buffer[] | null = null): Promise<number[]> {
  const small = scanSmallFile(matcher, file, anchors);
  if (small) return small;
  if (anchors?.length && !(await streamMayHold(file, anchors))) return [];
  const found = new Set<number>();
  let gzip: boolean | null = null;
  const raw = createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>;
  await scanStream(
    matcher,
    (async function* () {
      for await (const chunk of raw) {
        gzip ??= isGzip(chunk);
        yield chunk;
      }
    })(),
    found,
  );
  if (gzip) await scanStream(matcher, gunzipped(file), found, true);
  return sorted(found);
}
