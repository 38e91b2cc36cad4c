/**
 * Renders only the pages that changed since a previous render, without `astro build`: with
 * the render kit a full render saved (render-kit.ts: Astro's prerender bundle and the state
 * its pages need), every route's pages are listed through the bundle's own getStaticPaths
 * over the new staged site, and a page is rendered when its cache key is null (pages that
 * render on every build), new, or not the one the previous page manifest holds. Pages are
 * rendered as `astro build` renders them — in worker threads (parallel-render.mjs's pool and
 * render-worker.mjs) or in this thread for a few — and Astro's own renderPath turns each
 * response into the file Astro would write (status pages, endpoints, redirects, the public
 * folder's precedence), so each file's bytes are those a full build gives.
 *
 * The files go to a fresh folder: the caller lays them over the previous build's output
 * (which holds every page left as it was) and deletes `removed` there.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import type { Progress } from '../report/progress.ts';
import type { ManifestPage, PageManifest } from './page-manifest.ts';
import { writePageManifest } from './page-manifest.ts';
import { findRenderKit, type RenderKit } from './render-kit.ts';
import { LISTING_SHORTCUT, RENDER_GENERATION, type ListingShortcut } from '../integration/site-data.ts';

export interface RenderChangedOptions {
  /** Project root: the kit is looked for under it (render-kit.ts). */
  root: string;
  /** The new staged site (APERTURE_STAGE_DIR). Not a folder an earlier render in this process read, unless restaged in place (site-data.ts counts renders). */
  stageDir: string;
  siteUrl: string;
  /** The manifest of the render whose output the written files are laid over; null renders every page. */
  previous: PageManifest | null;
  /** A fresh, empty folder: each rendered page is written there at the path Astro gives it. */
  outDir: string;
  /** Where to write this render's manifest; it is also returned. */
  manifestFile?: string;
  /** Render worker threads; default one per core. 1 renders in this thread. */
  workers?: number;
  progress?: Pick<Progress, 'setTotal' | 'tick'>;
}

export interface RenderChangedResult {
  /** Pages the site has. */
  pages: number;
  /** Of those, pages rendered now. */
  rendered: number;
  /** Of those, pages Astro listed: the others were known unchanged by their keys, from the previous manifest. */
  listed: number;
  /** Files written to outDir, relative and `/`-separated. */
  written: string[];
  /** Files of the previous render the site no longer has: delete them from the previous output. */
  removed: string[];
  manifest: PageManifest;
}

/** Fewer pages than this render in this thread: starting workers (each imports the bundle) would cost more. */
const PAGES_PER_WORKER = 64;

/** Astro's module runtime in this process, by file (as src/integration/render-page.mjs does). */
async function astroModule<T>(relative: string): Promise<T> {
  return (await import(new URL(relative, import.meta.resolve('astro')).href)) as T;
}

interface RouteData {
  component: string;
  route: string;
  type: string;
  [other: string]: unknown;
}

interface StaticPath {
  pathname: string;
  route: RouteData;
  cacheKey?: string;
}

interface Rendered {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: ArrayBuffer | null;
  metadata: unknown;
}

/**
 * Renders the changed pages of the site staged in `o.stageDir` into `o.outDir`, or returns
 * null when there is no render kit for the project's current code and site URL (no full
 * render made one yet): the caller then renders the whole site (render.ts, renderSite).
 */
