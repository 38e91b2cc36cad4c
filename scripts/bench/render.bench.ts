/**
 * The render stage alone, at scale (`npm run bench -- render`): stages a seed catalogue of
 * BENCH_RENDER_SEED experiments (default 250) with the real pipeline, copies its staged page
 * models until they stand for BENCH_RENDER_RECORDS experiments (default 1,000; each copy
 * its own model files and routes), then renders that staged site in a fresh process each:
 * cold in one thread, cold with one worker per core, unchanged, and after one record's
 * model changed. Prints wall and CPU time, pages/s, pages rendered and peak RSS.
 *
 * BENCH_RENDER_DIGESTS=1 writes each model's SHA-256 into pages.jsonl, as a stage may.
 *
 * Copies share the seed's site.json, so home, browse and statistics pages list only the
 * seed's records: the figures are those of the /doi/ pages, which are almost all of them.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFixtureCatalogue, releasedMxSpec, type FixtureSpec } from '../../test/helpers/catalogue-fixtures.ts';
import { buildSite, PROJECT_ROOT } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { FIXTURE_CONFIG } from '../../test/helpers/build-fixture.ts';
import type { StagedPage } from '../../src/build/stage-types.ts';

const run = promisify(execFile);

interface Measured {
  pages: number;
  rendered: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
}

/** Copies the staged records `copies` times; copy k's routes and model folders carry a `-k` suffix. */
async function multiply(stageDir: string, copies: number, digests: boolean): Promise<void> {
  const pages = (await readFile(path.join(stageDir, 'pages.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as StagedPage);
  const folders = [...new Set(pages.map((p) => p.model.split('/').slice(0, 2).join('/')))];
  const withDigest = async (p: StagedPage): Promise<StagedPage> =>
    digests ? { ...p, digest: createHash('sha256').update(await readFile(path.join(stageDir, p.model))).digest('hex') } : p;
  const lines: string[] = [];
  for (const p of pages) lines.push(JSON.stringify(await withDigest(p)));
  for (let k = 1; k < copies; k++) {
    for (const folder of folders) await cp(path.join(stageDir, folder), path.join(stageDir, `${folder}-${k}`), { recursive: true });
    for (const p of pages) {
      const [doiPrefix, suffix, ...rest] = p.route.split('/').slice(1);
      const route = ['doi', doiPrefix, `${suffix}-${k}`, ...rest].join('/');
      const [top, folder, ...file] = p.model.split('/');
      lines.push(JSON.stringify(await withDigest({ ...p, route, model: [top, `${folder}-${k}`, ...file].join('/') })));
    }
  }
  await writeFile(path.join(stageDir, 'pages.jsonl'), lines.join('\n') + '\n');
}

async function renderOnce(stageDir: string, outDir: string, cacheDir: string, workers: number): Promise<Measured> {
  await rm(outDir, { recursive: true, force: true });
  const tsx = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx');
  const { stdout } = await run(tsx, [path.join(PROJECT_ROOT, 'scripts/bench/render-once.ts'), stageDir, outDir, cacheDir, String(workers)], {
    cwd: PROJECT_ROOT,
    maxBuffer: 1 << 26,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measured;
}

function line(label: string, m: Measured): string {
  return `${label.padEnd(34)} ${m.seconds.toFixed(1).padStart(6)} s wall ${m.cpuSeconds.toFixed(1).padStart(6)} s CPU ${String(m.rendered).padStart(7)}/${m.pages} pages rendered ${(m.pages / m.seconds).toFixed(0).padStart(5)} pages/s out  peak RSS ${(m.maxRssMB / 1024).toFixed(2)} GB`;
}

export default async function bench(): Promise<void> {
  const records = Number(process.env.BENCH_RENDER_RECORDS ?? 1000);
  const seed = Math.min(records, Number(process.env.BENCH_RENDER_SEED ?? 250));
  const root = await mkdtemp(path.join(os.tmpdir(), 'aperture-render-bench-'));
  const specs: FixtureSpec[] = [];
  for (let i = 0; i < seed; i++) specs.push(releasedMxSpec(`bench-${String(i).padStart(6, '0')}`, `10.5072/aperture-bench-${i}`, 15));
  await writeFixtureCatalogue(path.join(root, 'catalogue'), specs);
  await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', filesPerPage: 10 }));
  const work = path.join(root, 'work');
  const report = await buildSite({ config: await loadSiteConfig(path.join(root, 'aperture.config.json'), {}), outDir: path.join(root, 'seed-dist'), workDir: work, log: () => {}, renderWorkers: 1 });
  if (!report.ok) throw new Error('the seed catalogue did not build');
  const stageDir = path.join(work, 'site', 'models');
  const digests = Boolean(process.env.BENCH_RENDER_DIGESTS);
  await multiply(stageDir, Math.ceil(records / seed), digests);
  const out = path.join(root, 'dist');
  const workers = availableParallelism();
  console.log(`${records} experiments (${seed} staged, copied), ${workers} cores, model digests ${digests ? 'in pages.jsonl' : 'hashed by the renderer'}`);
  await mkdir(path.join(root, 'caches'), { recursive: true });
  console.log(line('cold, 1 thread', await renderOnce(stageDir, out, path.join(root, 'caches/one'), 1)));
  const cache = path.join(root, 'caches/workers');
  console.log(line(`cold, ${workers} workers`, await renderOnce(stageDir, out, cache, workers)));
  console.log(line(`unchanged, ${workers} workers`, await renderOnce(stageDir, out, cache, workers)));
  const pages = (await readFile(path.join(stageDir, 'pages.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as StagedPage);
  const landing = pages.find((p) => p.kind === 'landing')!;
  const model = path.join(stageDir, landing.model);
  const text = (await readFile(model, 'utf8')).replace('Lysozyme rotation data', 'Retitled lysozyme rotation data');
  await writeFile(model, text);
  if (digests) {
    landing.digest = createHash('sha256').update(text).digest('hex');
    await writeFile(path.join(stageDir, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
  }
  console.log(line(`one landing page changed, ${workers} workers`, await renderOnce(stageDir, out, cache, workers)));
  if (process.env.BENCH_RENDER_KEEP) console.log(`kept: ${root} (staged site in work/site/models)`);
  else await rm(root, { recursive: true, force: true });
}
