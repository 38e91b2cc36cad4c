/**
 * What a build changes on the site, file by file: the curator's "what will change" before a
 * release goes live, and its record afterwards. Two built sites are compared by content.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface SiteDiff {
  pages: { added: string[]; changed: string[]; removed: string[] };
  files: { added: number; changed: number; removed: number; unchanged: number };
  /** Pages the search index holds (pagefind fragments), before and after. */
  searchEntries: { before: number; after: number };
}

/** Site paths of pages (`/doi/…/`) from file paths (`doi/…/index.html`). */
function pageOf(file: string): string | null {
  if (file === 'index.html') return '/';
  return file.endsWith('/index.html') ? `/${file.slice(0, -'index.html'.length)}` : null;
}

export async function diffSites(before: string | null, after: string): Promise<SiteDiff> {
  const [a, b] = await Promise.all([before && existsSync(before) ? fingerprints(before) : new Map<string, string>(), fingerprints(after)]);
  const diff: SiteDiff = {
    pages: { added: [], changed: [], removed: [] },
    files: { added: 0, changed: 0, removed: 0, unchanged: 0 },
    searchEntries: { before: countFragments(a), after: countFragments(b) },
  };
  for (const [file, hash] of b) {
    const was = a.get(file);
    const kind = was === undefined ? 'added' : was === hash ? 'unchanged' : 'changed';
    diff.files[kind]++;
    const page = pageOf(file);
    if (page && kind !== 'unchanged') diff.pages[kind].push(page);
  }
  for (const file of a.keys()) {
    if (b.has(file)) continue;
    diff.files.removed++;
    const page = pageOf(file);
    if (page) diff.pages.removed.push(page);
  }
  for (const list of Object.values(diff.pages)) list.sort();
  return diff;
}

function countFragments(files: Map<string, string>): number {
  let n = 0;
  for (const file of files.keys()) if (file.startsWith('pagefind/fragment/')) n++;
  return n;
}

async function fingerprints(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.set(path.relative(root, full).split(path.sep).join('/'), await sha256(full));
    }
  };
  await walk(path.resolve(root));
  return out;
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