export async function renderChanged(o: RenderChangedOptions): Promise<RenderChangedResult | null> {
  const kit = findRenderKit(o.root, o.siteUrl);
  if (!kit) return null;
  process.env.APERTURE_STAGE_DIR = o.stageDir;
  process.env.APERTURE_SITE_URL = o.siteUrl;
  (globalThis as Record<symbol, number>)[RENDER_GENERATION] = ((globalThis as Record<symbol, number>)[RENDER_GENERATION] ?? 0) + 1;

  const [{ pageRenderer }, pageListing, { WorkerPool, renderWorkers }] = await Promise.all([
    import('../integration/render-page.mjs'),
    import('../integration/page-files.mjs'),
    import('../integration/parallel-render.mjs'),
  ]);
  const { app } = (await import(kit.entryUrl)) as { app: { manifest: unknown; routeCache?: { clearAll(): void } } };
  const renderHere = pageRenderer(app, kit.state);
  // The bundle stays loaded between renders in one process; its getStaticPaths results must not.
  const { getRouteCache } = await astroModule<{ getRouteCache(manifest: unknown): { clearAll(): void } }>('./core/render/route-cache.js');

  const { StaticPaths } = await astroModule<{ StaticPaths: new (app: unknown) => { getAll(): Promise<StaticPath[]> } }>('./runtime/prerender/static-paths.js');
  // A previous render with another kit (other code, another site URL) may differ anywhere.
  const previousPages = o.previous?.kit === kit.id ? o.previous.pages : [];
  const listing = await listPages(kit, previousPages, () => {
    app.routeCache?.clearAll();
    getRouteCache(app.manifest).clearAll();
    return new StaticPaths(app).getAll();
  }, pageListing, (globalThis as Record<symbol, number>)[RENDER_GENERATION]);
  const { paths, pages } = listing;
  const routeOf = new Map<string, StaticPath>();
  for (const p of paths) if (!routeOf.has(p.pathname)) routeOf.set(p.pathname, p);

  const before = new Map(previousPages.map((p) => [p.url, p]));
  const changed = pages.filter((p) => {
    const was = before.get(p.url);
    return p.key === null || !was || was.key !== p.key || was.file !== p.file;
  });
  o.progress?.setTotal(changed.length);

  const workers = Math.min(o.workers ?? renderWorkers(), Math.ceil(changed.length / PAGES_PER_WORKER));
  const pool = workers > 1 ? new WorkerPool(workers, { role: 'aperture-render-worker', entry: kit.entryUrl, state: kit.state }) : null;
  const written: string[] = [];
  const empty = new Set<string>();
  try {
    const generate = await pageGeneration(kit, o);
    const limit = pLimit(pool ? workers * 4 : 1);
    await Promise.all(
      changed.map((page) =>
        limit(async () => {
          const { route, pathname } = routeOf.get(page.url)!;
          const result = await generate.renderPath(pathname, route, async (task): Promise<Rendered> => (pool ? pool.run(task) : renderHere(task)));
          o.progress?.tick();
          if (!result) {
            empty.add(page.file); // no file, as `astro build` writes none
            return;
          }
          const file = path.relative(o.outDir, fileURLToPath(result.outFile)).split(path.sep).join('/');
          // The manifest must name the file Astro writes, or the next render would leave it behind.
          if (file !== page.file) throw new Error(`Astro wrote ${page.url} to ${file}, but the page manifest names ${page.file}.`);
          await mkdir(result.outFolder, { recursive: true });
          await writeFile(result.outFile, result.body);
          written.push(file);
        }),
      ),
    );
  } finally {
    await pool?.close();
  }
  const files = new Set(pages.map((p) => p.file).filter((file) => !empty.has(file)));
  const removed = [...new Set((o.previous?.pages ?? []).map((p) => p.file))].filter((file) => !files.has(file));
  const manifest: PageManifest = { kit: kit.id, pages };
  if (o.manifestFile) await writePageManifest(o.manifestFile, manifest);
  written.sort();
  removed.sort();
  return { pages: pages.length, rendered: changed.length, listed: listing.listed, written, removed, manifest };
}

/** The pages this render found by listing (paths, in the manifest) and those it took, unlisted, from the previous manifest (in it only). */
interface Listing {
  paths: StaticPath[];
  pages: ManifestPage[];
  listed: number;
}

/**
 * Every page of the site. Each page with a cache key that one page of the previous render
 * had, and no other, is left out of Astro's listing (site-data.ts, ListingShortcut): its URL,
 * file and key are that page's, since a key names the page's model file, its bytes and the
 * chrome, and the file follows from the URL and the kit. The pages listed come in the order
 * Astro gives; those taken from the previous manifest follow, in its order.
 *
 * Should a key be left out twice, or a page taken from the previous manifest share its URL
 * with one listed, the site is listed again in full, as without the shortcut: neither can
 * happen while every page has a model file of its own, but the manifest is what decides
 * which files the output keeps.
 */
