/**
 * `npm run bench:build [-- --sizes 1000,10000] [--huge] [--giant] [--files F] [--keep DIR]`:
 * the build at facility scale, as a curator runs it. For each N it writes a synthetic
 * catalogue (scripts/synthetic-catalogue.ts: 5 creators, 20 related identifiers, a
 * 1,500-character abstract, 3 datasets of 50 files per experiment), then runs the compiled
 * `aperture build` as a child process twice (cold, then unchanged) and prints wall time per
 * stage (the build's own report.json), the child's CPU time and peak RSS (GNU time), the
 * output's files and bytes, the pagefind bundle, and the bytes a first search fetches,
 * measured in Chromium on the built site (scripts/bench/first-search.ts) for queries about
 * the catalogue's first experiment: a word, two words, two words and a filter, its PDB ID,
 * its DOI, its first author.
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
import { DEFAULT_OPTIONS, generateCatalogue, syntheticExperiment, type GenerateOptions, type GenerateSummary } from '../synthetic-catalogue.ts';
import { firstSearchLines, measureFirstSearches, type FirstSearchQuery } from './first-search.ts';

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

/** What a reader might type about experiment 0 of the generated catalogue (always released without --mix). */
export function firstSearchQueries(options: GenerateOptions): FirstSearchQuery[] {
  const files = new Map(syntheticExperiment(0, options).files);
  const datacite = JSON.parse(files.get('datacite.json')!) as {
    doi: string;
    creators: Array<{ familyName: string }>;
    subjects: Array<{ subject: string }>;
    publisher: { name: string };
    relatedIdentifiers: Array<{ relatedIdentifier: string }>;
  };
  const experiment = JSON.parse(files.get('experiment.json')!) as { facility: string };
  // The protein's longest word ("lysozyme", "protease"), as a reader would type it.
  const word = datacite.subjects[1].subject.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0].toLowerCase();
  const pdb = datacite.relatedIdentifiers.map((r) => /^10\.2210\/pdb(\w{4})\/pdb$/.exec(r.relatedIdentifier)?.[1]).find(Boolean) ?? '';
  const q = (text: string) => `?q=${encodeURIComponent(text)}`;
  return [
    { label: 'one word', search: q(word) },
    { label: 'two words', search: q(`${word} rotation`) },
    { label: 'two words + filter', search: `${q(`${word} rotation`)}&f.facility=${encodeURIComponent(experiment.facility)}` },
    { label: 'PDB ID', search: q(pdb.toUpperCase()) },
    { label: 'DOI', search: q(datacite.doi) },
    { label: 'author', search: q(datacite.creators[0].familyName) },
  ];
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
  return { label, usage, timings: report.timings, pages: report.stage?.pages ?? null, dist, pagefind };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
/**
 * The folder a bench works in: `--keep DIR`, or a temporary one inside the project (Astro's
 * prerender step imports packages from beside the output folder, so a site built outside
 * the project cannot find node_modules). Fails early when the compiled CLI is missing.
 */
export async function benchBase(keep: string | undefined, name: string): Promise<string> {
  if (!existsSync(path.join(ROOT, 'lib/cli/main.js'))) throw new Error('lib/ is missing: run npm run prepare (npm run bench does)');
  await mkdir(path.join(ROOT, '.aperture'), { recursive: true });
  return keep ? path.resolve(keep) : mkdtemp(path.join(ROOT, '.aperture', `bench-${name}-`));
}

/** A site of synthetic experiments in `root` (made afresh): its catalogue and an aperture.config.json with image enrichment off. */
export async function syntheticSite(root: string, options: GenerateOptions, config: Record<string, unknown> = {}): Promise<{ catalogue: string; summary: GenerateSummary }> {
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const catalogue = path.join(root, 'catalogue');
  const summary = await generateCatalogue(catalogue, options);
  const project = JSON.parse(await readFile(path.join(ROOT, 'aperture.config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(
    path.join(root, 'aperture.config.json'),
    JSON.stringify({ ...project, ...config, catalogue: 'catalogue', enrich: { ...(project.enrich as object), enabled: false } }, null, 2),
  );
  return { catalogue, summary };
}

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
  if (!existsSync(GNU_TIME)) process.stderr.write(`${GNU_TIME} is missing (apt-get install time): CPU time and peak RSS are not measured\n`);
  const base = await benchBase(values.keep, 'build');
  process.stdout.write(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; work in ${base}\n`);
  try {
    for (const n of sizes) {
      const root = path.join(base, `n${n}`);
      const options = { ...DEFAULT_OPTIONS, experiments: n, files: values.files ? Number(values.files) : DEFAULT_OPTIONS.files, giantFiles: values.giant ? 200_000 : 0 };
      const started = performance.now();
      const { summary } = await syntheticSite(root, options);
      const generated =
        `${options.datasets} datasets × ${options.files} files each${values.giant ? ', plus one dataset of 200,000 files' : ''}; ` +
        `catalogue ${summary.files.toLocaleString('en')} files, ${mb(summary.bytes)}, generated in ${s((performance.now() - started) / 1000)}`;
      const runs = [await build(root, 'cold'), await build(root, 'unchanged')];
      process.stdout.write(report(n, generated, runs));
      const searches = await measureFirstSearches(path.join(root, 'dist'), firstSearchQueries(options));
      process.stdout.write(`${firstSearchLines(searches).join('\n')}\n`);
      if (!values.keep) await rm(root, { recursive: true, force: true });
    }
  } finally {
    if (!values.keep) await rm(base, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bench(process.argv.slice(2));
}
