/**
 * Astro's only door to data: the site model staged by the pipeline (src/build/stage.ts)
 * in a folder of JSON files. Pages read their own model file at render time, so no page
 * holds another page's data and a 100,000-record catalogue is never in memory at once.
 *
 * It also gives every generated page its cache key (Astro's `cacheKey`, see
 * docs/architecture.md, "Rendering"): a page whose key and code are unchanged is not
 * rendered again; Astro restores its previous bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workerData } from 'node:worker_threads';
import type { StagedSite, StagedPage } from '../build/stage-types.ts';
import type { BrowseRoutes } from '../model/browse.ts';

let resolvedStage: { from: string | undefined; dir: string } | null = null;

/** The staged folder, resolved once per value of the variable: the listing asks for it per page (80,000 at 10,000 records). */
function stageDir(): string {
  const from = process.env.APERTURE_STAGE_DIR;
  if (resolvedStage === null || resolvedStage.from !== from) resolvedStage = { from, dir: path.resolve(from ?? '.aperture/site') };
  return resolvedStage.dir;
}

/**
 * What the site-wide caches below are kept by: the staged folder, and the render it serves.
 * A build stages into a folder of its own, but src/build/render-changed.ts renders with one
 * loaded bundle again and again in a process, maybe from a folder restaged in place, so it
 * counts its renders on globalThis (the bundle is not reachable from there otherwise).
 */
function cacheKeyOfStage(): string {
  return `${stageDir()}\0${(globalThis as Record<symbol, unknown>)[RENDER_GENERATION] ?? 0}`;
}

function readStaged(relative: string): Buffer {
  const file = path.join(stageDir(), relative);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`The staged site model is missing (${file}). Run \`aperture build\`, which stages it before rendering.`, {
      cause: error,
    });
  }
}

function readJson<T>(relative: string): T {
  return JSON.parse(readStaged(relative).toString('utf8')) as T;
}

/** A value made once per staged folder, kept in `cache` under the folder's key. */
function perStage<T>(cache: Map<string, T>, make: () => T): T {
  const at = cacheKeyOfStage();
  let value = cache.get(at);
  if (value === undefined) {
    value = make();
    if (cache.size >= 4) cache.clear(); // a folder of an earlier render in this process is not asked for again
    cache.set(at, value);
  }
  return value;
}

const sites = new Map<string, StagedSite>();

/** Site-wide data, read once per staged folder (every page's layout asks for it). */
export function stagedSite(): StagedSite {
  return perStage(sites, () => readJson<StagedSite>('site.json'));
}

/** Every page under /doi/ (landing pages, tombstones, dataset file pages). */
export function stagedPages(): StagedPage[] {
  const text = readStaged('pages.jsonl').toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StagedPage);
}

export function stagedModel<T>(relative: string): T {
  return readJson<T>(relative);
}

const routeTables = new Map<string, BrowseRoutes>();

/** The browse route table (browse/routes.json), read once per render: three routes list their pages from it. */
export function stagedRoutes(): BrowseRoutes {
  return perStage(routeTables, () => readJson<BrowseRoutes>('browse/routes.json'));
}

