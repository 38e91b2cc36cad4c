/**
 * Static download manifests per dataset and per experiment. Everything streams: entries
 * come from an AsyncIterable, text leaves in ~64 KiB chunks, and writeManifests writes
 * all formats in ONE pass over the listing, so a 200,000-file dataset never sits in
 * memory as objects or as one string.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Datafile } from '../record/types.ts';
import { objectUrl } from './object-url.ts';
import { FORMATS, OPTIONAL_FORMATS, safeRelativePath, type ManifestContext, type ManifestEntry, type ManifestFormat } from './manifest-formats.ts';

export * from './manifest-formats.ts';

const CHUNK_CHARS = 64 * 1024;

/** Entries of one dataset: paths relative to the dataset directory. */
export async function* datasetEntries(files: AsyncIterable<Datafile> | Iterable<Datafile>, publicBaseUrl: string): AsyncGenerator<ManifestEntry & { key: string }> {
  for await (const file of files) {
    yield { path: safeRelativePath(file.path), url: objectUrl({ publicBaseUrl }, file.key), size: file.size, sha256: file.sha256, checksum: file.checksum, key: file.key };
  }
}

/** Entries of a whole experiment: each dataset's files under `<dataset id>/`, datasets in order. */
export async function* experimentEntries(
  datasets: Iterable<{ id: string; files: AsyncIterable<Datafile> | Iterable<Datafile> }>,
  publicBaseUrl: string,
): AsyncGenerator<ManifestEntry & { key: string }> {
  for (const dataset of datasets) {
    for await (const entry of datasetEntries(dataset.files, publicBaseUrl)) {
      yield { ...entry, path: `${safeRelativePath(dataset.id)}/${entry.path}` };
    }
  }
}

