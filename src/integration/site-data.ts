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

function stageDir(): string {
  return path.resolve(process.env.APERTURE_STAGE_DIR ?? '.aperture/site');
}

/**
 * What the site-wide caches below are kept by: the staged folder, and the render it serves.
 * A build stages into a folder of its own, but src/build/render-changed.ts renders with one
 * loaded bundle again and again in a process, maybe from a folder restaged in place, so it
 * counts its renders on globalThis (the bundle is not reachable from there otherwise).
 */
function cacheKeyOfStage(): string {
  return `${stageDir()}\0${(globalThis as Record<symbol, unknown>)[Symbol.for('aperture.render-generation')] ?? 0}`;
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
 * Cache key of a page rendered from one staged model file: the site chrome's key and the
 * SHA-256 of the model's bytes (given by the stage, StagedPage.digest, or read and hashed
 * here), side by side: both are digests already, and hashing them again cost a hash per
 * page every time the pages are listed (80,000 at 10,000 records, src/build/render-changed.ts).
 * Only Astro's main thread reads keys; render workers (src/integration/render-worker.mjs)
 * also run getStaticPaths, to find a page's props, and skip the hashing.
 */
export function modelCacheKey(relative: string, modelDigest?: string): string | undefined {
  if (inRenderWorker()) return undefined;
  return `${chromeKeys().chrome.slice(0, 16)}${modelDigest ?? createHash('sha256').update(readStaged(relative)).digest('hex')}`;
}

/** Cache key of a page rendered from the site model (browse lists and the like): any change to it renders the page again. */
export function siteCacheKey(...parts: string[]): string | undefined {
  if (inRenderWorker()) return undefined;
  return digest(siteKey().site, ...parts);
}
