/**
 * The digest of a record's inputs: SHA-256 over every file in its folder (listings
 * included), in a stable order, each framed by its relative path and length so that moving
 * bytes between files changes the digest. Listings are streamed, never read whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `known` holds bytes already read (small metadata files) so they are not read twice.
 * Hidden files and folders (`.git`, `.DS_Store`) are not inputs.
 */
export async function folderDigest(id: string, folder: string, known: ReadonlyMap<string, Buffer> = new Map()): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`aperture-record\0${id}\0`);
  for (const relative of listFiles(folder)) {
    const bytes = known.get(relative);
    const size = bytes ? bytes.length : (await stat(path.join(folder, relative))).size;
    hash.update(`${relative}\0${size}\0`);
    if (bytes) hash.update(bytes);
    else for await (const chunk of createReadStream(path.join(folder, relative))) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Every regular file under `folder`, as `/`-separated relative paths in code-unit order.
 * Synchronous: a record folder holds a handful of entries, and the stamps of a whole
 * catalogue (record-stamps.ts) list 10,000 folders one after another.
 */
export function listFiles(folder: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(folder, prefix), { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(folder, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/** Locale-independent order, so every machine lists records the same way. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
