/**
 * A record's stamp: what its input files look like to `stat` — path, size, modification and
 * change times (nanoseconds) and inode of every visible file in its folder — hashed. Two equal
 * stamps mean the folder was not written in between (change time cannot be set back by a
 * program), so an incremental build trusts the record's staged outputs without reading a
 * byte of it, as git's index trusts a file's stat data.
 *
 * A file modified in the last two seconds could be written again within the same clock tick
 * without its times moving ("racy git"); such a record gets no stamp, so the next build reads
 * it again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ID_PATTERN } from '../record/identity.ts';
import { compare, listFiles } from './record-digest.ts';

/** A file modified this close to the stamp may change again unseen. */
export const RACY_MS = 2_000;

/** Record id → stamp (null: too recently modified to be trusted, or unreadable). */
export type RecordStamps = Map<string, string | null>;

/**
 * Stamps of every experiment folder of a filesystem catalogue, in catalogue order.
 *
 * Synchronous system calls, on purpose: a 10,000-record catalogue is 60,000 stats, which
 * take 0.55 s one after another and 1.4 s through the thread pool's promises (measured on
 * the release bench's catalogue, page cache warm), and nothing else runs while a build
 * takes its stamps.
 */
export async function experimentFolderStamps(root: string, now = Date.now()): Promise<RecordStamps> {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return new Map();
  }
  const ids = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && ID_PATTERN.test(e.name))
    .map((e) => e.name)
    .sort(compare);
  return new Map(ids.map((id) => [id, folderStamp(path.join(root, id), now)]));
}

function folderStamp(folder: string, now: number): string | null {
  try {
    const hash = createHash('sha256');
    for (const relative of listFiles(folder)) {
      const s = statSync(path.join(folder, relative), { bigint: true });
      if (Number(s.mtimeMs > s.ctimeMs ? s.mtimeMs : s.ctimeMs) > now - RACY_MS) return null;
      hash.update(`${relative}\0${s.size}\0${s.mtimeNs}\0${s.ctimeNs}\0${s.ino}\0`);
    }
    return hash.digest('hex');
  } catch {
    return null; // unreadable now: the build reads it and reports why
  }
}
