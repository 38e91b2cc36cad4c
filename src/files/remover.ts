/**
 * The detached process that deletes folders set aside by discard.ts. Each folder is first
 * renamed to name this process (`….by-<pid>`), so one remover works on a folder at a time; a
 * folder another remover renamed first, or that is gone, is skipped. Deletion is depth first,
 * file by file, pausing while work a build waits for holds the disk (priority-work.ts).
 */
import { readdirSync, renameSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { priorityWorkRunning } from './priority-work.ts';

/** Removals between two looks at the priority markers. */
const CHECK_EVERY = 256;
const PAUSE_MS = 250;
/**
 * Pauses end after this long in all: a standby takes well under a minute, and one whose maker
 * hangs (stopped, not dead) must not keep a superseded build on the disk for ever.
 */
const MOST_PAUSED_MS = 10 * 60_000;

let sinceCheck = 0;
let paused = 0;
async function maybePause(): Promise<void> {
  if (++sinceCheck < CHECK_EVERY) return;
  sinceCheck = 0;
  while (paused < MOST_PAUSED_MS && priorityWorkRunning()) {
    await sleep(PAUSE_MS);
    paused += PAUSE_MS;
  }
}

async function removeTree(dir: string): Promise<void> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await removeTree(full);
    else unlinkSync(full);
    await maybePause();
  }
  rmdirSync(dir);
}

export async function removeAll(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    const mine = dir.replace(/(\.by-\d+)?$/, `.by-${process.pid}`);
    try {
      renameSync(dir, mine);
    } catch {
      continue;
    }
    // Whatever cannot be removed now (a file another process holds open elsewhere, a folder
    // it writes into) stays under a `.discard-` name for the next build to hand over again.
    await removeTree(mine).catch(() => {});
  }
}

const dirs = process.env.APERTURE_REMOVE;
if (dirs) await removeAll(JSON.parse(dirs) as string[]);
