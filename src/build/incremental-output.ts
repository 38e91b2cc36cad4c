/**
 * An incremental build's output folder: it starts as the live build (its standby, or hard
 * links made now) and only what this build changed is laid over it. Every change goes through
 * src/files/sync-tree.ts, which never writes a file in place (the files are the live build's
 * too), and is recorded, so the audit can look at the changed files alone.
 *
 * Possible only when the staged site this build started from is the one the live build was
 * made from (`built.json` in the staged site names it): after a rollback, the live build is
 * another, and the build writes a whole new folder instead.
 */
import { readdirSync } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { linkTree } from '../files/link-tree.ts';
import { holdPriority } from '../files/priority-work.ts';
import { filesUnder, linkFiles, syncParts, unlinkFiles, type TreeChanges } from '../files/sync-tree.ts';
import { buildsDir } from '../publish/local-release.ts';
import { takeStandby } from '../publish/standby.ts';

/** Beside the staged site: the build it became live as, and what that build's audit looked for. */
export const BUILT_FILE = 'built.json';

export interface Built {
  live: string;
  /** Digest of the release gate's needles: the same needles need not be looked for in unchanged files again. */
  needles: string;
  /** One key per needle (release-needles.ts needleKeys): a build with new needles looks for those alone in the files it left unchanged. */
  needleKeys?: string[];
  /**
   * How many files that build's output holds, so a release can say how many it left unchanged
   * without listing the other 420,000 (8 s at 10,000 records).
   */
  files?: number;
}

export async function readBuilt(stagedSite: string): Promise<Built | null> {
  try {
    const built = JSON.parse(await readFile(path.join(stagedSite, BUILT_FILE), 'utf8')) as Built;
    if (typeof built?.live !== 'string' || typeof built.needles !== 'string') return null;
    // Keys that are not a list of strings are as good as none: every needle counts as new.
    if (!Array.isArray(built.needleKeys) || !built.needleKeys.every((k) => typeof k === 'string')) delete built.needleKeys;
    return built;
  } catch {
    return null;
  }
}

export async function writeBuilt(stagedSite: string, built: Built): Promise<void> {
  await writeFile(path.join(stagedSite, BUILT_FILE), JSON.stringify(built));
}

/** Files under `dir`, counted without building a list of them. */
export function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += countFiles(path.join(dir, entry.name));
    else if (entry.isFile()) n++;
  }
  return n;
}

/**
 * Files in an incremental build's output: the live build's `base` count, plus the files it
 * wrote that the live build lacked, less those it removed (every one the live build's).
 */
export async function filesAfter(base: number, liveDir: string, changes: OutputChanges): Promise<number> {
  let added = 0;
  for (const file of changes.written) if (!(await stat(path.join(liveDir, file)).catch(() => null))) added++;
  return base + added - changes.removed.size;
}

/** Collects every path an incremental build changed in its output. */
export class OutputChanges {
  readonly written = new Set<string>();
  readonly removed = new Set<string>();
  /** Every write, in order, a file as often as it was written. */
  private readonly writes: string[] = [];

  add(changes: TreeChanges): void {
    for (const file of changes.written) {
      this.written.add(file);
      this.removed.delete(file);
      this.writes.push(file);
    }
    for (const file of changes.removed) {
      this.removed.add(file);
      this.written.delete(file);
    }
  }

  /** A point in the changes, for writtenSince. */
  mark(): number {
    return this.writes.length;
  }

  /** Files written after `mark` (even if also before) and not removed since, in the order they were first written after it. */
  writtenSince(mark: number): string[] {
    return [...new Set(this.writes.slice(mark))].filter((file) => this.written.has(file));
  }
}

/**
 * Puts the live build's files at `outNext`: its standby when one is ready (or being made),
 * otherwise hard links made now. Returns how it was done, for the report.
 */
export async function startFromLive(outDir: string, live: string, outNext: string): Promise<'standby' | 'linked'> {
  if (await takeStandby(outDir, live, outNext)) return 'standby';
  // The build waits for these links: removers give way meanwhile (src/files/priority-work.ts).
  const release = holdPriority('linking the live build');
  try {
    await linkTree(path.join(buildsDir(outDir), live), outNext);
  } finally {
    release();
  }
  return 'linked';
}

export interface StagedChanges {
  /** The staged public files of this build (`<staged>/public`). */
  publicDir: string;
  /** What the stage set aside of the previous staged site (`<staged>/.previous/public`). */
  previousPublic: string;
  /** Record routes (DOI slugs) whose public folder this build's staged site has anew. */
  placed: string[];
}

/**
 * Lays the stage's changes over the output: the public files of the records set aside go,
 * those of the records placed anew come, and the site-wide public files (catalogue dumps,
 * sitemaps, feeds) are brought up to date by content.
 */
export async function applyStagedChanges(outNext: string, s: StagedChanges, changes: OutputChanges): Promise<void> {
  const gone = (await filesUnder(path.join(s.previousPublic, 'doi'))).map((f) => `doi/${f}`);
  changes.add({ written: [], removed: await unlinkFiles(outNext, gone) });
  for (const route of s.placed) {
    const files = (await filesUnder(path.join(s.publicDir, 'doi', route))).map((f) => `doi/${route}/${f}`);
    await linkFiles(s.publicDir, outNext, files);
    changes.add({ written: files, removed: [] });
  }
  const parts = new Set<string>();
  for (const dir of [s.publicDir, s.previousPublic]) for (const name of await readdir(dir).catch(() => [] as string[])) if (name !== 'doi') parts.add(name);
  changes.add(await syncParts(s.publicDir, outNext, [...parts].sort()));
}
