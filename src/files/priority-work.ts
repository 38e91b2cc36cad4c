/**
 * Background disk work that can wait, and work that should not. After a release the machine
 * links the next standby (420,000 hard links at 10,000 records) and deletes superseded builds
 * and staged sites (as many unlinks each). Run together they share the disk: on the 2-core
 * bench machine a standby that takes 18 s alone took 100 s beside two removers, and a curator's
 * next release waited 78 s for it. Work that a build waits for holds a marker here while it
 * runs; removers pause while any marker's process is alive (src/files/remover.ts).
 *
 * The markers are machine-wide (in the temporary folder), not per site: every Aperture process
 * on the machine shares its disk.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from './process-folders.ts';

export function priorityMarkers(): string {
  return path.join(os.tmpdir(), 'aperture-priority-work');
}

/** Marks this process's work as one removers wait for, until the returned function is called. */
export function holdPriority(what: string): () => void {
  const dir = priorityMarkers();
  const marker = path.join(dir, `${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(marker, what);
  } catch {
    return () => {}; // no marker: removers just do not wait
  }
  return () => rmSync(marker, { force: true });
}

/** Whether a process holding priority is running; markers of processes that are gone are removed. */
export function priorityWorkRunning(): boolean {
  let names: string[];
  try {
    names = readdirSync(priorityMarkers());
  } catch {
    return false;
  }
  let running = false;
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) running = true;
    else rmSync(path.join(priorityMarkers(), name), { force: true });
  }
  return running;
}
