/**
 * pagefind's bundle, kept beside the index-input cache with the digest of everything it was
 * made from: the documents pagefind was given (URL and text, in order), pagefind's version
 * and its PAGEFIND_* settings. pagefind has no incremental index, so a build whose search
 * documents all changed or not costs the same (about 20 s of CPU at 10,000 records); a build
 * in which no search document changed (a file listing, a date that search does not show, a
 * tombstone's wording) writes the kept bundle instead of running pagefind.
 *
 * One file, `pagefind-bundle.bin`: a JSON header line (format, digest, then each file's path
 * and length) and the files' bytes one after the other. Written under a temporary name and
 * renamed into place; it is never linked into a build, so no build can write into it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE_FILE = 'pagefind-bundle.bin';
const BUNDLE_FORMAT = 1;

export interface BundleFile {
  /** Path inside the bundle folder, with `/` separators. */
  path: string;
  content: Buffer;
}

let memoVersion: string | null = null;

/** pagefind's version (its package.json), which decides its output as much as its input does. */
function pagefindVersion(): string {
  if (memoVersion) return memoVersion;
  const entry = fileURLToPath(import.meta.resolve('pagefind'));
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  memoVersion = manifest.version;
  return memoVersion;
}

/** Digest of what pagefind makes a bundle from; documents are added in the order pagefind is given them. */
export class BundleKey {
  private readonly hash = createHash('sha256');

  constructor(settings: Record<string, string | undefined>) {
    this.hash.update(`aperture-pagefind-bundle\0${BUNDLE_FORMAT}\0${pagefindVersion()}\0`);
    for (const name of Object.keys(settings).sort()) this.hash.update(`${name}=${settings[name] ?? ''}\0`);
  }

  add(url: string, document: string): void {
    this.hash.update(`${url}\0${document}\0`);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** pagefind's settings from the environment (PAGEFIND_*), as its process will see them. */
export function pagefindEnvironment(overrides: Record<string, string>): Record<string, string | undefined> {
  const settings: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) if (name.startsWith('PAGEFIND_')) settings[name] = value;
  for (const [name, value] of Object.entries(overrides)) settings[name] ??= value;
  return settings;
}

/** The kept bundle when it was made from exactly this digest; otherwise null. */
export async function readBundle(cacheDir: string, digest: string): Promise<BundleFile[] | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(cacheDir, BUNDLE_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return null;
  let header: { format: number; digest: string; files: Array<[path: string, length: number]> };
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline));
  } catch {
    return null;
  }
  if (header.format !== BUNDLE_FORMAT || header.digest !== digest) return null;
  const files: BundleFile[] = [];
  let offset = newline + 1;
  for (const [name, length] of header.files) {
    files.push({ path: name, content: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  // A file cut short (a full disk) is no bundle.
  return offset === bytes.length ? files : null;
}

export async function saveBundle(cacheDir: string, digest: string, files: BundleFile[]): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const header = JSON.stringify({ format: BUNDLE_FORMAT, digest, files: files.map((f) => [f.path, f.content.length]) });
  const temporary = path.join(cacheDir, `.${BUNDLE_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temporary, Buffer.concat([Buffer.from(`${header}\n`), ...files.map((f) => f.content)]));
    await rename(temporary, path.join(cacheDir, BUNDLE_FILE));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Files written at once: enough to keep the file system's thread pool busy. */
const WRITE_CONCURRENCY = 16;

/** Writes the bundle's files under `dir` (a folder that does not exist yet, or is empty). */
export async function writeBundle(dir: string, files: BundleFile[]): Promise<void> {
  const folders = new Set(files.map((f) => path.dirname(path.join(dir, f.path))));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      await writeFile(path.join(dir, file.path), file.content);
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
}
