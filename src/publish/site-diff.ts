/**
 * What a build changes on the site, file by file: the curator's "what will change" before a
 * release goes live, and its record afterwards. Two built sites are compared by content.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { boundedTasks } from '../build/bounded-tasks.ts';
import { SHARDS_FILE, type ShardManifest } from '../index/shard-list.ts';

export interface SiteDiff {
  pages: { added: string[]; changed: string[]; removed: string[] };
  files: { added: number; changed: number; removed: number; unchanged: number };
  /** Pages the search index holds (its shard list's page counts), before and after. */
  searchEntries: { before: number; after: number };
}

/** Site paths of pages (`/doi/…/`) from file paths (`doi/…/index.html`). */
function pageOf(file: string): string | null {
  if (file === 'index.html') return '/';
  return file.endsWith('/index.html') ? `/${file.slice(0, -'index.html'.length)}` : null;
}

export interface ChangedFiles {
  written: readonly string[];
  removed: readonly string[];
  /** How many files `after` holds, when the build knows (else they are counted). */
  files?: number;
}

/**
 * `changed`: the files a build wrote or removed, when it says (an incremental build: the
 * other files of `after` are `before`'s, linked), so only those are compared and the rest
 * are counted, not read: at 10,000 records a site is 420,000 files.
 */
export async function diffSites(before: string | null, after: string, changed?: ChangedFiles): Promise<SiteDiff> {
  if (changed && before && existsSync(before)) return diffChanged(before, after, changed);
  const [a, b] = await Promise.all([before && existsSync(before) ? listing(before) : new Map<string, FileInfo>(), listing(after)]);
  const diff: SiteDiff = {
    pages: { added: [], changed: [], removed: [] },
    files: { added: 0, changed: 0, removed: 0, unchanged: 0 },
    searchEntries: { before: before ? await searchEntries(before) : 0, after: await searchEntries(after) },
  };
  const compare = boundedTasks(16);
  const record = (file: string, kind: 'added' | 'changed' | 'unchanged') => {
    diff.files[kind]++;
    const page = pageOf(file);
    if (page && kind !== 'unchanged') diff.pages[kind].push(page);
  };
  for (const [file, now] of b) {
    const was = a.get(file);
    if (was === undefined) record(file, 'added');
    else await compare.add(async () => record(file, (await sameContent(was, now)) ? 'unchanged' : 'changed'));
  }
  await compare.drain();
  for (const file of a.keys()) {
    if (b.has(file)) continue;
    diff.files.removed++;
    const page = pageOf(file);
    if (page) diff.pages.removed.push(page);
  }
  for (const list of Object.values(diff.pages)) list.sort();
  return diff;
}

async function diffChanged(before: string, after: string, changed: ChangedFiles): Promise<SiteDiff> {
  const info = async (root: string, file: string): Promise<FileInfo | null> => {
    const full = path.join(root, file);
    try {
      const s = await stat(full);
      return { full, size: s.size, dev: s.dev, ino: s.ino };
    } catch {
      return null;
    }
  };
  const total = changed.files ?? (await readdir(path.resolve(after), { withFileTypes: true, recursive: true })).filter((e) => e.isFile()).length;
  const diff: SiteDiff = {
    pages: { added: [], changed: [], removed: [] },
    files: { added: 0, changed: 0, removed: 0, unchanged: 0 },
    searchEntries: { before: await searchEntries(before), after: await searchEntries(after) },
  };
  for (const file of new Set(changed.written)) {
    const [was, now] = await Promise.all([info(before, file), info(after, file)]);
    if (!now) continue;
    const kind = !was ? 'added' : (await sameContent(was, now)) ? null : 'changed';
    if (!kind) continue;
    diff.files[kind]++;
    const page = pageOf(file);
    if (page) diff.pages[kind].push(page);
  }
  for (const file of new Set(changed.removed)) {
    if (!(await info(before, file)) || (await info(after, file))) continue;
    diff.files.removed++;
    const page = pageOf(file);
    if (page) diff.pages.removed.push(page);
  }
  diff.files.unchanged = total - diff.files.added - diff.files.changed;
  for (const list of Object.values(diff.pages)) list.sort();
  return diff;
}

/** Pages in a built site's search index, as its shard list counts them (none without one). */
async function searchEntries(root: string): Promise<number> {
  try {
    const manifest = JSON.parse(await readFile(path.join(root, 'pagefind', SHARDS_FILE), 'utf8')) as ShardManifest;
    return manifest.shards.reduce((sum, shard) => sum + shard.pages, 0);
  } catch {
    return 0;
  }
}

interface FileInfo {
  full: string;
  size: number;
  dev: number;
  ino: number;
}

async function listing(root: string): Promise<Map<string, FileInfo>> {
  const out = new Map<string, FileInfo>();
  const base = path.resolve(root);
  for (const entry of await readdir(base, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const s = await stat(full);
    out.set(path.relative(base, full).split(path.sep).join('/'), { full, size: s.size, dev: s.dev, ino: s.ino });
  }
  return out;
}

/**
 * Builds share unchanged files as hard links (src/files/link-tree.ts), so the same inode is
 * the same content without reading a byte; different sizes differ; only the rest is read.
 */
async function sameContent(a: FileInfo, b: FileInfo): Promise<boolean> {
  if (a.dev === b.dev && a.ino === b.ino) return true;
  if (a.size !== b.size) return false;
  // Large files (catalogue dumps, manifests of huge datasets) are hashed as streams, never held whole.
  if (a.size > 1 << 20) return (await sha256(a.full)) === (await sha256(b.full));
  const [x, y] = await Promise.all([readFile(a.full), readFile(b.full)]);
  return x.equals(y);
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export function formatSiteDiff(diff: SiteDiff, limit = 20): string {
  const lines: string[] = [];
  const show = (label: string, pages: string[]) => {
    lines.push(`${label}: ${pages.length}`);
    for (const page of pages.slice(0, limit)) lines.push(`  ${page}`);
    if (pages.length > limit) lines.push(`  … and ${pages.length - limit} more`);
  };
  show('pages added', diff.pages.added);
  show('pages changed', diff.pages.changed);
  show('pages removed', diff.pages.removed);
  lines.push(`files: ${diff.files.added} added, ${diff.files.changed} changed, ${diff.files.removed} removed, ${diff.files.unchanged} unchanged`);
  lines.push(`search entries: ${diff.searchEntries.before} → ${diff.searchEntries.after}`);
  return lines.join('\n');
}
