/**
 * Remote HDF5 for h5wasm without downloading it: a read-only file in h5wasm's Emscripten
 * FS whose reads are served from HTTP range requests in fixed blocks (1 MiB by default)
 * with a small LRU cache. h5wasm/node is built with NODERAWFS, where `FS.open` goes to
 * the real disk but streams that carry their own `stream_ops` are read through them; so
 * `FS.open`, `FS.stat` and `FS.fstat` are wrapped for paths under `/aperture-remote/`.
 * External links from a master (`data_000001.h5`) resolve against the master's directory,
 * which maps to sibling URLs of the master.
 */
import { fetchRangeSync } from './sync-range-fetch.ts';
import { loadH5wasm } from './h5.ts';

export interface RangedReadOptions {
  /** Bytes per range request and cache block (default 1 MiB). */
  blockBytes?: number;
  /** Blocks kept in the LRU cache per opened object (default 16). */
  cacheBlocks?: number;
  /** Cap on bytes fetched for one read, master and siblings together (default 64 MiB). */
  maxFetchBytes?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface RangedMount {
  /** Path to give `new h5.File(path, 'r')`. */
  readonly path: string;
  /** Bytes and requests fetched so far (master and siblings). */
  readonly fetched: { bytes: number; requests: number };
  /** The first transport failure (HTTP status, timeout, size mismatch, byte cap), if any. */
  readonly error: string | undefined;
  /** Whether a sibling object (external link or VDS source) exists, by trying to open it. */
  siblingExists(name: string): boolean;
  unmount(): void;
}

const ROOT = '/aperture-remote';
// Emscripten errno values (WASI numbering).
const ENOENT = 44;
const EIO = 29;
const EACCES = 2;
const EINVAL = 28;

interface StatLike {
  dev: number; ino: number; mode: number; nlink: number; uid: number; gid: number; rdev: number;
  size: number; blksize: number; blocks: number; atime: Date; mtime: Date; ctime: Date;
}

interface Stream {
  position: number;
  ranged?: RangedObject;
}

/** The members of h5wasm's Emscripten FS this module uses or wraps. */
interface EmscriptenFs {
  open(path: string, flags: number | string, mode?: number): Stream;
  stat(path: string, dontFollow?: boolean): StatLike;
  fstat(fd: number): StatLike;
  getStream(fd: number): Stream | null;
  createStream(stream: object, fd?: number): Stream;
  ErrnoError: new (errno: number) => Error;
}

interface MountState {
  id: number;
  url: string;
  options: Required<Omit<RangedReadOptions, 'headers'>> & { headers?: Record<string, string> };
  objects: Map<string, RangedObject | null>;
  fetched: { bytes: number; requests: number };
  error?: string;
  onBytes?: (bytes: number) => void;
}

const mounts = new Map<number, MountState>();
let nextMount = 1;
let nextIno = 0x4150_0000;
let fs: EmscriptenFs | undefined;

class RangedObject {
  readonly ino = nextIno++;
  private readonly blocks = new Map<number, Uint8Array>();

  constructor(readonly mount: MountState, readonly url: string, readonly size: number) {}

  stat(): StatLike {
    const epoch = new Date(0);
    return {
      dev: 0x4150, ino: this.ino, mode: 0o100444, nlink: 1, uid: 0, gid: 0, rdev: 0,
      size: this.size, blksize: 4096, blocks: Math.ceil(this.size / 512), atime: epoch, mtime: epoch, ctime: epoch,
    };
  }

  /** Keeps a fetched block, evicting the least recently used beyond the cache size. */
  remember(index: number, block: Uint8Array): void {
    this.blocks.delete(index);
    this.blocks.set(index, block);
    while (this.blocks.size > this.mount.options.cacheBlocks) this.blocks.delete(this.blocks.keys().next().value as number);
  }

