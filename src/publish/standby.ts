/**
 * The standby build: a copy of the live build made of hard links, prepared in the background
 * after a build goes live, so the next build can start from it instead of from nothing.
 *
 * Every build goes to a folder of its own that becomes live with one rename (local-release.ts).
 * At 10,000 records that folder is about 420,000 files; writing them all for a release that
 * changes forty is most of the release's time. The standby already holds every one of them
 * (as links to the live build's files, which are never written in place), so an incremental
 * build takes it — one rename — and replaces only what changed (src/files/sync-tree.ts).
 *
 * It is never live and never a kept build: it sits in `<out>.builds/.standby-<live build>`,
 * made under a temporary name and renamed when complete, so a standby that exists is whole.
 * A standby for any other build than the live one (after a rollback, say) is discarded.
 */
import { existsSync, readdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildsDir } from './local-release.ts';
import { discard } from '../files/discard.ts';
import { spawnDetached } from '../build/spawn-worker.ts';

const PREFIX = '.standby-';

function standbyDir(outDir: string, live: string): string {
  return path.join(buildsDir(outDir), `${PREFIX}${live}`);
}

/**
 * Starts linking the live build into its standby in a detached process (standby-link.ts; it
 * outlives a CLI that exits at once). Standbys of other builds are discarded.
 */
export async function prepareStandby(outDir: string, live: string): Promise<void> {
  await discardOtherStandbys(outDir, live);
  const target = standbyDir(outDir, live);
  if (existsSync(target)) return;
  const child = spawnDetached(import.meta.url, 'standby-link', { APERTURE_STANDBY_FROM: path.join(buildsDir(outDir), live), APERTURE_STANDBY_TO: target });
  child.on('error', () => {}); // no standby: the next build makes its folder itself
}

/**
 * Moves the live build's standby to `into`, waiting for one still being made (by a process
 * that is alive) up to `waitMs`. False when there is none: the caller links the live build itself.
 */
export async function takeStandby(outDir: string, live: string, into: string, waitMs = 15 * 60_000): Promise<boolean> {
  const target = standbyDir(outDir, live);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await rename(target, into);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (!inProgress(outDir, live) || Date.now() > deadline) return false;
    await sleep(100);
  }
}

/** A standby of `live` being made by a process that is still running. */
function inProgress(outDir: string, live: string): boolean {
  const prefix = `${PREFIX}${live}.tmp-`;
  for (const name of safeList(buildsDir(outDir))) {
    if (!name.startsWith(prefix)) continue;
    try {
      process.kill(Number(name.slice(prefix.length)), 0);
      return true;
    } catch {
      /* its maker is gone */
    }
  }
  return false;
}

async function discardOtherStandbys(outDir: string, live: string): Promise<void> {
  for (const name of safeList(buildsDir(outDir))) {
    if (!name.startsWith(PREFIX) || name === `${PREFIX}${live}`) continue;
    if (name.startsWith(`${PREFIX}${live}.tmp-`) && inProgress(outDir, live)) continue;
    await discard(path.join(buildsDir(outDir), name));
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