function digest(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

const siteKeys = new Map<string, { chrome: string; site?: string }>();

/**
 * Keys of the site-wide data: `chrome` (what every page's layout shows) and `site` (the whole
 * site model: summaries and facets too). Left out of `chrome`: the build date (no page shows
 * it, and with it every page would change on every build), and what only pages without a key
 * show, which render on every build anyway: the tagline (home, about) and the brand colour
 * (theme.css). With them, a new tagline rendered every page again to change two.
 * test/build/incremental.test.ts changes the tagline and compares with a clean build, so a
 * keyed page that started showing it would fail there.
 */
function siteKey(): { chrome: string; site: string } {
  const keys = chromeKeys();
  // Only on demand: serialising the whole site model (every record's summary) is the dearer half.
  if (keys.site === undefined) {
    const { chrome: _chrome, ...rest } = stagedSite();
    keys.site = digest(keys.chrome, JSON.stringify(rest));
  }
  return keys as { chrome: string; site: string };
}

function chromeKeys(): { chrome: string; site?: string } {
  return perStage(siteKeys, () => {
    const { buildDate: _buildDate, tagline: _tagline, facility, ...shown } = stagedSite().chrome;
    const { colour: _colour, ...facilityShown } = facility;
    return { chrome: digest(JSON.stringify({ ...shown, facility: facilityShown })) };
  });
}

function inRenderWorker(): boolean {
  return (workerData as { role?: string } | null)?.role === 'aperture-render-worker';
}

/**
 * Cache keys of pages rendered each from one staged model file: the site chrome's key, the
 * SHA-256 of the model's bytes (given by the stage, StagedPage.digest, or read and hashed
 * here) and the model file's name, side by side: the first two are digests already, and
 * hashing them again cost a hash per page every time the pages are listed (80,000 at 10,000
 * records, src/build/render-changed.ts). The name makes a key one page's only: every page
 * has a model file of its own, named for the page (a DOI's folder, a list's path), so a
 * render of changed pages may take a page's URL from the key its previous render gave it.
 * Only Astro's main thread reads keys; render workers (src/integration/render-worker.mjs)
 * also run getStaticPaths, to find a page's props, and skip the hashing (null).
 */
function modelKeys(): ((relative: string, modelDigest?: string) => string) | null {
  if (inRenderWorker()) return null;
  const chrome = chromeKeys().chrome.slice(0, 16);
  return (relative, modelDigest) => `${chrome}${modelDigest ?? createHash('sha256').update(readStaged(relative)).digest('hex')}:${relative}`;
}

interface KeyedModel {
  model: string;
  digest?: string;
}

interface StaticPathOf {
  params: Record<string, string | undefined>;
  props: Record<string, unknown>;
}

/**
 * Pages a render of changed pages (src/build/render-changed.ts) has from its previous render,
 * by cache key (modelKeys: one page's only), during its listing of the site only
 * (`generation` is that render's). Those pages are left out of the listing and their keys
 * noted in `unlisted`: the render takes their URLs and files from its previous manifest.
 * Astro's own work per listed path (its params checked, stringified twice and matched: about
 * a second for 80,000 pages) is then spent on the few pages that changed.
 */
export interface ListingShortcut {
  generation: number;
  keys: ReadonlySet<string>;
  unlisted: string[];
}

export const LISTING_SHORTCUT = Symbol.for('aperture.listing-shortcut');

/** Where src/build/render-changed.ts counts its renders on globalThis (cacheKeyOfStage, listingShortcut). */
export const RENDER_GENERATION = Symbol.for('aperture.render-generation');

function listingShortcut(): ListingShortcut | undefined {
  const shortcut = (globalThis as Record<symbol, ListingShortcut | undefined>)[LISTING_SHORTCUT];
  const generation = (globalThis as Record<symbol, unknown>)[RENDER_GENERATION];
  return shortcut && shortcut.generation === generation ? shortcut : undefined;
}

/**
 * The static paths of pages each rendered from one staged model file, with their cache keys
 * (modelKeys), but for the pages a render of changed pages has already (ListingShortcut).
 */
export function modelPaths<T extends KeyedModel>(items: readonly T[], pathOf: (item: T) => StaticPathOf): Array<StaticPathOf & { cacheKey?: string }> {
  const shortcut = listingShortcut();
  const keyOf = modelKeys();
  const paths: Array<StaticPathOf & { cacheKey?: string }> = [];
  for (const item of items) {
    const cacheKey = keyOf?.(item.model, item.digest);
    if (cacheKey !== undefined && shortcut?.keys.has(cacheKey)) {
      shortcut.unlisted.push(cacheKey);
      continue;
    }
    paths.push({ ...pathOf(item), cacheKey });
  }
  return paths;
}

/** Cache key of a page rendered from the site model (browse lists and the like): any change to it renders the page again. */
export function siteCacheKey(...parts: string[]): string | undefined {
  if (inRenderWorker()) return undefined;
  return digest(siteKey().site, ...parts);
}