  /** Copies `length` bytes at `position` into `target`; returns the count (short at EOF). */
  read(target: Uint8Array, position: number, length: number): number {
    const end = Math.min(this.size, position + length);
    if (position >= end) return 0;
    const size = this.mount.options.blockBytes;
    const first = Math.floor(position / size);
    const last = Math.floor((end - 1) / size);
    const have = new Map<number, Uint8Array>();
    let runStart: number | null = null;
    for (let index = first; index <= last + 1; index++) {
      const cached = index <= last ? this.blocks.get(index) : undefined;
      if (cached) {
        have.set(index, cached);
        this.remember(index, cached);
      }
      const missing = index <= last && !cached;
      if (missing && runStart === null) runStart = index;
      if (!missing && runStart !== null) {
        // One request per run of adjacent missing blocks.
        this.fetchBlocks(runStart, index - 1, have);
        runStart = null;
      }
    }
    for (let index = first; index <= last; index++) {
      const block = have.get(index) as Uint8Array;
      const blockStart = index * size;
      const from = Math.max(position, blockStart);
      const to = Math.min(end, blockStart + block.length);
      target.set(block.subarray(from - blockStart, to - blockStart), from - position);
    }
    return end - position;
  }

  private fetchBlocks(first: number, last: number, into: Map<number, Uint8Array>): void {
    const size = this.mount.options.blockBytes;
    const start = first * size;
    const end = Math.min(this.size, (last + 1) * size) - 1;
    const bytes = transfer(this.mount, this.url, start, end);
    if (bytes.total !== this.size) {
      throw failure(this.mount, `${this.url}: the server reports ${bytes.total ?? 'an unknown'} bytes, not the ${this.size} announced (wrong Content-Length?)`);
    }
    if (bytes.data.length !== end - start + 1) {
      throw failure(this.mount, `${this.url}: got ${bytes.data.length} bytes for range ${start}-${end}`);
    }
    for (let index = first; index <= last; index++) {
      const block = bytes.data.subarray((index - first) * size, Math.min(bytes.data.length, (index - first + 1) * size));
      into.set(index, block);
      this.remember(index, block);
    }
  }
}

function failure(mount: MountState, message: string): Error {
  mount.error ??= message;
  return new (fs as EmscriptenFs).ErrnoError(EIO);
}

/** One budgeted, synchronous range request; throws an EIO ErrnoError on any failure. */
function transfer(mount: MountState, url: string, start: number, end: number): { data: Uint8Array; total: number | null };
function transfer(mount: MountState, url: string, start: number, end: number, missingOk: true): { data: Uint8Array; total: number | null } | null;
function transfer(mount: MountState, url: string, start: number, end: number, missingOk = false): { data: Uint8Array; total: number | null } | null {
  if (mount.error) throw new (fs as EmscriptenFs).ErrnoError(EIO);
  const length = end - start + 1;
  if (mount.fetched.bytes + length > mount.options.maxFetchBytes) {
    throw failure(mount, `reading ${url} would fetch more than the ${mount.options.maxFetchBytes}-byte limit`);
  }
  const reply = fetchRangeSync({ url, start, end, timeoutMs: mount.options.timeoutMs, headers: mount.options.headers });
  if (!reply.ok) {
    if (missingOk && reply.status === 404) return null;
    throw failure(mount, `GET ${url} bytes ${start}-${end}: ${reply.error}`);
  }
  mount.fetched.bytes += reply.bytes.length;
  mount.fetched.requests += 1;
  mount.onBytes?.(reply.bytes.length);
  return { data: reply.bytes, total: reply.total };
}

/** The object for `/aperture-remote/<mount>/<name>`: undefined = not ours, null = missing. */
function lookup(path: string): RangedObject | null | undefined {
  if (!path.startsWith(`${ROOT}/`)) return undefined;
  // "./x" is fine; ".." could reach another mount or a URL outside the master's folder.
  const parts = path.slice(ROOT.length + 1).split('/').filter((part) => part !== '' && part !== '.');
  const [mountId, name, ...rest] = parts;
  if (parts.includes('..')) return null;
  const mount = mounts.get(Number(mountId));
  if (!mount || !name || rest.length > 0) return null;
  if (mount.objects.has(name)) return mount.objects.get(name) ?? null;
  // A sibling (external link target): its size comes from the first block's Content-Range.
  const url = new URL(encodeURIComponent(name), mount.url).href;
  const end = mount.options.blockBytes - 1;
  let object: RangedObject | null = null;
  try {
    const first = probe(mount, url, end);
    if (first) {
      object = new RangedObject(mount, url, first.total);
      object.remember(0, first.data);
    }
  } catch {
    // The transport failure is recorded in mount.error; HDF5 sees a missing file.
  }
  mount.objects.set(name, object);
  return object;
}

/** First block of a sibling; null when it does not exist (a 404 is not a transport failure). */
function probe(mount: MountState, url: string, end: number): { data: Uint8Array; total: number } | null {
  const first = transfer(mount, url, 0, end, true);
  if (!first) return null;
  if (first.total === null || first.data.length !== Math.min(end + 1, first.total)) {
    throw failure(mount, `${url}: the first range answer does not state a consistent object size`);
  }
  return { data: first.data, total: first.total };
}

function install(module: EmscriptenFs): void {
  if (fs) return;
  fs = module;
  const { open, stat, fstat } = module;
  module.open = (path, flags, mode) => {
    const object = typeof path === 'string' ? lookup(path) : undefined;
    if (object === undefined) return open(path, flags, mode);
    if (object === null) throw new module.ErrnoError(ENOENT);
    const access = typeof flags === 'string' ? (flags === 'r' ? 0 : 2) : flags & 3;
    if (access !== 0) throw new module.ErrnoError(EACCES);
    const streamOps = {
      read: (_stream: Stream, buffer: Uint8Array, offset: number, length: number, position: number) =>
        object.read(new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length), position, length),
      llseek: (stream: Stream, offset: number, whence: number) => {
        const position = offset + (whence === 1 ? stream.position : whence === 2 ? object.size : 0);
        if (position < 0) throw new module.ErrnoError(EINVAL);
        return position;
      },
    };
    return module.createStream({
      path, flags: 0, seekable: true, position: 0, ranged: object, stream_ops: streamOps,
      node: { id: object.ino, mode: 0o100444, path },
    });
  };
  module.stat = (path, dontFollow) => {
    const object = lookup(path);
    if (object === undefined) return stat(path, dontFollow);
    if (object === null) throw new module.ErrnoError(ENOENT);
    return object.stat();
  };
  module.fstat = (fd) => {
    const object = module.getStream(fd)?.ranged;
    return object ? object.stat() : fstat(fd);
  };
}

