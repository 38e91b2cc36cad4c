/**
 * Bringing a folder of an incremental build's output up to date from freshly written files,
 * without ever writing a file in place: the output starts as hard links to the live build's
 * files, so writing into one would change the live build (and the kept ones) too.
 *
 * A file whose bytes are unchanged keeps its inode, so the next site diff and publish see it
 * as the same file; a changed or new one is linked in place of the old (a new inode); a file
 * that is gone is unlinked. Every path touched is returned, so the build knows what changed.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { linkOrCopy } from './link-tree.ts';
import { boundedTasks } from '../build/bounded-tasks.ts';

/** Large compares, and replacements, in flight at once: each waits on several syscalls in turn. */
const COMPARING = 32;

export interface TreeChanges {
  /** Files added or replaced (relative to the target, `/`-separated). */
  written: string[];
  /** Files removed. */
  removed: string[];
}

/** Every file under `dir`, relative and `/`-separated; none when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return relativeFiles(dir, entries);
}

/** filesUnder in this thread, for a caller that must not wait behind the thread pool's queue. */
export function filesUnderSync(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return relativeFiles(dir, entries);
}

function relativeFiles(dir: string, entries: Dirent[]): string[] {
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Puts `source` at `target` as a new link, replacing what is there in one rename. */
export async function replaceWithLink(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.link`;
  await linkOrCopy(source, temporary);
  await rename(temporary, target);
}

/** Files larger than this are compared a chunk at a time: `records.jsonl` is 117 MB at 10,000 records. */
const WHOLE_COMPARE = 1024 * 1024;

/**
 * Whether `target` already holds the bytes of `source` (then it keeps its inode), decided in
 * this thread where it can be: most files of a release's index are one file under two names
 * (a kept bundle or lookup shard linked again), and most of the rest are pagefind's
 * content-named files written again with the same bytes. Through the thread pool's promises
 * the stats and reads of 13,000 files took 1.5 s of this thread at 10,000 records; synchronous,
 * a tenth of that. Null: two large files of the same size, to be compared in chunks.
 */
function sameNow(source: string, target: string): boolean | null {
  const x = statSync(source, { throwIfNoEntry: false });
  const y = statSync(target, { throwIfNoEntry: false });
  if (x === undefined || y === undefined) return false;
  if (x.ino === y.ino && x.dev === y.dev) return true;
  if (x.size !== y.size) return false;
  if (x.size > WHOLE_COMPARE) return null;
  try {
    return readFileSync(source).equals(readFileSync(target));
  } catch {
    return false;
  }
}

/** Two files of the same size compared in chunks, stopping at the first difference. */
async function sameChunks(a: string, b: string): Promise<boolean> {
  const [p, q] = await Promise.all([open(a), open(b)]);
  try {
    const one = Buffer.allocUnsafe(WHOLE_COMPARE);
    const two = Buffer.allocUnsafe(WHOLE_COMPARE);
    for (;;) {
      const [r, s] = await Promise.all([p.read(one, 0, WHOLE_COMPARE), q.read(two, 0, WHOLE_COMPARE)]);
      if (r.bytesRead !== s.bytesRead || !one.subarray(0, r.bytesRead).equals(two.subarray(0, s.bytesRead))) return false;
      if (r.bytesRead === 0) return true;
    }
  } finally {
    await Promise.all([p.close(), q.close()]);
  }
}

/** What syncParts would change: files to link anew from `fresh`, files to remove; paths relative to both roots. */
export interface SyncPlan {
  replace: string[];
  remove: string[];
}

/**
 * What makes `target/<part>` hold exactly the files of `fresh/<part>` for each part (a folder
 * or a file), comparing bytes, without changing anything: files to link from `fresh` (new, or
 * other bytes), and files under a part that `fresh` lacks, to remove. Another thread may plan
 * against a folder holding the same files as the target (its files' other names).
 */
export async function planSync(fresh: string, target: string, parts: readonly string[]): Promise<SyncPlan> {
  const plan: SyncPlan = { replace: [], remove: [] };
  for (const part of parts) {
    const from = path.join(fresh, part);
    const to = path.join(target, part);
    const isFolder = await stat(from).then((s) => s.isDirectory(), () => null);
    const targetIsFolder = await stat(to).then((s) => s.isDirectory(), () => null);
    const newFiles = isFolder ? await filesUnder(from) : isFolder === false ? [''] : [];
    const oldFiles = targetIsFolder ? await filesUnder(to) : targetIsFolder === false ? [''] : [];
    const keep = new Set(newFiles);
    const name = (relative: string) => (relative ? `${part}/${relative}` : part);
    for (const relative of oldFiles) if (!keep.has(relative)) plan.remove.push(name(relative));
    const differs = new Array<boolean>(newFiles.length).fill(false);
    const tasks = boundedTasks(COMPARING);
    for (const [i, relative] of newFiles.entries()) {
      const source = path.join(from, relative);
      const destination = path.join(to, relative);
      const same = sameNow(source, destination);
      if (same) continue;
      if (same === false) {
        differs[i] = true;
        continue;
      }
      await tasks.add(async () => {
        differs[i] = !(await sameChunks(source, destination).catch(() => false));
      });
    }
    await tasks.drain();
    // In listing order, whatever order the compares finished in.
    for (const [i, relative] of newFiles.entries()) if (differs[i]) plan.replace.push(name(relative));
  }
  return plan;
}

/** Carries out a plan of planSync on `target`: removals first, then the new links. */
export async function applySync(fresh: string, target: string, plan: SyncPlan): Promise<TreeChanges> {
  for (const file of plan.remove) await unlink(path.join(target, file));
  const tasks = boundedTasks(COMPARING);
  for (const file of plan.replace) await tasks.add(() => replaceWithLink(path.join(fresh, file), path.join(target, file)));
  await tasks.drain();
  return { written: [...plan.replace], removed: [...plan.remove] };
}

/**
 * Makes `target/<part>` hold exactly the files of `fresh/<part>` for each part (a folder or a
 * file), comparing bytes; files under a part that `fresh` lacks are removed.
 */
export async function syncParts(fresh: string, target: string, parts: readonly string[]): Promise<TreeChanges> {
  return applySync(fresh, target, await planSync(fresh, target, parts));
}

/** Links `files` (relative paths under `from`) into `to`, replacing what is there. */
export async function linkFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  for (const relative of files) await replaceWithLink(path.join(from, relative), path.join(to, relative));
}

/** Unlinks `files` (relative to `root`) where they exist; returns those that did. */
export async function unlinkFiles(root: string, files: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const relative of files) {
    try {
      await unlink(path.join(root, relative));
      removed.push(relative);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

