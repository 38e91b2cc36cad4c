/**
 * The render stage: Astro turns the staged page models into HTML. The only stage that imports Astro.
 * Pages render in worker threads (src/integration/parallel-render.mjs), and a page whose staged
 * model, site chrome and code are unchanged since the last build with the same cacheDir is
 * restored from Astro's incremental cache instead of rendered (docs/architecture.md, Rendering).
 *
 * A full render also saves a render kit (render-kit.ts), with which a later build renders only
 * the pages whose cache key changed (render-changed.ts), and can write the page manifest that
 * such a render starts from (page-manifest.ts).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import type { Progress } from '../report/progress.ts';
import { writePageManifest, type ManifestPage } from './page-manifest.ts';
import { commitKit, newKitFolder, renderKitId } from './render-kit.ts';

export interface RenderOptions {
  root: string;
  stageDir: string;
  outDir: string;
  siteUrl: string;
  /** Vite/Astro cache, per work folder so concurrent builds never share one; it holds the pages kept for reuse. */
  cacheDir: string;
  /** Render worker threads; default one per core. 1 renders in this thread. */
  workers?: number;
  /** Told the page count and ticked per page rendered, from Astro's module graph (src/integration/parallel-render.mjs). */
  progress?: Pick<Progress, 'setTotal' | 'tick'>;
  /** Where to write the page manifest of this render (every page, its file and cache key), for render-changed.ts. */
  manifestFile?: string;
  /** Save a render kit for the project's code and this site URL (default true). */
  saveKit?: boolean;
}

export interface RenderResult {
  /** Pages Astro generated (each written to the output). */
  pages: number;
  /** Of those, pages rendered by this build; the others were restored from the incremental cache. */
  rendered: number;
}

export async function renderSite(o: RenderOptions): Promise<RenderResult> {
  // Pages find their models through this variable (src/integration/site-data.ts).
  process.env.APERTURE_STAGE_DIR = o.stageDir;
  process.env.APERTURE_SITE_URL = o.siteUrl;
  // Astro bundles the pages into outDir — or into <cwd>/.astro when outDir is outside the
  // working directory — and imports them from there; Node resolves their packages from that
  // place, and outside the project there is no node_modules ("Cannot find package").
  // So an outside outDir is rendered inside the project, from the project folder, then moved.
  const inside = within(o.root, o.outDir) && within(process.cwd(), o.outDir);
  const target = inside ? o.outDir : path.join(o.root, '.aperture', `render-${process.pid}-${Date.now().toString(36)}`);
  const cwd = process.cwd();
  if (!inside) process.chdir(o.root);
  // Astro's logger prints warnings to stdout, which is for data (`aperture … --json`); logs go to stderr.
  const stdoutWrite = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  if (o.workers !== undefined) process.env.APERTURE_RENDER_WORKERS = String(o.workers);
  else delete process.env.APERTURE_RENDER_WORKERS;
  const progressKey = Symbol.for('aperture.progress');
  (globalThis as Record<symbol, unknown>)[progressKey] = o.progress;
  // Named before Astro bundles, from the code it bundles.
  const kitId = o.saveKit === false ? null : renderKitId(o.root, o.siteUrl);
  // Filled by src/integration/parallel-render.mjs: the kit's files in `dir`, the pages in `manifest`.
  const kitDir = kitId ? newKitFolder(o.root) : null;
  // parallel-render.mjs sets dir to null when the kit could not be saved (the build goes on without one).
  const kit: { dir: string | null; manifest?: ManifestPage[] } = { dir: kitDir };
  const kitKey = Symbol.for('aperture.render-kit');
  (globalThis as Record<symbol, unknown>)[kitKey] = kit;
  try {
    await build({ root: o.root, outDir: target, cacheDir: o.cacheDir, logLevel: 'warn', mode: 'production' });
    if (!inside) await move(target, o.outDir);
    if (kitId && kit.dir && existsSync(path.join(kit.dir, 'kit.json'))) await commitKit(o.root, kit.dir, kitId);
    if (o.manifestFile) {
      if (!kit.manifest) throw new Error('The render gave no page manifest (src/integration/parallel-render.mjs is not in the Astro config).');
      await writePageManifest(o.manifestFile, { kit: kitId ?? renderKitId(o.root, o.siteUrl), pages: kit.manifest });
    }
  } finally {
    process.stdout.write = stdoutWrite;
    delete (globalThis as Record<symbol, unknown>)[progressKey];
    delete (globalThis as Record<symbol, unknown>)[kitKey];
    // A kit of a failed build is never used: its folder goes (a committed one was renamed away).
    if (kitDir) await rm(kitDir, { recursive: true, force: true });
    if (!inside) {
      process.chdir(cwd);
      await rm(target, { recursive: true, force: true });
    }
  }
  // Counted by the prerenderer (src/integration/parallel-render.mjs), which Astro loads in its own module graph.
  const stats = (globalThis as Record<symbol, RenderResult | undefined>)[Symbol.for('aperture.render-stats')];
  return { pages: stats?.pages ?? 0, rendered: stats?.rendered ?? 0 };
}

function within(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** rename, or copy and delete when the two folders are on different file systems. */
async function move(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true });
  }
}