/**
 * Makes `url` (of `size` bytes) openable by h5wasm at the returned path. Always
 * `unmount()` when done; reads after that fail with EIO.
 */
export async function mountRangedHdf5(
  url: string,
  size: number,
  options: RangedReadOptions & { onBytes?: (bytes: number) => void } = {},
): Promise<RangedMount> {
  const h5 = await loadH5wasm();
  install((await h5.ready).FS as unknown as EmscriptenFs);
  const id = nextMount++;
  const { onBytes, headers, ...rest } = options;
  const state: MountState = {
    id,
    url,
    options: {
      blockBytes: Math.max(4096, Math.floor(rest.blockBytes ?? 1 << 20)),
      cacheBlocks: Math.max(2, Math.floor(rest.cacheBlocks ?? 16)),
      maxFetchBytes: rest.maxFetchBytes ?? 64 << 20,
      timeoutMs: rest.timeoutMs ?? 30_000,
      headers,
    },
    objects: new Map(),
    fetched: { bytes: 0, requests: 0 },
    onBytes,
  };
  const name = safeName(url);
  state.objects.set(name, new RangedObject(state, url, size));
  mounts.set(id, state);
  return {
    path: `${ROOT}/${id}/${name}`,
    fetched: state.fetched,
    get error() {
      return state.error;
    },
    siblingExists: (sibling) => !sibling.includes('/') && lookup(`${ROOT}/${id}/${sibling}`) instanceof RangedObject,
    unmount: () => {
      mounts.delete(id);
    },
  };
}

/** The URL's last path segment as an HDF5-friendly file name (HDF5 only prints it). */
function safeName(url: string): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  return /^[\w.+-]{1,200}$/.test(last) ? last : 'remote.h5';
}
