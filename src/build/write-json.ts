/** Small file-writing helpers for the staged site; every JSON write creates its folder. */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeJson(root: string, relative: string, value: unknown): Promise<void> {
  await writeText(root, relative, JSON.stringify(value));
}

/**
 * Writes a page model and returns the SHA-256 (hex) of its bytes: the page's render cache
 * key is made from it (StagedPage.digest, src/integration/site-data.ts), so listing the
 * site's pages never reads and hashes every model file again.
 */
export async function writeModel(root: string, relative: string, value: unknown): Promise<string> {
  const text = JSON.stringify(value);
  await writeText(root, relative, text);
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Folders this thread created (or is creating: files written together into one folder
 * share its mkdir). A staged record writes dozens of files into a handful of folders, and
 * a recursive mkdir before each write was a noticeable share of the stage's time; a
 * folder removed since (a discarded draft) is simply created again below.
 */
const made = new Map<string, Promise<unknown>>();

export async function writeText(root: string, relative: string, text: string): Promise<void> {
  const file = path.join(root, relative);
  const folder = path.dirname(file);
  let making = made.get(folder);
  if (!making) {
    if (made.size > 10_000) made.clear();
    making = mkdir(folder, { recursive: true });
    made.set(folder, making);
    making.catch(() => made.delete(folder));
  }
  await making;
  try {
    await writeFile(file, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(folder, { recursive: true });
    await writeFile(file, text);
  }
}

/** Guards against a slug or id that would write outside the output folder (conventions.md C4). */
export function insideRoot(root: string, relative: string): string {
  const resolved = path.resolve(root, relative);
  const base = path.resolve(root) + path.sep;
  if (!resolved.startsWith(base)) throw new Error(`refusing to write outside ${root}: ${relative}`);
  return relative;
}
