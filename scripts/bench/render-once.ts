/**
 * One render of a staged site, as its own process so its peak RSS is its own (used by
 * render.bench.ts): `tsx scripts/bench/render-once.ts STAGE OUT CACHE WORKERS` prints JSON.
 */
import { renderSite, type RenderResult } from '../../src/build/render.ts';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const [stageDir, outDir, cacheDir, workers] = process.argv.slice(2);
const started = performance.now();
const cpu = process.cpuUsage();
const result: RenderResult = await renderSite({ root: PROJECT_ROOT, stageDir, outDir, cacheDir, siteUrl: 'https://data.example.org', workers: Number(workers) });
const used = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({ ...result, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
