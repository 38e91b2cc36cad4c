/**
 * `npm run bench:build [-- --sizes 1000,10000] [--huge] [--giant] [--files F] [--keep DIR]`:
 * the build at facility scale, as a curator runs it. For each N it writes a synthetic
 * catalogue (scripts/synthetic-catalogue.ts: 5 creators, 20 related identifiers, a
 * 1,500-character abstract, 3 datasets of 50 files per experiment), then runs the compiled
 * `aperture build` as a child process twice (cold, then unchanged) and prints wall time per
 * stage (the build's own report.json), the child's CPU time and peak RSS (GNU time), the
 * output's files and bytes, the pagefind bundle, and the bytes a first search fetches.
 * Sizes: 1,000 and 10,000 by default; --huge adds 100,000. Image enrichment is off (no
 * image files exist). Also run by `npm run bench -- build` (bin/bench.js).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, generateCatalogue } from '../synthetic-catalogue.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const APERTURE = path.join(ROOT, 'bin/aperture.js');
export const GNU_TIME = '/usr/bin/time';

export interface Usage {
  wall: number;
  cpu: number;
  peakRssBytes: number | null;
  code: number;
}

interface Tree {
  files: number;
  bytes: number;
}

interface Run {
  label: string;
  usage: Usage;
  timings: Record<string, number>;
  pages: number | null;
  dist: Tree;
  pagefind: Tree;
  firstSearch: FirstSearch | null;
}

/** Runs a command to completion; wall time from here, CPU and peak RSS from GNU time when installed. */
export async function measured(command: string, args: string[], cwd: string, logFile: string): Promise<Usage> {
  const timeFile = `${logFile}.time`;
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]] : [command, args];
  const log = openSync(logFile, 'w');
  const started = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', log, log] });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  }).finally(() => closeSync(log));
  const wall = (performance.now() - started) / 1000;
  if (!useTime) return { wall, cpu: NaN, peakRssBytes: null, code };
  // GNU time appends "Command exited with non-zero status N" before the figures on failure.
  const fields = (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: fields[0] + fields[1], peakRssBytes: fields[2] * 1024, code };
}

async function tree(dir: string): Promise<Tree & { list: Array<{ path: string; size: number }> }> {
  const list: Array<{ path: string; size: number }> = [];
  if (!existsSync(dir)) return { files: 0, bytes: 0, list };
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    list.push({ path: path.relative(dir, file), size: (await stat(file)).size });
  }
  return { files: list.length, bytes: list.reduce((n, f) => n + f.size, 0), list };
}

interface FirstSearch {
  total: number;
  parts: Record<string, number>;
}

/**
 * What the search page (src/client/search.ts) fetches for its first query, computed from
 * the bundle on disk (pagefind's .pf_* and wasm files are stored gzipped, as they are
 * sent; the JS is counted uncompressed): pagefind.js, the worker it starts and its entry
 * file, the wasm and metadata of the site's language, every filter chunk (`filters()`
 * loads them all to draw the facets), the largest index chunk (a one-word query reads
 * one), and ten result fragments of mean size. Not measured in a browser.
 */
