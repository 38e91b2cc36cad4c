/**
 * One renderChanged as its own process (used by render-changed.bench.ts), so its time, CPU
 * and peak RSS are its own and `node --cpu-prof` can profile it:
 * `node scripts/bench/render-changed-once.mjs STAGE OUT PREVIOUS-MANIFEST|- NEW-MANIFEST WORKERS SITE-URL`
 * prints JSON. Plain JavaScript over the compiled modules in lib/, run without tsx, as
 * `aperture build` runs them (`npm run bench` compiles lib/ first): tsx's loader hooks see
 * every module the bundle imports and were a good part of the time.
 */
import { fileURLToPath } from 'node:url';

const lib = (relative) => new URL(`../../lib/${relative}`, import.meta.url).href;
const { renderChanged } = await import(lib('build/render-changed.js'));
const { readPageManifest } = await import(lib('build/page-manifest.js'));
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const [stageDir, outDir, previousFile, manifestFile, workers, siteUrl] = process.argv.slice(2);
const started = performance.now();
const cpu = process.cpuUsage();
const previous = previousFile === '-' ? null : await readPageManifest(previousFile);
if (previousFile !== '-' && !previous) throw new Error(`No page manifest at ${previousFile}.`);
const result = await renderChanged({ root: PROJECT_ROOT, stageDir, siteUrl, previous, outDir, manifestFile, workers: Number(workers) });
if (!result) throw new Error('No render kit for the current code: run a full build first.');
const used = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({
    pages: result.pages,
    rendered: result.rendered,
    written: result.written.length,
    removed: result.removed.length,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
