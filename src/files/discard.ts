/**
 * Removing a large folder (a superseded staged site, a kept build beyond the limit: 10,000
 * records are about 400,000 files) takes longer than the rest of a release build. The build
 * does not wait for it: the folder is renamed aside at once — one rename, so its name is free
 * and nothing lists it any more — and a detached process deletes it. A folder set aside by a
 * build whose remover never finished (a crash, a reboot) is handed to a new remover by the
 * next build (`discardLeftovers`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';

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

/** Folders set aside under `holder` whose removal never finished are removed again, in the background. */
export function discardLeftovers(holder: string): void {
  let names: string[];
  try {
    names = readdirSync(holder).filter((name) => name.startsWith(PREFIX));
  } catch {
    return;
  }
  if (names.length) removeInBackground(names.map((name) => path.join(holder, name)));
}

function removeInBackground(dirs: string[]): void {
  const script = 'for (const dir of process.argv.slice(1)) { try { require("fs").rmSync(dir, { recursive: true, force: true, maxRetries: 3 }); } catch {} }';
  const child = spawn(process.execPath, ['-e', script, ...dirs], { detached: true, stdio: 'ignore' });
  child.on('error', () => {}); // the next build hands the folder over again
  child.unref();
}
