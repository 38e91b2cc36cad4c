/**
 * Folders named after the process that made them (a build's scratch folders, spilled lookup
 * buckets, half-kept cache entries): those of a process that is gone are leftovers.
 */
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

/** Whether a process with this id runs (ours always does): folders named after a dead build's process are leftovers. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Entries of `parent` named by `pattern` (its first group: a pid) for a process that is gone. */
export function deadProcessFolders(parent: string, pattern: RegExp): string[] {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  return entries.filter((entry) => {
    const match = pattern.exec(entry);
    return match !== null && !processAlive(Number(match[1]));
  });
}

/** Removes the entries of `parent` whose name matches `pattern` (group 1: the pid that made them) and whose process is gone. */
export async function removeDeadProcessFolders(parent: string, pattern: RegExp): Promise<string[]> {
  const dead = deadProcessFolders(parent, pattern);
  for (const entry of dead) await rm(path.join(parent, entry), { recursive: true, force: true });
  return dead;
}
