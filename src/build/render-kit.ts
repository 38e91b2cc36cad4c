/**
 * A render kit: what a process needs to render single pages of the site without running
 * `astro build` (src/build/render-changed.ts). Every full render (render.ts) saves one:
 * Astro's prerender bundle — the entry and every chunk it imports, which Astro deletes after
 * the build — the build state render workers are given (page styles, scripts) and the few
 * settings Astro's page generation reads. Kits live inside the project, so the bundle's
 * bare imports (`astro/…`) resolve from the project's node_modules: `<root>/.aperture/kits/<id>/`
 * (not `render-…`, which names a render's own scratch folder).
 *
 * A kit is named by the code that made it (codeDigest: src/, astro.config.mjs,
 * package-lock.json) and the site URL, which Astro bakes into the bundle (config.site). A
 * kit is made in a temporary folder and renamed into place whole, so a killed build never
 * leaves a half kit that a later process would use. Kits of the newest two versions of the
 * code are kept, each site's (a checkout may build several sites, and the test suite does at
 * once: pruning one site's kit would pull it from under another's render).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeDeadProcessFolders } from '../files/process-folders.ts';
import { codeDigest } from './unchanged-build.ts';
import { KIT_FORMAT } from '../integration/kit-snapshot.mjs';
const KEEP = 2;
const TEMP = /^\.tmp-(\d+)-/;

/** kit.json, as src/integration/kit-snapshot.mjs writes it. */
export interface KitFile {
  format: number;
  /** The prerender entry, relative to the kit folder. */
  entry: string;
  /** parallel-render.mjs's buildState: what a render worker is given. */
  state: { pages: Array<[string, unknown]>; scripts: Array<{ stage: string; content: string }> };
  /** What Astro's page generation reads of its config after a page renders. */
  astro: { base: string; site: string | null; trailingSlash: string; format: string; redirects: boolean; compressHTML: boolean; publicDir: string; port: number };
}

export interface RenderKit extends KitFile {
  id: string;
  dir: string;
  /** The prerender entry's file URL, to import. */
  entryUrl: string;
}

export function renderKitsDir(root: string): string {
  return path.join(root, '.aperture', 'kits');
}

/** The name of the kit the project's current code makes for a site at `siteUrl`: `<code>-<site>`. */
export function renderKitId(root: string, siteUrl: string, code = codeDigest(root)): string {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  return `${hash(`aperture-render-kit\0${KIT_FORMAT}\0${code}`).slice(0, 24)}-${hash(siteUrl).slice(0, 8)}`;
}

const codeOf = (id: string) => id.split('-')[0];

/** A fresh temporary folder name for a kit being made (the folder is made by the snapshot). */
export function newKitFolder(root: string): string {
  return path.join(renderKitsDir(root), `.tmp-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
}

/**
 * Makes the finished temporary folder `temp` the kit `id`. A kit of that id already there
 * (made from the same code and site URL) is kept and `temp` removed. Then older kits beyond
 * the newest two, and temporary folders of processes that are gone, are removed.
 */
export async function commitKit(root: string, temp: string, id: string): Promise<void> {
  const dir = path.join(renderKitsDir(root), id);
  try {
    await rename(temp, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    await rm(temp, { recursive: true, force: true });
  }
  await pruneKits(root, id);
}

async function pruneKits(root: string, current: string): Promise<void> {
  const holder = renderKitsDir(root);
  await removeDeadProcessFolders(holder, TEMP);
  const kits = readdirSync(holder).filter((name) => !name.startsWith('.'));
  // Code versions, newest kit first; the current one is kept whatever the clocks say.
  const newest = new Map<string, number>();
  for (const name of kits) newest.set(codeOf(name), Math.max(newest.get(codeOf(name)) ?? 0, madeAt(path.join(holder, name))));
  const versions = [...newest].filter(([code]) => code !== codeOf(current)).sort((a, b) => b[1] - a[1]);
  const keep = new Set([codeOf(current), ...versions.slice(0, KEEP - 1).map(([code]) => code)]);
  for (const name of kits) if (!keep.has(codeOf(name))) await rm(path.join(holder, name), { recursive: true, force: true });
}

function madeAt(dir: string): number {
  try {
    return statSync(path.join(dir, 'kit.json')).mtimeMs;
  } catch {
    return 0;
  }
}

/** The kit for the project's current code and `siteUrl`, or null when no full render has made one. */
export function findRenderKit(root: string, siteUrl: string): RenderKit | null {
  const id = renderKitId(root, siteUrl);
  const dir = path.join(renderKitsDir(root), id);
  let kit: KitFile;
  try {
    kit = JSON.parse(readFileSync(path.join(dir, 'kit.json'), 'utf8')) as KitFile;
  } catch {
    return null;
  }
  if (kit.format !== KIT_FORMAT) return null;
  return { ...kit, id, dir, entryUrl: pathToFileURL(path.join(dir, kit.entry)).href };
}
