/**
 * pagefind's bundles, one per search shard (src/index/search-shards.ts), kept beside the
 * index-input cache by the digest of everything a bundle was made from: the documents
 * pagefind was given (URL and text, in order), its configuration, its version and its
 * PAGEFIND_* settings. pagefind has no incremental index, so a shard costs the same whether
 * one of its documents changed or all did; a shard none of whose documents changed (every
 * shard but one in a release, all of them after a change search does not see) is linked
 * from its kept bundle instead of running pagefind.
 *
 * A bundle is kept as hard links to the files pagefind wrote (`pagefind-bundles/<digest>/files/`,
 * with `bundle.json` naming the digest and every file's size), as the record cache keeps
 * staged files: output files are never written in place once written (src/files/link-tree.ts),
 * and the index stage removes its outputs before writing them. A kept bundle missing a file,
 * or with a file of another size, is not used. A build that saves the cache keeps the
 * bundles it used and no others.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkTree } from '../files/link-tree.ts';
import { filesUnderSync } from '../files/sync-tree.ts';
import { discard, discardAll } from '../files/discard.ts';

export const BUNDLES_DIR = 'pagefind-bundles';
/** Where the single bundle of the unsharded index was kept; removed when found. */
const FORMER_BUNDLE_DIR = 'pagefind-bundle';
const MANIFEST = 'bundle.json';
const BUNDLE_FORMAT = 1;
/** A bundle being kept is linked under `.pagefind-bundle.<pid>.<random>` first (a killed build's is removed by the index stage). */
const TEMPORARY_PREFIX = 'pagefind-bundle.';

interface Manifest {
  format: number;
  digest: string;
  /** Path inside the bundle (`/` separators) and size in bytes. */
  files: Array<[path: string, size: number]>;
}

let memoVersion: string | null = null;

/** pagefind's version (its package.json), which decides its output as much as its input does. */
function pagefindVersion(): string {
  if (memoVersion) return memoVersion;
  const entry = fileURLToPath(import.meta.resolve('pagefind'));
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  memoVersion = manifest.version;
  return memoVersion;
}

/** Digest of what pagefind makes a bundle from; documents are added in the order pagefind is given them. */
export class BundleKey {
  private readonly hash = createHash('sha256');

  constructor(settings: Record<string, string | undefined>) {
    this.hash.update(`aperture-pagefind-bundle\0${BUNDLE_FORMAT}\0${pagefindVersion()}\0`);
    for (const name of Object.keys(settings).sort()) this.hash.update(`${name}=${settings[name] ?? ''}\0`);
  }

  add(url: string, document: string): void {
    this.hash.update(`${url}\0${document}\0`);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** pagefind's settings from the environment (PAGEFIND_*), as its process will see them. */
export function pagefindEnvironment(defaults: Record<string, string>): Record<string, string | undefined> {
  const settings: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) if (name.startsWith('PAGEFIND_')) settings[name] = value;
  for (const [name, value] of Object.entries(defaults)) settings[name] ??= value;
  return settings;
}

/**
 * Every file under `dir` with its size, in path order (none when `dir` is missing).
 * Synchronous: a release checks every shard's kept bundle (11,000 files at 10,000 records)
 * before pagefind may start on the shard that has none, and through the thread pool's
 * promises the stats took over a second, queued behind other work.
 */
function sizedFiles(dir: string): Array<[path: string, size: number]> {
  const files = filesUnderSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return files.map((file): [string, number] => [file, statSync(path.join(dir, file)).size]);
}

/** The folder of the bundle kept for exactly this digest when it is whole; otherwise null. */
export function keptBundle(cacheDir: string, digest: string): string | null {
  const dir = path.join(cacheDir, BUNDLES_DIR, digest);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return null;
  }
  if (manifest.format !== BUNDLE_FORMAT || manifest.digest !== digest) return null;
  const files = path.join(dir, 'files');
  let found;
  try {
    found = sizedFiles(files);
  } catch {
    return null;
  }
  return JSON.stringify(found) === JSON.stringify(manifest.files) ? files : null;
}

/** Keeps the bundle pagefind just wrote at `bundleDir` (as hard links) by its digest. */
export async function keepBundle(cacheDir: string, digest: string, bundleDir: string): Promise<void> {
  const temporary = path.join(cacheDir, `.${TEMPORARY_PREFIX}${process.pid}.${randomBytes(4).toString('hex')}`);
  await linkTree(bundleDir, path.join(temporary, 'files'));
  const manifest: Manifest = { format: BUNDLE_FORMAT, digest, files: sizedFiles(path.join(temporary, 'files')) };
  await writeFile(path.join(temporary, MANIFEST), JSON.stringify(manifest));
  const kept = path.join(cacheDir, BUNDLES_DIR, digest);
  await discard(kept);
  await mkdir(path.dirname(kept), { recursive: true });
  await rename(temporary, kept);
}

/** Removes every kept bundle but those of `used` (the digests of this build's shards). */
export async function pruneBundles(cacheDir: string, used: ReadonlySet<string>): Promise<void> {
  const dir = path.join(cacheDir, BUNDLES_DIR);
  const unused = (await readdir(dir).catch(() => [] as string[])).filter((name) => !used.has(name)).map((name) => path.join(dir, name));
  const former = path.join(cacheDir, FORMER_BUNDLE_DIR);
  await discardAll(existsSync(former) ? [former, ...unused] : unused, cacheDir);
}

/** Puts the kept bundle's files at `bundleDir`. */
export async function placeBundle(kept: string, bundleDir: string): Promise<void> {
  await linkTree(kept, bundleDir);
}
