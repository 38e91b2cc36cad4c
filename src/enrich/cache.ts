/**
 * Enrichment results cached by the file's SHA-256: `<dir>/<aa>/<sha256>.json` plus preview
 * files beside it. Content-addressed, so a rebuild never re-reads an unchanged file; all
 * writes go to a temporary name first and are renamed into place (atomic on POSIX).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.ts';

export interface EnrichCache {
  get<T>(sha256: string): Promise<T | undefined>;
  put<T>(sha256: string, value: T): Promise<void>;
  getFile(sha256: string, name: string): Promise<Uint8Array | undefined>;
  putFile(sha256: string, name: string, bytes: Uint8Array): Promise<string>;
  /** Absolute path a cached file has (or would have). */
  filePath(sha256: string, name: string): string;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function fileCache(dir: string, version = 1): EnrichCache {
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
