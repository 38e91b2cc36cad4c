/**
 * Moving staged files aside and back by rename (never by copy, never written in place): what
 * an incremental build sets aside a failed one puts back (src/build/stage-ledger.ts,
 * src/build/stage-browse.ts).
 */
import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';

/** Renames `source` to `target`, making `target`'s folder; a `source` that is not there is no error. */
export async function moveIfThere(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await rename(source, target).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * Every file under `from` renamed to the same place under `to`, file by file: a folder under
 * `to` may hold files that stayed (a DOI prefix folder shared with kept records).
 */
export async function moveFilesInto(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(to, path.relative(from, source));
    await mkdir(path.dirname(target), { recursive: true });
    await rename(source, target);
  }
}
