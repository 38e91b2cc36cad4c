/**
 * The per-record cache. Everything a record contributes to the staged site (page models,
 * public files, its summary, diagnostics) is a function of three things, and is stored on
 * disk under their hash:
 *
 * - the record digest (every input byte of the record, listings included: RawExperiment.digest);
 * - the site configuration, plus the two inputs that come from outside the catalogue: the
 *   keys object-storage verification found missing, and the build's UTC day (a record's
 *   "last modified" never names a day after the build);
 * - the code version: a hash of the staging code itself (every source file under src/
 *   except the renderer's folders) and of package-lock.json (dependency versions, e.g.
 *   citation-js), plus RECORD_CACHE_FORMAT, bumped when the entry layout changes. Any edit
 *   to staging code therefore invalidates every entry; nothing has to remember to bump.
 *
 * An entry is written under a temporary name and renamed into place only when the record
 * staged completely, so a failed or interrupted record leaves no entry. A hit costs a
 * read of the entry's result and hard links into the staged site (a copy where links are
 * not possible); staged files are never written in place afterwards, so the links are safe.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StagedRecordResult, RecordOut } from './stage-record.ts';
import { linkOrCopy } from '../files/link-tree.ts';
import { discardAll, discardLeftovers } from '../files/discard.ts';
import type { SiteConfig } from '../config/site-config.ts';

/** Bump when the layout of an entry or of StagedRecordResult changes. */
export const RECORD_CACHE_FORMAT = 1;

/** Folders of src/ that only the renderer reads: editing them does not change staged output. */
const RENDER_ONLY = new Set(['components', 'pages', 'layouts', 'styles', 'client', 'integration']);

let memoCodeVersion: string | null = null;

/** Hash of the staging code and dependency versions this process runs (see the module comment). */
export function codeVersion(): string {
  if (memoCodeVersion) return memoCodeVersion;
  const src = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256').update(`aperture-stage-code\0${RECORD_CACHE_FORMAT}\0`);
  const walk = (dir: string, relative: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!(relative === '' && RENDER_ONLY.has(entry.name))) walk(path.join(dir, entry.name), rel);
      } else if (entry.isFile()) {
        hash.update(`${rel}\0`).update(readFileSync(path.join(dir, entry.name))).update('\0');
      }
    }
  };
  walk(src, '');
  try {
    hash.update(readFileSync(path.join(src, '..', 'package-lock.json')));
  } catch {
    // an installed copy without a lockfile: the sources alone decide
  }
  memoCodeVersion = hash.digest('hex');
  return memoCodeVersion;
}

/**
 * Configuration only site-wide outputs read: the tagline (home and about pages, the DCAT
 * catalogue), the builds kept for rollback, where the published-DOI list is read back
 * from, and how the search index is sharded. A record's staging is given the configuration
 * without them (recordConfig), so the compiler keeps staging code from reading them and
 * changing them stages no record again
 * (test/build/incremental.test.ts changes the tagline and compares with a clean build).
 */
const SITE_WIDE_ONLY = ['tagline', 'keepBuilds', 'persistence', 'search'] as const;
type SiteWideOnly = (typeof SITE_WIDE_ONLY)[number];

/** The configuration a record's staging sees, and its cache key hashes (see siteKey). */
export type RecordConfig = Omit<SiteConfig, SiteWideOnly>;

export function recordConfig<C extends SiteConfig>(config: C): Omit<C, SiteWideOnly> {
  const copy: Partial<C> = { ...config };
  for (const key of SITE_WIDE_ONLY) delete copy[key];
  return copy as Omit<C, SiteWideOnly>;
}

/** The configuration part of the key: everything outside the record that its outputs depend on (given recordConfig's result). */
export function siteKey(config: unknown, now: Date, unavailableKeys?: ReadonlySet<string>): string {
  const hash = createHash('sha256').update(JSON.stringify(config)).update(`\0${now.toISOString().slice(0, 10)}\0`);
  for (const key of [...(unavailableKeys ?? [])].sort()) hash.update(`${key}\n`);
  return hash.digest('hex');
}