async function firstSearchBytes(dir: string, bundle: Array<{ path: string; size: number }>): Promise<FirstSearch | null> {
  const size = (name: string) => bundle.find((f) => f.path === name)?.size ?? 0;
  if (!size('pagefind.js') || !size('pagefind-entry.json')) return null;
  const entry = JSON.parse(await readFile(path.join(dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; wasm: string | null }> };
  // One language per site here; the largest if there were several.
  const language = Object.values(entry.languages).sort((a, b) => size(`pagefind.${b.hash}.pf_meta`) - size(`pagefind.${a.hash}.pf_meta`))[0];
  const chunks = (folder: string) => bundle.filter((f) => f.path.startsWith(folder));
  const fragments = chunks('fragment/');
  const parts = {
    'pagefind.js + worker + entry': size('pagefind.js') + size('pagefind-worker.js') + size('pagefind-entry.json'),
    wasm: size(`wasm.${language?.wasm ?? 'unknown'}.pagefind`),
    'pf_meta': language ? size(`pagefind.${language.hash}.pf_meta`) : 0,
    filters: chunks('filter/').reduce((n, f) => n + f.size, 0),
    'index chunk (largest)': Math.max(0, ...chunks('index/').map((f) => f.size)),
    '10 fragments': fragments.length ? Math.round((10 * fragments.reduce((n, f) => n + f.size, 0)) / fragments.length) : 0,
  };
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

async function build(root: string, label: string): Promise<Run> {
  const log = path.join(root, `${label}.log`);
  const usage = await measured(process.execPath, [APERTURE, 'build', '--config', 'aperture.config.json', '--out', 'dist', '--work-dir', 'work'], root, log);
  if (usage.code !== 0 && usage.code !== 1) {
    throw new Error(`aperture build (${label}) exited ${usage.code}; see ${log}:\n${(await readFile(log, 'utf8')).slice(-2000)}`);
  }
  const report = JSON.parse(await readFile(path.join(root, 'work/report.json'), 'utf8')) as { timings: Record<string, number>; stage?: { pages?: number } };
  const dist = await tree(path.join(root, 'dist'));
  const pagefind = await tree(path.join(root, 'dist/pagefind'));
  return { label, usage, timings: report.timings, pages: report.stage?.pages ?? null, dist, pagefind, firstSearch: await firstSearchBytes(path.join(root, 'dist/pagefind'), pagefind.list) };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1e3).toFixed(0)} KB`;
export const s = (seconds: number) => (Number.isFinite(seconds) ? `${seconds.toFixed(1)} s` : 'n/a');

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

function report(n: number, generated: string, runs: Run[]): string {
  const stages = [...new Set(runs.flatMap((r) => Object.keys(r.timings)))];
  const rows: string[][] = [['', ...runs.map((r) => r.label)]];
  rows.push(['wall (whole process)', ...runs.map((r) => s(r.usage.wall))]);
  for (const stage of stages) rows.push([`  ${stage}`, ...runs.map((r) => (r.timings[stage] === undefined ? '-' : s(r.timings[stage])))]);
  rows.push(['CPU (user+sys)', ...runs.map((r) => s(r.usage.cpu))]);
  rows.push(['peak RSS', ...runs.map((r) => (r.usage.peakRssBytes === null ? 'n/a' : `${(r.usage.peakRssBytes / 1e9).toFixed(2)} GB`))]);
  rows.push(['pages rendered', ...runs.map((r) => (r.pages === null ? '-' : r.pages.toLocaleString('en')))]);
  rows.push(['output files', ...runs.map((r) => r.dist.files.toLocaleString('en'))]);
  rows.push(['output bytes', ...runs.map((r) => mb(r.dist.bytes))]);
  rows.push(['pagefind bundle', ...runs.map((r) => `${r.pagefind.files.toLocaleString('en')} files, ${mb(r.pagefind.bytes)}`)]);
  rows.push(['first search fetches', ...runs.map((r) => (r.firstSearch ? kb(r.firstSearch.total) : '-'))]);
  const parts = runs[0].firstSearch?.parts ?? {};
  for (const part of Object.keys(parts)) rows.push([`  ${part}`, ...runs.map((r) => (r.firstSearch ? kb(r.firstSearch.parts[part]) : '-'))]);
  return `\nN = ${n.toLocaleString('en')} experiments (${generated})\n${table(rows)}\n`;
}

export default async function bench(args: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: 'string' },
      huge: { type: 'boolean' },
      giant: { type: 'boolean' },
      files: { type: 'string' },
      keep: { type: 'string' },
    },
  });
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : [1000, 10_000];
  if (values.huge) sizes.push(100_000);
  if (!sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--sizes takes positive integers, e.g. --sizes 1000,10000');
  if (!existsSync(path.join(ROOT, 'lib/cli/main.js'))) throw new Error('lib/ is missing: run npm run prepare (npm run bench:build does)');
  if (!existsSync(GNU_TIME)) process.stderr.write(`${GNU_TIME} is missing (apt-get install time): CPU time and peak RSS are not measured\n`);
  const config = JSON.parse(await readFile(path.join(ROOT, 'aperture.config.json'), 'utf8')) as Record<string, unknown>;
  // Inside the project: Astro's prerender step imports packages from beside the output
  // folder, so a site built outside the project cannot find node_modules.
  await mkdir(path.join(ROOT, '.aperture'), { recursive: true });
  const base = values.keep ? path.resolve(values.keep) : await mkdtemp(path.join(ROOT, '.aperture', 'bench-build-'));
  process.stdout.write(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; work in ${base}\n`);
  try {
    for (const n of sizes) {
      const root = path.join(base, `n${n}`);
      await rm(root, { recursive: true, force: true });
      await mkdir(root, { recursive: true });
      const options = { ...DEFAULT_OPTIONS, experiments: n, files: values.files ? Number(values.files) : DEFAULT_OPTIONS.files, giantFiles: values.giant ? 200_000 : 0 };
      const started = performance.now();
      const summary = await generateCatalogue(path.join(root, 'catalogue'), options);
      const generated =
        `${options.datasets} datasets × ${options.files} files each${values.giant ? ', plus one dataset of 200,000 files' : ''}; ` +
        `catalogue ${summary.files.toLocaleString('en')} files, ${mb(summary.bytes)}, generated in ${s((performance.now() - started) / 1000)}`;
      await writeFile(
        path.join(root, 'aperture.config.json'),
        JSON.stringify({ ...config, catalogue: 'catalogue', enrich: { ...(config.enrich as object), enabled: false } }, null, 2),
      );
      const runs = [await build(root, 'cold'), await build(root, 'unchanged')];
      process.stdout.write(report(n, generated, runs));
      if (!values.keep) await rm(root, { recursive: true, force: true });
    }
  } finally {
    if (!values.keep) await rm(base, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bench(process.argv.slice(2));
}
