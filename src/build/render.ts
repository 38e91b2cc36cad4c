/**
 * The render stage: Astro turns the staged page models into HTML. The only stage that imports Astro.
 * Pages render in worker threads (src/integration/parallel-render.mjs), and a page whose staged
 * model, site chrome and code are unchanged since the last build with the same cacheDir is
 * restored from Astro's incremental cache instead of rendered (docs/architecture.md, Rendering).
 */
import { build } from 'astro';

export interface RenderOptions {
  root: string;
  stageDir: string;
  outDir: string;
  siteUrl: string;
  /** Vite/Astro cache, per work folder so concurrent builds never share one; it holds the pages kept for reuse. */
  cacheDir: string;
  /** Render worker threads; default one per core. 1 renders in this thread. */
  workers?: number;
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
  if (o.workers !== undefined) process.env.APERTURE_RENDER_WORKERS = String(o.workers);
  else delete process.env.APERTURE_RENDER_WORKERS;
  await build({ root: o.root, outDir: o.outDir, cacheDir: o.cacheDir, logLevel: 'warn', mode: 'production' });
  // Counted by the prerenderer (src/integration/parallel-render.mjs), which Astro loads in its own module graph.
  const stats = (globalThis as Record<symbol, RenderResult | undefined>)[Symbol.for('aperture.render-stats')];
  return { pages: stats?.pages ?? 0, rendered: stats?.rendered ?? 0 };
}