async function listPages(
  kit: RenderKit,
  previous: readonly ManifestPage[],
  list: () => Promise<StaticPath[]>,
  { pageFiles, samePageKey }: { pageFiles(paths: StaticPath[], config: { build: { format: string } }): ManifestPage[]; samePageKey(url: string): string },
  generation: number,
): Promise<Listing> {
  const config = { build: { format: kit.astro.format } };
  const byKey = new Map<string, ManifestPage | null>();
  for (const p of previous) if (p.key !== null) byKey.set(p.key, byKey.has(p.key) ? null : p);
  const keys = new Set([...byKey].filter(([, p]) => p !== null).map(([key]) => key));
  const shortcut: ListingShortcut = { generation, keys, unlisted: [] };
  const global = globalThis as Record<symbol, ListingShortcut | undefined>;
  global[LISTING_SHORTCUT] = shortcut;
  let paths: StaticPath[];
  try {
    paths = await list();
  } finally {
    // Only this listing: pages rendered in this thread look up their props in a full one.
    delete global[LISTING_SHORTCUT];
  }
  const listed: ManifestPage[] = pageFiles(paths, config);
  const taken = shortcut.unlisted.map((key) => byKey.get(key)!);
  // The same page as pageFiles tells them apart: Astro's own rule, the path without its trailing slash.
  const urls = new Set(listed.map((p) => samePageKey(p.url)));
  const whole = new Set(shortcut.unlisted).size === taken.length && taken.every((p) => !urls.has(samePageKey(p.url)));
  if (whole) return { paths, pages: [...listed, ...taken], listed: listed.length };
  const all = await list();
  const pages = pageFiles(all, config);
  return { paths: all, pages, listed: pages.length };
}

type RenderTask = { url: string; component: string; route: string; collectMetadata: boolean };

/**
 * Astro's own page generation step for one page (generate.js renderPath: the request URL, the
 * redirect page, the output file), given what it reads of the build: the kit's config
 * settings, with the output folder `o.outDir`.
 */
async function pageGeneration(kit: RenderKit, o: RenderChangedOptions) {
  const { renderPath } = await astroModule<{ renderPath(options: unknown): Promise<{ body: Buffer | string; outFile: URL; outFolder: URL } | null> }>('./core/build/generate.js');
  const { astro } = kit;
  const logger = {
    error: (label: string, message: string) => process.stderr.write(`[${label}] ${message}\n`),
    warn: (label: string, message: string) => process.stderr.write(`[${label}] ${message}\n`),
    info() {},
    debug() {},
  };
  const config = {
    root: pathToFileURL(`${o.root}/`),
    outDir: pathToFileURL(`${path.resolve(o.outDir)}/`),
    publicDir: pathToFileURL(`${path.join(o.root, astro.publicDir)}/`),
    base: astro.base,
    site: astro.site ?? undefined,
    trailingSlash: astro.trailingSlash,
    compressHTML: astro.compressHTML,
    build: { format: astro.format, redirects: astro.redirects },
  };
  const options = {
    settings: { config, buildOutput: 'static', adapter: undefined },
    origin: astro.site ? new URL(astro.site).origin : `http://localhost:${astro.port}`,
    routesList: { routes: [] },
    logger,
  };
  return {
    renderPath(pathname: string, route: RouteData, render: (task: RenderTask) => Promise<Rendered>) {
      const prerenderer = {
        async render(request: Request, { routeData, collectMetadata }: { routeData: RouteData; collectMetadata: boolean }) {
          const result = await render({ url: request.url, component: routeData.component, route: routeData.route, collectMetadata: Boolean(collectMetadata) });
          return { response: new Response(result.body, { status: result.status, statusText: result.statusText, headers: result.headers }), metadata: result.metadata };
        },
      };
      // collectMetadata as `astro build` with the incremental cache asks for it.
      return renderPath({ prerenderer, pathname, route, options, logger, collectMetadata: true });
    },
  };
}