export function recordKey(digest: string, site: string, code: string): string {
  return createHash('sha256').update(`${digest}\0${site}\0${code}`).digest('hex');
}

/** The files an entry holds, relative to its models and public folders. */
export interface EntryFiles {
  models: string[];
  public: string[];
}

export interface CachedRecord extends StagedRecordResult {
  files: EntryFiles;
  /**
   * Reading an image failed: the failure may be passing (an object store that did not
   * answer), so the next build stages the record again instead of reusing this entry.
   */
  retry?: true;
}

export interface EntryDraft {
  out: RecordOut;
  /** Renames the draft into place with its result; returns what was stored. */
  commit(result: StagedRecordResult): Promise<CachedRecord>;
  discard(): Promise<void>;
}

export class RecordCache {
  constructor(readonly dir: string) {}

  private entry(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key);
  }

  lookup(key: string): Promise<CachedRecord | null> {
    return cacheLookup(this.entry(key));
  }

  async draft(key: string): Promise<EntryDraft> {
    const final = this.entry(key);
    const temp = `${final}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const out = { models: path.join(temp, 'models'), public: path.join(temp, 'public') };
    await mkdir(out.models, { recursive: true });
    await mkdir(out.public, { recursive: true });
    return {
      out,
      async commit(result) {
        const cached: CachedRecord = { ...result, files: { models: await listTree(out.models), public: await listTree(out.public) } };
        if (result.diagnostics.some((d) => d.code.startsWith('image/') && d.severity === 'error')) cached.retry = true;
        await writeFile(path.join(temp, 'result.json'), JSON.stringify(cached));
        try {
          await rename(temp, final);
        } catch {
          if (await cacheLookup(final)) {
            // Another build committed the same key first; its entry is identical.
            await rm(temp, { recursive: true, force: true });
          } else {
            // A retry entry (or a broken one) is replaced.
            await rm(final, { recursive: true, force: true });
            await rename(temp, final);
          }
        }
        return cached;
      },
      discard: () => rm(temp, { recursive: true, force: true }),
    };
  }

  /** Puts an entry's files into the staged site. `made` remembers folders already created. */
  async place(key: string, files: EntryFiles, to: RecordOut, made: Set<string>): Promise<void> {
    const from = this.entry(key);
    const put = async (relative: string, sourceRoot: string, targetRoot: string) => {
      const target = path.join(targetRoot, relative);
      const folder = path.dirname(target);
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        // Bounded: forgetting a folder only costs another mkdir.
        if (made.size > 50_000) made.clear();
        made.add(folder);
      }
      await linkOrCopy(path.join(sourceRoot, relative), target);
    };
    await Promise.all([
      ...files.models.map((f) => put(f, path.join(from, 'models'), to.models)),
      ...files.public.map((f) => put(f, path.join(from, 'public'), to.public)),
    ]);
  }

  /**
   * Removes entries this build did not use (and drafts left by interrupted builds), so the
   * cache holds one generation: its size follows the catalogue, not the build history.
   */
  async prune(used: ReadonlySet<string>): Promise<number> {
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch {
      return 0;
    }
    const unused: string[] = [];
    for (const shard of shards) {
      // Only the two-hex-digit shards are this cache's: discarded entries wait in `.discard-*` folders, and other caches may sit beside them.
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdir(path.join(this.dir, shard)).catch(() => [] as string[])) {
        if (!used.has(name)) unused.push(path.join(this.dir, shard, name));
      }
    }
    // Deleting is slow on some disks (about 40 files per entry, and a changed configuration
    // makes every entry unused): the entries are set aside at once and deleted in the background.
    await discardAll(unused, this.dir);
    discardLeftovers(this.dir);
    return unused.length;
  }
}

async function cacheLookup(entry: string): Promise<CachedRecord | null> {
  try {
    const cached = JSON.parse(await readFile(path.join(entry, 'result.json'), 'utf8')) as CachedRecord;
    return cached && cached.outcome && Array.isArray(cached.files?.models) && !cached.retry ? cached : null;
  } catch {
    return null; // missing or unreadable: stage again
  }
}

async function listTree(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  }
  return out.sort();
}
