/**
 * `npm run bench -- render-changed [--sizes 1000,10000] [--keep DIR] [--profile]` (issue 14,
 * "release in seconds"): the render stage of a one-record change on a built site of N
 * synthetic experiments, two ways:
 * - `astro build` with the incremental cache, as `aperture build` runs it (its own
 *   "render (astro)" timing, from the build's report);
 * - renderChanged (src/build/render-changed.ts) with the render kit the full build saved, in
 *   a process of its own (scripts/bench/render-changed-once.mjs), from the page manifest of the
 *   previous render.
 * The previous manifest comes from a renderChanged of every page of the first staged site,
 * which is measured too (a full render with the kit, no Vite). So is a renderChanged with
 * nothing changed: the fixed cost of listing every page and reading the manifest.
 * --profile writes a CPU profile of the one-record renderChanged (node --cpu-prof) into the
 * work folder, and keeps it.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, syntheticExperiment } from '../synthetic-catalogue.ts';
import { linkTree } from '../../src/files/link-tree.ts';
import { APERTURE, ROOT, benchBase, measured, s, syntheticSite, table, type Usage } from './build.bench.ts';

const ARGS = ['--config', 'aperture.config.json', '--out', 'dist', '--work-dir', 'work'];
const ONCE = path.join(ROOT, 'scripts/bench/render-changed-once.mjs');

interface Once {
  pages: number;
  rendered: number;
  written: number;
  removed: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
}

async function build(root: string, label: string): Promise<{ usage: Usage; render: number; staged: string }> {
  const log = path.join(root, `${label}.log`);
  const usage = await measured(process.execPath, [APERTURE, 'build', ...ARGS], root, log);
  if (usage.code !== 0) throw new Error(`aperture build exited ${usage.code}; see ${log}`);
  const report = JSON.parse(await readFile(path.join(root, 'work/report.json'), 'utf8')) as { timings: Record<string, number> };
  // The next build replaces the staged site: keep this one (links, no copy).
  const staged = path.join(root, `staged-${label}`);
  await linkTree(path.join(root, 'work/site/models'), staged);
  return { usage, render: report.timings['render (astro)'], staged };
}

async function once(root: string, label: string, stage: string, previous: string | null, manifest: string, profile: boolean): Promise<Once & { usage: Usage }> {
  const out = path.join(root, `fresh-${label}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const log = path.join(root, `${label}.log`);
  const node = profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, 'profiles')] : [];
  const usage = await measured(process.execPath, [...node, ONCE, stage, out, previous ?? '-', manifest, String(os.availableParallelism()), 'https://data.example.org'], ROOT, log);
  const text = await readFile(log, 'utf8');
  if (usage.code !== 0) throw new Error(`render-changed-once exited ${usage.code}; see ${log}:\n${text.slice(-2000)}`);
  const json = text.split('\n').filter((line) => line.startsWith('{')).at(-1)!;
  return { ...(JSON.parse(json) as Once), usage };
}

export default async function bench(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { sizes: { type: 'string' }, keep: { type: 'string' }, profile: { type: 'boolean' } } });
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : [1000];
  const base = await benchBase(values.keep, 'render-changed');
  const keep = Boolean(values.keep || values.profile);
  process.stdout.write(`node ${process.version}, ${os.cpus().length} cores; work in ${base}\n`);
  try {
    for (const n of sizes) {
      const root = path.join(base, `n${n}`);
      const options = { ...DEFAULT_OPTIONS, experiments: n };
      const { catalogue } = await syntheticSite(root, options, { siteUrl: 'https://data.example.org' });
      const cold = await build(root, 'cold');
      const all = await once(root, 'every-page', cold.staged, null, path.join(root, 'manifest-0.json'), false);

      // A curator corrects one record's title.
      const titled = syntheticExperiment(Math.floor(n / 2), options).id;
      const file = path.join(catalogue, titled, 'datacite.json');
      const json = JSON.parse(await readFile(file, 'utf8'));
      json.titles[0].title = `${json.titles[0].title} (corrected)`;
      await writeFile(file, JSON.stringify(json, null, 2) + '\n');
      const changed = await build(root, 'title');
      const one = await once(root, 'one-record', changed.staged, path.join(root, 'manifest-0.json'), path.join(root, 'manifest-1.json'), Boolean(values.profile));
      const none = await once(root, 'nothing-changed', changed.staged, path.join(root, 'manifest-1.json'), path.join(root, 'manifest-2.json'), false);

      const rows: string[][] = [['render stage', 'pages rendered', 'wall', 'CPU (process)', 'peak RSS']];
      const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MB`);
      rows.push(['astro build, cold (in aperture build)', `${all.pages}`, s(cold.render), '-', '-']);
      rows.push(['astro build + incremental cache, one title (in aperture build)', '-', s(changed.render), '-', '-']);
      rows.push(['renderChanged, every page (no previous manifest)', `${all.rendered} of ${all.pages}`, s(all.usage.wall), s(all.usage.cpu), mb(all.usage.peakRssBytes)]);
      rows.push(['renderChanged, one title', `${one.rendered} of ${one.pages}`, s(one.usage.wall), s(one.usage.cpu), mb(one.usage.peakRssBytes)]);
      rows.push(['  of which inside renderChanged', '', s(one.seconds), s(one.cpuSeconds), '']);
      rows.push(['renderChanged, nothing changed', `${none.rendered} of ${none.pages}`, s(none.usage.wall), s(none.usage.cpu), mb(none.usage.peakRssBytes)]);
      rows.push(['  of which inside renderChanged', '', s(none.seconds), s(none.cpuSeconds), '']);
      process.stdout.write(`\nN = ${n.toLocaleString('en')} experiments, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n${table(rows)}\n`);
      if (values.profile) process.stdout.write(`CPU profile of the one-title renderChanged: ${path.join(root, 'profiles')}\n`);
      if (!keep) await rm(root, { recursive: true, force: true });
    }
  } finally {
    if (!keep) await rm(base, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bench(process.argv.slice(2));
}
