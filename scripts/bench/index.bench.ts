/**
 * `npm run bench -- index [--records N] [--site WORKDIR] [--keep DIR]` (issue 14): the index
 * stage (pagefind, identifier lookup, filter counts) on a staged site of N synthetic
 * experiments, cold and after one record changed. Without --site it generates N experiments
 * (default 1,000; scripts/synthetic-catalogue.ts with its mix of release states) and builds
 * them with the compiled CLI; `--site` reuses a built site's work folder (`--work-dir` of
 * `aperture build`), whose staged site is `<WORKDIR>/site/models`.
 *
 * Each run is a process of its own under GNU time (scripts/bench/index-once.ts): the stage's
 * wall time (and the whole process's, with Node and tsx starting), this process's CPU and
 * pagefind's (its child). Runs: every model read and no cache (the
 * stage as it ran before the cache existed, but with pagefind's requests pipelined); a
 * cold cache; the warm cache with nothing changed; the warm cache after one record's title
 * changed; and, to check the last, the changed site indexed without a cache: the two must
 * be byte-identical, file by file, as must the cold run and the run without a cache. The
 * same again for one file renamed in a listing, a change no search document sees, where
 * the warm run writes the pagefind bundle kept from the previous run instead of running it.
 *
 * The index keys its cache by each model's digest in pages.jsonl (StagedPage.digest). When
 * the staged site has none, the bench indexes a view of it whose pages.jsonl carries them
 * (the models are linked, not copied) and says so: without digests every model is read.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, generateCatalogue } from '../synthetic-catalogue.ts';
import { APERTURE, GNU_TIME, ROOT, measured, s, table, type Usage } from './build.bench.ts';
import type { StagedPage } from '../../src/build/stage-types.ts';

const RUNNER = path.join(ROOT, 'scripts/bench/index-once.ts');

interface Run {
  label: string;
  usage: Usage;
  /** indexSite's own wall time, without the process starting. */
  seconds: number;
  selfCpu: number;
  cache?: { hits: number; misses: number; entries: number; bytes: number; bundleReused: boolean };
  out: string;
}

async function indexOnce(base: string, label: string, stageDir: string, cacheDir?: string): Promise<Run> {
  const out = path.join(base, 'out', label.replace(/\W+/g, '-'));
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const log = `${out}.log`;
  const usage = await measured(process.execPath, ['--import', 'tsx', RUNNER, out, stageDir, ...(cacheDir ? [cacheDir] : [])], ROOT, log);
  const text = await readFile(log, 'utf8');
  if (usage.code !== 0) throw new Error(`index run "${label}" exited ${usage.code}:\n${text.slice(-2000)}`);
  const result = JSON.parse(text.split('\n').find((line) => line.startsWith('{'))!) as { seconds: number; selfCpu: number; cache?: Run['cache'] };
  return { label, usage, seconds: result.seconds, selfCpu: result.selfCpu, cache: result.cache, out };
}

async function files(dir: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)));
  }
  return found;
}

/** Paths that differ between two outputs (missing on either side, or other bytes). */
async function differences(a: string, b: string): Promise<string[]> {
  const [left, right] = [await files(a), await files(b)];
  const differ = [...left].filter(([name, bytes]) => !right.get(name)?.equals(bytes)).map(([name]) => name);
  return [...differ, ...[...right.keys()].filter((name) => !left.has(name))];
}

