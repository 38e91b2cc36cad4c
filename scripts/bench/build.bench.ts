/**
 * Build throughput at scale: a synthetic catalogue of N experiments (BENCH_RECORDS,
 * default 1,000; 3 datasets × 20 files each) plus one dataset of BENCH_BIG_FILES files
 * (default 200,000), built with the real pipeline twice (cold, then unchanged: citations
 * and previews come from the digest-keyed caches). Prints stage timings, pages per
 * second, peak memory and the largest file page.
 */
import { mkdtemp, readdir, stat, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { writeFixtureCatalogue, releasedMxSpec, bigDatasetSpec, type FixtureSpec } from '../../test/helpers/catalogue-fixtures.ts';
import { buildSite } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { FIXTURE_CONFIG } from '../../test/helpers/build-fixture.ts';

async function du(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

export default async function bench(): Promise<void> {
  const records = Number(process.env.BENCH_RECORDS ?? 1000);
  const bigFiles = Number(process.env.BENCH_BIG_FILES ?? 200_000);
  const root = await mkdtemp(path.join(os.tmpdir(), 'aperture-bench-'));
  const specs: FixtureSpec[] = [];
  for (let i = 0; i < records; i++) specs.push(releasedMxSpec(`bench-${String(i).padStart(6, '0')}`, `10.5072/aperture-bench-${i}`, 10));
  if (bigFiles > 0) specs.push(bigDatasetSpec(bigFiles, 'bench-big'));
  const started = performance.now();
  await writeFixtureCatalogue(path.join(root, 'catalogue'), specs);
  console.log(`catalogue: ${records} experiments + one dataset of ${bigFiles.toLocaleString('en')} files written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', filesPerPage: 500 }));
  const config = await loadSiteConfig(path.join(root, 'aperture.config.json'), {});
  const dist = path.join(root, 'dist');
  for (const run of ['cold', 'unchanged']) {
    const t0 = performance.now();
    const report = await buildSite({ config, outDir: dist, workDir: path.join(root, 'work'), log: () => {} });
    const seconds = (performance.now() - t0) / 1000;
    const out = await du(dist);
    console.log(
      `${run} build: ${seconds.toFixed(1)} s total, ${report.stage.pages} pages rendered (${(report.stage.pages / (report.timings['render (astro)'] ?? seconds)).toFixed(0)} pages/s in render), ` +
        `peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB, dist ${out.files.toLocaleString('en')} files / ${(out.bytes / 1e6).toFixed(0)} MB`,
    );
    for (const [stage, s] of Object.entries(report.timings)) console.log(`  ${stage.padEnd(42)} ${s.toFixed(2)} s`);
  }
  if (bigFiles > 0) {
    const pages = path.join(dist, 'doi/10.5072/aperture-big-fixture/datasets/sweep-1');
    const page2 = await readFile(path.join(pages, 'page/2/index.html'));
    console.log(`largest dataset: file page 2 is ${(page2.length / 1024).toFixed(0)} KB (${(gzipSync(page2).length / 1024).toFixed(0)} KB gzip) for 500 files`);
  }
  await rm(root, { recursive: true, force: true });
}
