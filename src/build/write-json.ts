/** Small file-writing helpers for the staged site; every JSON write creates its folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeJson(root: string, relative: string, value: unknown): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

export async function writeText(root: string, relative: string, text: string): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Guards against a slug or id that would write outside the output folder (conventions.md C4). */
export function insideRoot(root: string, relative: string): string {
  const resolved = path.resolve(root, relative);
  const base = path.resolve(root) + path.sep;
  if (!resolved.startsWith(base)) throw new Error(`refusing to write outside ${root}: ${relative}`);
  return relative;
}