/** One manifest as a stream of text chunks (each at most ~64 KiB plus one entry). */
export async function* streamManifest(
  format: ManifestFormat,
  entries: AsyncIterable<ManifestEntry> | Iterable<ManifestEntry>,
  ctx: ManifestContext,
): AsyncGenerator<string> {
  const spec = FORMATS[format];
  let buffer = spec.header(ctx);
  for await (const entry of entries) {
    buffer += spec.entry(entry);
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  buffer += spec.footer(ctx);
  if (buffer) yield buffer;
}

export interface ManifestSummary {
  /** File name per format written, inside outDir (MD5SUMS etc. only when some file has that checksum). */
  files: Partial<Record<ManifestFormat, string>>;
  count: number;
  totalBytes: number;
  /**
   * The key prefix P with key === P + path for every file, when there is one: then the
   * files mirror a bucket "folder" and `aws s3 sync`/rclone/s5cmd commands apply.
   */
  keyPrefix: string | null;
}

/** Options of a manifests writer. */
export interface ManifestsOptions {
  formats?: ManifestFormat[];
  /**
   * The folder is new and is thrown away whole if the build fails (a record's draft cache
   * entry, see build/record-cache.ts): files are written straight under their names, and
   * no file of an earlier build can be there to remove.
   */
  fresh?: boolean;
}

export interface ManifestsWriter {
  /** One file of the scope, in listing order; resolves at once unless a chunk is being written. */
  add(entry: ManifestEntry & { key?: string }): Promise<void>;
  finish(): Promise<ManifestSummary>;
  /** Closes whatever is open after a failure. */
  abort(): void;
}

/**
 * Writes every manifest format for one scope into `outDir` (created if needed), reading
 * `entries` once. Files are written under temporary names and renamed at the end, so an
 * interrupted build never leaves a truncated manifest behind.
 */
export async function writeManifests(
  outDir: string,
  ctx: ManifestContext,
  entries: AsyncIterable<ManifestEntry & { key?: string }> | Iterable<ManifestEntry & { key?: string }>,
  formats?: ManifestFormat[],
): Promise<ManifestSummary> {
  const writer = manifestsWriter(outDir, ctx, { formats });
  try {
    for await (const entry of entries) await writer.add(entry);
    return await writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
}

const DONE = Promise.resolve();

/**
 * Every manifest format for one scope, with files pushed in one at a time (the stage hands
 * each file of a listing to all its writers). Text collects per format; a format's file is
 * opened only once its text passes ~64 KiB, so the usual manifest of a few hundred files is
 * written with one call, and the optional check files no file needs are never created.
 */
export function manifestsWriter(outDir: string, ctx: ManifestContext, options: ManifestsOptions = {}): ManifestsWriter {
  const formats = options.formats ?? ['sha256', 'urls', 'aria2', 'metalink', 'curl', 'tsv', ...OPTIONAL_FORMATS];
  const outputs: Output[] = formats.map((format) => {
    const target = path.join(outDir, FORMATS[format].fileName);
    return { format, target, temp: options.fresh ? target : `${target}.tmp-${process.pid}`, buffer: FORMATS[format].header(ctx), stream: null, entries: 0 };
  });
  let folder: Promise<unknown> | null = null;
  const made = () => (folder ??= mkdir(outDir, { recursive: true }));
  let count = 0;
  let totalBytes = 0;
  let keyPrefix: string | null | undefined;
  return {
    add(entry) {
      count++;
      totalBytes += entry.size;
      keyPrefix = nextKeyPrefix(keyPrefix, entry);
      let full: Output[] | null = null;
      for (const out of outputs) {
        const text = FORMATS[out.format].entry(entry);
        if (!text) continue;
        out.entries++;
        out.buffer += text;
        if (out.buffer.length >= CHUNK_CHARS) (full ??= []).push(out);
      }
      return full ? flushAll(full, made) : DONE;
    },
    async finish() {
      const kept = written(outputs);
      await made();
      await Promise.all(
        kept.map(async (out) => {
          out.buffer += FORMATS[out.format].footer(ctx);
          if (!out.stream) return writeFile(out.temp, out.buffer);
          await flush(out);
          out.stream.end();
          await once(out.stream, 'finish');
        }),
      );
      if (!options.fresh) {
        for (const out of kept) await rename(out.temp, out.target);
        // An optional check file nobody needs is not left behind, nor an old one from an earlier build.
        for (const out of outputs.filter((o) => !kept.includes(o))) {
          if (out.stream) await rm(out.temp, { force: true });
          await rm(out.target, { force: true });
        }
      }
      return {
        files: Object.fromEntries(kept.map((o) => [o.format, FORMATS[o.format].fileName])) as Partial<Record<ManifestFormat, string>>,
        count,
        totalBytes,
        keyPrefix: keyPrefix ?? null,
      };
    },
    abort() {
      for (const out of outputs) out.stream?.destroy();
    },
  };
}

interface Output {
  format: ManifestFormat;
  target: string;
  /** Where the text is written: `target` itself in a fresh folder. */
  temp: string;
  buffer: string;
  stream: WriteStream | null;
  entries: number;
}

async function flushAll(outputs: Output[], made: () => Promise<unknown>): Promise<void> {
  await made();
  for (const out of outputs) await flush(out);
}

function written<T extends { format: ManifestFormat; entries: number }>(outputs: T[]): T[] {
  return outputs.filter((o) => o.entries > 0 || !OPTIONAL_FORMATS.includes(o.format));
}

async function flush(out: Output): Promise<void> {
  if (!out.buffer) return;
  out.stream ??= createWriteStream(out.temp, { encoding: 'utf8' });
  const ok = out.stream.write(out.buffer);
  out.buffer = '';
  if (!ok) await once(out.stream, 'drain');
}

/** undefined = no entry seen yet; null = no common prefix. */
function nextKeyPrefix(current: string | null | undefined, entry: ManifestEntry & { key?: string }): string | null {
  if (current === null || entry.key === undefined || !entry.key.endsWith(entry.path)) return null;
  const prefix = entry.key.slice(0, entry.key.length - entry.path.length);
  if (prefix !== '' && !prefix.endsWith('/')) return null;
  if (current === undefined) return prefix;
  return current === prefix ? current : null;
}
