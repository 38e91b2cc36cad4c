/**
 * Removing a large folder (a superseded staged site, a kept build beyond the limit: 10,000
 * records are about 400,000 files) takes longer than the rest of a release build. The build
 * does not wait for it: the folder is renamed aside at once — one rename, so its name is free
 * and nothing lists it any more — and a detached process deletes it. A folder set aside by a
 * build whose remover never finished (a crash, a reboot) is handed to a new remover by the
 * next build (`discardLeftovers`).
 *
 * A remover first renames the folder to carry its own process id (`….by-<pid>`), so one
 * remover works on a folder at a time: a build that finds the folder still being removed
 * leaves it to its remover, and of two removers handed the same folder only the one whose
 * rename wins removes it. (Without this, every release of the bench started removers for the
 * folders earlier removers were still deleting, and they competed with the release for the disk.)
 * Removers also give way to work a build waits for, such as the next standby (remover.ts).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from './process-folders.ts';
import { spawnDetached } from '../build/spawn-worker.ts';

const PREFIX = '.discard-';

/** Sets `dir` aside under `holder` (same file system) and deletes it in the background. */
export async function discard(dir: string, holder = path.dirname(dir)): Promise<void> {
  const aside = path.join(holder, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await rename(dir, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  removeInBackground([aside]);
}

/**
 * Sets many folders aside at once (each one rename into a single folder under `holder`, on the
 * same file system) and deletes them with one background process.
 */
export async function discardAll(dirs: readonly string[], holder: string): Promise<void> {
  if (dirs.length === 0) return;
  const aside = path.join(holder, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(aside, { recursive: true });
  let n = 0;
  for (const dir of dirs) {
    try {
      await rename(dir, path.join(aside, String(n++)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  removeInBackground([aside]);
}

/** The process removing a set-aside folder, from its name. */
const REMOVER = /\.by-(\d+)$/;

/** Folders set aside under `holder` whose removal never finished (no remover runs for them) are removed again, in the background. */
export function discardLeftovers(holder: string): void {
  let names: string[];
  try {
    names = readdirSync(holder).filter((name) => name.startsWith(PREFIX));
  } catch {
    return;
  }
  const orphans = names.filter((name) => {
    const remover = REMOVER.exec(name)?.[1];
    return remover === undefined || !processAlive(Number(remover));
  });
  if (orphans.length) removeInBackground(orphans.map((name) => path.join(holder, name)));
}

function removeInBackground(dirs: string[]): void {
  // Each folder is first renamed to name this remover; one another remover renamed first (or that is gone) is skipped.
  const child = spawnDetached(import.meta.url, 'remover', { APERTURE_REMOVE: JSON.stringify(dirs) });
  child.on('error', () => {}); // the next build hands the folder over again
}