async function readPages(stageDir: string): Promise<StagedPage[]> {
  return (await readFile(path.join(stageDir, 'pages.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StagedPage);
}

/** A view of a staged site: its folders linked, and this pages.jsonl. */
async function view(stageDir: string, dir: string, pages: StagedPage[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(stageDir)) if (name !== 'pages.jsonl') await symlink(path.join(stageDir, name), path.join(dir, name));
  await writeFile(path.join(dir, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function stagedSite(base: string, records: number): Promise<string> {
  const root = path.join(base, `n${records}`);
  await mkdir(root, { recursive: true });
  await generateCatalogue(path.join(root, 'catalogue'), { ...DEFAULT_OPTIONS, experiments: records, mix: true });
  const config = JSON.parse(await readFile(path.join(ROOT, 'aperture.config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...config, catalogue: 'catalogue', enrich: { ...(config.enrich as object), enabled: false } }, null, 2));
  const usage = await measured(process.execPath, [APERTURE, 'build', '--config', 'aperture.config.json', '--out', 'dist', '--work-dir', 'work', '--no-progress'], root, path.join(root, 'build.log'));
  if (usage.code !== 0 && usage.code !== 1) throw new Error(`aperture build exited ${usage.code}; see ${path.join(root, 'build.log')}`);
  process.stdout.write(`built ${records.toLocaleString('en')} experiments in ${s(usage.wall)}\n`);
  return path.join(root, 'work');
}

export default async function bench(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { records: { type: 'string' }, site: { type: 'string' }, keep: { type: 'string' } } });
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing (apt-get install time): the bench reports pagefind's CPU from it`);
  await mkdir(path.join(ROOT, '.aperture'), { recursive: true });
  const base = values.keep ? path.resolve(values.keep) : await mkdtemp(path.join(ROOT, '.aperture', 'bench-index-'));
  await mkdir(base, { recursive: true });
  process.stdout.write(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; work in ${base}\n`);
  try {
    const workDir = values.site ? path.resolve(values.site) : await stagedSite(base, Number(values.records ?? 1000));
    const stageDir = path.join(workDir, 'site', 'models');
    const pages = await readPages(stageDir);
    let indexed = stageDir;
    if (pages.some((p) => p.kind !== 'tombstone' && !p.digest)) {
      process.stdout.write('pages.jsonl has no model digests: indexing a view of the staged site whose pages.jsonl carries them\n');
      for (const page of pages) page.digest ??= sha256(await readFile(path.join(stageDir, page.model)));
      indexed = path.join(base, 'view');
      await view(stageDir, indexed, pages);
    }
    // One record changed: its landing model gets another title (as `aperture release` after a title edit).
    const target = pages.find((p) => p.kind === 'landing')!;
    const model = JSON.parse(await readFile(path.join(stageDir, target.model), 'utf8')) as { title: string };
    model.title = `${model.title} (revised)`;
    const changedText = JSON.stringify(model);
    const changed = path.join(base, 'changed');
    await view(
      stageDir,
      changed,
      pages.map((p) => (p === target ? { ...p, model: 'changed-landing.json', digest: sha256(changedText) } : p)),
    );
    await writeFile(path.join(changed, 'changed-landing.json'), changedText);
    // Then one file renamed in a listing: the lookup changes, no search document does.
    const listingTarget = pages.find((p) => p.kind === 'files')!;
    const listingModel = JSON.parse(await readFile(path.join(stageDir, listingTarget.model), 'utf8')) as { files: Array<{ name: string }> };
    listingModel.files[0].name = `renamed-${listingModel.files[0].name}`;
    const listingText = JSON.stringify(listingModel);
    const renamed = path.join(base, 'renamed');
    await view(
      stageDir,
      renamed,
      pages.map((p) =>
        p === target ? { ...p, model: 'changed-landing.json', digest: sha256(changedText) } : p === listingTarget ? { ...p, model: 'changed-listing.json', digest: sha256(listingText) } : p,
      ),
    );
    await writeFile(path.join(renamed, 'changed-landing.json'), changedText);
    await writeFile(path.join(renamed, 'changed-listing.json'), listingText);

    const cache = path.join(base, 'cache');
    await rm(cache, { recursive: true, force: true });
    const landing = pages.filter((p) => p.kind === 'landing').length;
    const runs = [
      await indexOnce(base, 'no cache', indexed),
      await indexOnce(base, 'cold cache', indexed, cache),
      await indexOnce(base, 'warm, unchanged', indexed, cache),
      await indexOnce(base, 'warm, 1 title changed', changed, cache),
      await indexOnce(base, 'changed, no cache', changed),
      await indexOnce(base, 'warm, 1 file renamed', renamed, cache),
      await indexOnce(base, 'renamed, no cache', renamed),
    ];
    const rows: string[][] = [['', ...runs.map((r) => r.label)]];
    rows.push(['wall, index stage', ...runs.map((r) => s(r.seconds))]);
    rows.push(['wall, whole process', ...runs.map((r) => s(r.usage.wall))]);
    rows.push(['CPU, index process', ...runs.map((r) => s(r.selfCpu))]);
    rows.push(['CPU, pagefind', ...runs.map((r) => s(Math.max(0, r.usage.cpu - r.selfCpu)))]);
    rows.push(['peak RSS (largest process)', ...runs.map((r) => (r.usage.peakRssBytes === null ? 'n/a' : `${(r.usage.peakRssBytes / 1e6).toFixed(0)} MB`))]);
    rows.push(['models read', ...runs.map((r) => (r.cache ? r.cache.misses : pages.length - pages.filter((p) => p.kind === 'tombstone').length).toLocaleString('en'))]);
    rows.push(['cache pack', ...runs.map((r) => (r.cache ? `${(r.cache.bytes / 1e6).toFixed(1)} MB` : '-'))]);
    rows.push(['pagefind ran', ...runs.map((r) => (r.cache?.bundleReused ? 'no (kept bundle)' : 'yes'))]);
    process.stdout.write(`\n${pages.length.toLocaleString('en')} staged pages, ${landing.toLocaleString('en')} searchable\n${table(rows)}\n`);
    const checks: Array<[string, Run, Run]> = [
      ['cold cache = no cache', runs[1], runs[0]],
      ['warm, unchanged = no cache', runs[2], runs[0]],
      ['warm, 1 title changed = changed, no cache', runs[3], runs[4]],
      ['warm, 1 file renamed = renamed, no cache', runs[5], runs[6]],
    ];
    for (const [label, a, b] of checks) {
      const differ = await differences(a.out, b.out);
      process.stdout.write(`${label}: ${differ.length ? `${differ.length} files differ, e.g. ${differ.slice(0, 3).join(', ')}` : 'byte-identical'}\n`);
      if (differ.length) process.exitCode = 1;
    }
  } finally {
    if (!values.keep) await rm(base, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bench(process.argv.slice(2));
}
