/**
 * The identifier lookup's shards (src/index/identifier-index.ts), kept beside the
 * index-input cache by the digest of the entries each was made from, as pagefind's bundles
 * are (src/index/pagefind-bundle.ts). A release changes the entries of a few dozen of the
 * 2,048 shards a 10,000-record site has; every other shard is linked from the one kept
 * instead of being built, written and then compared byte for byte with the live one (about
 * 4 s of a release at 10,000 records, profiled). Linked, it is the live build's own inode,
 * so the incremental build's sync sees it unchanged without reading it (src/files/sync-tree.ts).
 *
 * A kept shard is a hard link (a copy across file systems) named `<digest>.<keys>.<bytes>.json`:
 * the key count goes into the lookup's meta.json, and a file of another size is not used. A
 * build that saves the cache keeps the shards it used and no others.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { linkOrCopy } from '../files/link-tree.ts';

export const LOOKUP_SHARDS_DIR = 'lookup-shards';
const FORMAT = 1;
/** A shard being kept is linked at `<cacheDir>/.lookup-shard.<pid>.<random>` first (the index stage removes a killed build's). */
export const TEMPORARY_PREFIX = '.lookup-shard.';
const NAME = /^([0-9a-f]{64})\.(\d+)\.(\d+)\.json$/;

export interface KeptShard {
  file: string;
  keys: number;
  bytes: number;
}

/** Digest of one shard's entries: the lines of its buckets in the order they were added, the shard count and the index code. */
export class ShardKey {
  private readonly hash = createHash('sha256');

  constructor(code: string, shards: number, shard: number) {
    this.hash.update(`aperture-lookup-shard\0${FORMAT}\0${code}\0${shards}\0${shard}\0`);
  }

  /** One bucket's lines (buckets in order; a bucket without lines is added as an empty list). */
  add(lines: readonly string[]): void {
    this.hash.update(`${lines.length}\0${lines.join('\n')}\0`);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export class KeptLookupShards {
  private readonly used = new Set<string>();

  private constructor(
    private readonly cacheDir: string,
    private readonly dir: string,
    private readonly save: boolean,
    private readonly kept: Map<string, string>,
  ) {}

  /** The shards kept in `<cacheDir>/lookup-shards`; `save`: keep new ones and prune unused ones. */
  static open(cacheDir: string, save: boolean): KeptLookupShards {
    const dir = path.join(cacheDir, LOOKUP_SHARDS_DIR);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // none kept yet
    }
    const kept = new Map<string, string>();
    for (const name of names) {
      const digest = NAME.exec(name)?.[1];
      if (digest) kept.set(digest, name);
    }
    return new KeptLookupShards(cacheDir, dir, save, kept);
  }

  /** The shard kept for this digest, when its file is whole. */
  find(digest: string): KeptShard | null {
    const name = this.kept.get(digest);
    const match = name ? NAME.exec(name) : null;
    if (!name || !match) return null;
    const file = path.join(this.dir, name);
    const bytes = Number(match[3]);
    try {
      if (statSync(file).size !== bytes) return null;
    } catch {
      return null;
    }
    this.used.add(name);
    return { file, keys: Number(match[2]), bytes };
  }

  /** Keeps the shard just written at `written` (a hard link, put in place by one rename). */
  async keep(digest: string, keys: number, bytes: number, written: string): Promise<void> {
    if (!this.save) return;
    const name = `${digest}.${keys}.${bytes}.json`;
    await mkdir(this.dir, { recursive: true });
    const temporary = path.join(this.cacheDir, `${TEMPORARY_PREFIX}${process.pid}.${randomBytes(4).toString('hex')}`);
    try {
      await linkOrCopy(written, temporary);
      await rename(temporary, path.join(this.dir, name));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.kept.set(digest, name);
    this.used.add(name);
  }

  /** Removes every kept shard this build did not use. */
  async prune(): Promise<void> {
    if (!this.save) return;
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    await Promise.all(names.filter((name) => !this.used.has(name)).map((name) => rm(path.join(this.dir, name), { force: true })));
  }
}
