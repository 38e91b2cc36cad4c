/**
 * Hard links instead of copies. Staged and built files are never written in place once
 * written (every writer makes a new file), so one inode can safely appear in the record
 * cache, the staged site and several kept builds: a build of 10,000 records then costs a
 * link per unchanged file instead of a copy of its bytes (about 5 GB of copying per build).
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/** Links `source` at `target`, or copies it where a link cannot be made (another file system, a link limit). */
export async function linkOrCopy(source: string, target: string): Promise<void> {
  linkOrCopySync(source, target);
}

function linkOrCopySync(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    copyFileSync(source, target);
  }
}

/**
 * Mirrors every file under `from` into `to` as hard links, creating folders as needed. A file
 * already at a target path is replaced, as `cp -r` would. Returns the number of files.
 *
 * Synchronous inside: a link is a metadata call that takes microseconds, and a promise per
 * file through the thread pool cost twice the CPU. Linking a 10,000-record build (422,000
 * files) took 25.3 s and 34.7 s of CPU with 32 promises at a time, 18.4 s and 17.5 s so.
 */
export async function linkTree(from: string, to: string): Promise<number> {
  const made = new Set<string>();
  let files = 0;
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(to, path.relative(from, source));
    const folder = path.dirname(target);
    files += 1;
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    try {
      linkOrCopySync(source, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      unlinkSync(target);
      linkOrCopySync(source, target);
    }
  }
  return files;
}
