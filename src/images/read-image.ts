/**
 * The one entry point of the image readers: detect the container and format from the
 * bytes, dispatch to the CBF, SMV or HDF5 reader, and return metadata (+ one frame when
 * asked). Never throws for bad input: every problem is a diagnostic in the result.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { bufferSource, readAll, withPrefix, type ByteSource, type HttpObject } from './byte-source.ts';
import { readCbf } from './cbf.ts';
import { containerCompression, decompress } from './container.ts';
import { DETECT_BYTES, detectMagic } from './detect.ts';
import type { RangedReadOptions } from './hdf5-ranged-file.ts';
import { readSmv } from './smv.ts';
import { DEFAULT_LIMITS, type Frame, type ImageMetadata, type ReadLimits } from './types.ts';
import { formatCount, numberText } from '../record/number-text.ts';

export interface ReadImageOptions {
  /** Decode one frame for a preview (default false: header only). */
  frame?: boolean;
  frameIndex?: number;
  limits?: Partial<ReadLimits>;
  /**
   * HDF5 needs a file for h5wasm. An HTTP source is read in ranged blocks (`remoteHdf5`);
   * any other non-local source (e.g. an inflated .h5.gz) is copied to a temporary file
   * only up to this size. Default 256 MiB.
   */
  maxHdf5CopyBytes?: number;
  /** Block size, cache and byte cap of ranged HDF5 reads over HTTP. */
  remoteHdf5?: Omit<RangedReadOptions, 'timeoutMs' | 'headers'>;
}

export interface ImageRead extends ImageMetadata {
  frame?: Frame;
}

/** Bytes of a gzip stream inflated for a header-only read. */
const GZIP_HEADER_PREFIX = 256 * 1024;

export async function readImage(source: ByteSource, options: ReadImageOptions = {}): Promise<ImageRead> {
  const sink = new DiagnosticSink([], { file: source.name });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const result: ImageRead = { format: 'unknown', compression: null, technical: {}, diagnostics: sink.list };
  try {
    await readInto(result, source, sink, limits, options);
  } catch (error) {
    // A reader bug or an I/O failure must still come back as data, not a crash.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    sink.add({ code: 'image/unreadable', message: `The file could not be read: ${message}` });
  }
  return result;
}

async function readInto(result: ImageRead, original: ByteSource, sink: DiagnosticSink, limits: ReadLimits, options: ReadImageOptions): Promise<void> {
  let source = original;
  let head = await source.read(0, DETECT_BYTES);
  if (head.length === 0) {
    sink.add({ code: 'image/truncated', message: 'The file is empty.' });
    return;
  }
  const compression = containerCompression(head);
  result.compression = compression;
  if (compression) {
    const size = await source.size();
    const partial = compression === 'gzip' && !options.frame;
    const input = partial ? await source.read(0, Math.min(size, GZIP_HEADER_PREFIX)) : await readAll(source, limits.maxDecompressedBytes);
    let inflated: Uint8Array;
    try {
      inflated = decompress(input, compression, limits.maxDecompressedBytes, partial || input.length < size);
    } catch (error) {
      const tooLarge = error instanceof RangeError || /larger than|too large|ERR_BUFFER_TOO_LARGE/i.test(String(error));
      sink.add({
        code: tooLarge ? 'image/too-large' : 'image/corrupt-data',
        message: `${compression} container could not be decompressed: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    source = bufferSource(inflated, original.name);
    head = inflated.subarray(0, DETECT_BYTES);
  } else source = withPrefix(source, head);
  const magic = detectMagic(head);
  if (magic === 'unknown') {
    sink.add({ code: 'image/unknown-format', message: 'No CBF, SMV or HDF5 signature in the first bytes.' });
    return;
  }
  const wantFrame = options.frame ?? false;
  if (magic === 'cbf') {
    const read = await readCbf(source, sink, limits, wantFrame);
    if (read.header) {
      result.format = read.header.format;
      result.technical = read.header.technical;
    } else result.format = 'cbf-imgcif';
    result.frame = read.frame;
    return;
  }
  if (magic === 'smv') {
    result.format = 'smv';
    const read = await readSmv(source, sink, limits, wantFrame);
    if (read) {
      result.technical = read.technical;
      result.frame = read.frame;
    }
    return;
  }
  result.format = 'hdf5';
  if (result.compression === null && !source.localPath && source.http) {
    await readRemoteHdf5(result, source, source.http, sink, limits, options);
    return;
  }
  // h5wasm instantiates its wasm on import (~0.3 s): only HDF5 files pay for it.
  const { readHdf5 } = await import('./hdf5.ts');
  await withLocalFile(source, result.compression !== null, sink, options, async (path) => {
    const read = await readHdf5(path, sink, limits, wantFrame, options.frameIndex);
    if (read) {
      result.format = read.format;
      result.technical = read.technical;
      result.frame = read.frame;
    }
  });
}

/**
 * h5wasm on ranged blocks of the HTTP object. A transport failure mid-read (HTTP error,
 * timeout, size mismatch, byte cap) makes the whole read `image/unreadable` (not cached,
 * retried next build): values read before it, or missing because of it, are not trusted.
 */
async function readRemoteHdf5(
  result: ImageRead,
  source: ByteSource,
  http: HttpObject,
  sink: DiagnosticSink,
  limits: ReadLimits,
  options: ReadImageOptions,
): Promise<void> {
  const [{ readHdf5 }, { mountRangedHdf5 }] = await Promise.all([import('./hdf5.ts'), import('./hdf5-ranged-file.ts')]);
  const size = await source.size();
  const mount = await mountRangedHdf5(http.url, size, {
    ...options.remoteHdf5,
    timeoutMs: http.timeoutMs,
    headers: http.headers,
    onBytes: http.count,
  });
  const attempt = new DiagnosticSink([], { file: source.name });
  try {
    const siblings = { displayName: source.name, exists: mount.siblingExists };
    const read = await readHdf5(mount.path, attempt, limits, options.frame ?? false, options.frameIndex, siblings);
    if (mount.error) {
      sink.add({ code: 'image/unreadable', message: `Ranged HDF5 read failed: ${mount.error}` });
      return;
    }
    sink.list.push(...attempt.list);
    if (read) {
      result.format = read.format;
      result.technical = read.technical;
      result.frame = read.frame;
    }
  } finally {
    mount.unmount();
  }
}

async function withLocalFile(
  source: ByteSource,
  compressedCopy: boolean,
  sink: DiagnosticSink,
  options: ReadImageOptions,
  use: (path: string) => Promise<void>,
): Promise<void> {
  if (!compressedCopy && source.localPath) return use(source.localPath);
  const size = await source.size();
  const max = options.maxHdf5CopyBytes ?? 256 * 1024 * 1024;
  if (size > max) {
    sink.add({ code: 'image/too-large', message: `Remote HDF5 of ${numberText(size)} bytes is above the ${formatCount(max)}-byte copy limit; metadata not read.` });
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'aperture-h5-'));
  try {
    const path = join(dir, 'image.h5');
    await writeFile(path, await source.read(0, size));
    await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
