/** The render stage: Astro turns the staged page models into HTML. The only stage that imports Astro. */
import { build } from 'astro';

export interface RenderOptions {
  root: string;
  stageDir: string;
  outDir: string;
  siteUrl: string;
  /** Vite/Astro cache, per work folder so concurrent builds never share one. */
  cacheDir: string;
}

export async function renderSite(o: RenderOptions): Promise<void> {
  // Pages find their models through this variable (src/integration/site-data.ts).
  process.env.APERTURE_STAGE_DIR = o.stageDir;
  process.env.APERTURE_SITE_URL = o.siteUrl;
  await build({ root: o.root, outDir: o.outDir, cacheDir: o.cacheDir, logLevel: 'warn', mode: 'production' });
}
