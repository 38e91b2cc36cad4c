/**
 * Enrichment results cached by the file's SHA-256: `<dir>/v<code>/<aa>/<sha256>.json` plus
 * preview files beside it. Content-addressed, so a rebuild never re-reads an unchanged file;
 * all writes go to a temporary name first and are renamed into place (atomic on POSIX).
 * `<code>` names the code that read the images (readerVersion): a reader fixed since (an SMV
 * size read as a whole number, say) reads every file again rather than serve what the
 * old code made of it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from '../files/atomic-write.ts';

/** The folders (beside this one) whose code decides what an image's entry holds. */
const READER_CODE = ['images', 'enrich'];

let memoReaderVersion: string | null = null;

/** The image readers' code and the locked dependency versions (h5wasm, the encoders), hashed, 16 hex digits. */
export function readerVersion(): string {
  if (memoReaderVersion) return memoReaderVersion;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256').update('aperture-image-readers\0');
  const walk = (dir: string, relative: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a folder this copy does not have
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else if (entry.isFile()) hash.update(`${rel}\0`).update(readFileSync(join(dir, entry.name))).update('\0');
    }
  };
  for (const folder of READER_CODE) walk(join(root, folder), folder);
  try {
    hash.update(readFileSync(join(root, '..', 'package-lock.json')));
  } catch {
    // an installed copy without a lockfile: the sources alone decide
  }
  memoReaderVersion = hash.digest('hex').slice(0, 16);
  return memoReaderVersion;
}

/**
 * Removes what other code versions cached under `dir` (the cache would otherwise grow by a
 * copy of every image's entry with each release of the code). Called once per build, before
 * its stage reads the cache.
 */
export function dropOtherReaderVersions(dir: string, keep = readerVersion()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (/^v[0-9a-z]+$/.test(name) && name !== `v${keep}`) rmSync(join(dir, name), { recursive: true, force: true });
}

export interface EnrichCache {
  get<T>(sha256: string): Promise<T | undefined>;
  put<T>(sha256: string, value: T): Promise<void>;
  getFile(sha256: string, name: string): Promise<Uint8Array | undefined>;
  putFile(sha256: string, name: string, bytes: Uint8Array): Promise<string>;
  /** Absolute path a cached file has (or would have). */
  filePath(sha256: string, name: string): string;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function fileCache(dir: string, version: string | number = readerVersion()): EnrichCache {
  const folder = (sha: string) => {
    if (!SHA256.test(sha)) throw new TypeError(`not a lower-case SHA-256: ${sha}`);
    return join(dir, `v${version}`, sha.slice(0, 2));
  };
  const safeName = (name: string) => {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw new TypeError(`bad cache file name: ${name}`);
    return name;
  };
  return {
    filePath: (sha, name) => join(folder(sha), `${sha}.${safeName(name)}`),
    async get<T>(sha: string) {
      try {
        return JSON.parse(await readFile(join(folder(sha), `${sha}.json`), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    async put<T>(sha: string, value: T) {
      await mkdir(folder(sha), { recursive: true });
      await writeFileAtomically(join(folder(sha), `${sha}.json`), JSON.stringify(value));
    },
    async getFile(sha, name) {
      try {
        return new Uint8Array(await readFile(join(folder(sha), `${sha}.${safeName(name)}`)));
      } catch {
        return undefined;
      }
    },
    async putFile(sha, name, bytes) {
      await mkdir(folder(sha), { recursive: true });
      const path = join(folder(sha), `${sha}.${safeName(name)}`);
      await writeFileAtomically(path, bytes);
      return path;
    },
  };
}

/** A cache that remembers nothing (tests, one-off inspections). */
export const noCache: EnrichCache = {
  filePath: (sha, name) => `${sha}.${name}`,
  get: async () => undefined,
  put: async () => undefined,
  getFile: async () => undefined,
  putFile: async (sha, name) => `${sha}.${name}`,
};
