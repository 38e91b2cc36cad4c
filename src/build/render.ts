/** The render stage: Astro turns the staged page models into HTML. The only stage that imports Astro. */
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
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
  try {
    await build({ root: o.root, outDir: target, cacheDir: o.cacheDir, logLevel: 'warn', mode: 'production' });
    if (!inside) await move(target, o.outDir);
  } finally {
    process.stdout.write = stdoutWrite;
    if (!inside) {
      process.chdir(cwd);
      await rm(target, { recursive: true, force: true });
    }
  }
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
