/**
 * Random access to a file's bytes, local or in object storage, so readers fetch a header
 * and then only the ranges they need instead of whole multi-GB files.
 */
import { open, stat } from 'node:fs/promises';

export interface ByteSource {
  /** Human-readable name for diagnostics (path or URL). */
  readonly name: string;
  size(): Promise<number>;
  /** Reads up to `length` bytes at `offset`; shorter only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Local path when the bytes are a real file (HDF5 via h5wasm needs one). */
  readonly localPath?: string;
  /** Set for HTTP objects: lets the HDF5 reader serve h5wasm from ranged block reads. */
  readonly http?: HttpObject;
}

export interface HttpObject {
  url: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Adds bytes fetched outside `read` (ranged HDF5 blocks) to the source's count. */
  count(bytes: number): void;
}

/** Counts what a source transferred (tests and benchmarks). */
export interface CountingSource extends ByteSource {
  bytesRead: number;
}

export function fileSource(path: string): CountingSource {
  let sizeCache: number | undefined;
  const source: CountingSource = {
    name: path,
    localPath: path,
    bytesRead: 0,
    async size() {
      sizeCache ??= (await stat(path)).size;
      return sizeCache;
    },
    async read(offset, length) {
      const handle = await open(path, 'r');
      try {
        const buffer = new Uint8Array(Math.max(0, length));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        source.bytesRead += bytesRead;
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
  return source;
}

export function bufferSource(bytes: Uint8Array, name = '(buffer)'): CountingSource {
  const source: CountingSource = {
    name,
    bytesRead: 0,
    async size() {
      return bytes.length;
    },
    async read(offset, length) {
      const out = bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + Math.max(0, length), bytes.length));
      source.bytesRead += out.length;
      return out;
    },
  };
  return source;
}

export interface HttpSourceOptions {
  /** Per-request timeout; a stalled object store must not hang a build. */
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** HTTP(S) object read with `Range` requests (S3, any static server that honours ranges). */
export function httpRangeSource(url: string, options: HttpSourceOptions = {}): CountingSource {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let sizeCache: number | undefined;
  const request = async (init: RequestInit): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      headers: { ...options.headers, ...(init.headers as Record<string, string>) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response;
  };
  const source: CountingSource = {
    name: url,
    bytesRead: 0,
    http: {
      url,
      timeoutMs,
      headers: options.headers,
      count: (bytes) => {
        source.bytesRead += bytes;
      },
    },
    async size() {
      if (sizeCache !== undefined) return sizeCache;
      const head = await request({ method: 'HEAD' });
      const length = Number(head.headers.get('content-length'));
      if (!head.ok || !Number.isFinite(length)) throw new Error(`HEAD ${url}: HTTP ${head.status}`);
      sizeCache = length;
      return length;
    },
    async read(offset, length) {
      if (length <= 0) return new Uint8Array(0);
      const response = await request({ headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
      if (response.status === 416) return new Uint8Array(0);
      if (response.status !== 206) {
        // A server that ignores Range would send the whole object: refuse rather than download it.
        await response.body?.cancel();
        throw new Error(`GET ${url} with Range: expected 206, got HTTP ${response.status}`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      source.bytesRead += bytes.length;
      return bytes.subarray(0, length);
    },
  };
  return source;
}

/** Reads the whole source (for containers that must be decompressed in full). */
export async function readAll(source: ByteSource, maxBytes: number): Promise<Uint8Array> {
  const size = await source.size();
  if (size > maxBytes) throw new RangeError(`file of ${size} bytes exceeds the ${maxBytes}-byte limit`);
  return source.read(0, size);
}

/** Serves reads inside an already fetched prefix from memory (detection reads it first). */
export function withPrefix(source: ByteSource, prefix: Uint8Array): ByteSource {
  return {
    name: source.name,
    localPath: source.localPath,
    http: source.http,
    size: () => source.size(),
    async read(offset, length) {
      if (offset + length <= prefix.length) return prefix.subarray(offset, offset + length);
      if (offset < prefix.length) {
        const rest = await source.read(prefix.length, offset + length - prefix.length);
        const out = new Uint8Array(prefix.length - offset + rest.length);
        out.set(prefix.subarray(offset));
        out.set(rest, prefix.length - offset);
        return out;
      }
      return source.read(offset, length);
    },
  };
}
