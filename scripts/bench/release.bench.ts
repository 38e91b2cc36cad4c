/**
 * `npm run bench -- release [--sizes 1000,10000] [--keep DIR]` (issue 14, point 8): on a built
 * site of N synthetic experiments, the time from `aperture release <doi>` to a finished build,
 * for a changed title (and a second one right after it), a new record and a withdrawal, each
 * compared with the cold build. Runs
 * the compiled CLI as its own process, as a curator would; prints wall and CPU time (GNU time),
 * the build's own stage timings and the ratio to the cold build.
 */
import { readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, syntheticExperiment, writeExperiment, type GenerateSummary } from '../synthetic-catalogue.ts';
import { APERTURE, benchBase, measured, s, syntheticSite, table, type Usage } from './build.bench.ts';

interface Step {
  label: string;
  usage: Usage;
  timings: Record<string, number>;
}

const ARGS = ['--config', 'aperture.config.json', '--out', 'dist', '--work-dir', 'work'];

async function run(root: string, label: string, command: string[], waitForStandby = true): Promise<Step> {
  const log = path.join(root, `${label.replace(/\W+/g, '-')}.log`);
  const usage = await measured(process.execPath, [APERTURE, ...command, ...ARGS], root, log);
  if (usage.code !== 0 && usage.code !== 1) throw new Error(`aperture ${command.join(' ')} exited ${usage.code}; see ${log}:\n${(await readFile(log, 'utf8')).slice(-2000)}`);
  const report = JSON.parse(await readFile(path.join(root, 'work/report.json'), 'utf8')) as { timings: Record<string, number> };
  return { label, usage, timings: waitForStandby ? { ...report.timings, [STANDBY]: await standbyReady(root) } : report.timings };
}

const STANDBY = 'standby (background, after going live)';

/**
 * Seconds until the standby the build started in the background (src/publish/standby.ts) is
 * ready: a curator's next release finds it ready unless it comes within that time.
 */
async function standbyReady(root: string): Promise<number> {
  const started = performance.now();
  const live = path.basename(await readlink(path.join(root, 'dist')).catch(() => ''));
  const builds = path.join(root, 'dist.builds');
  while (live && !(await readdir(builds).catch(() => [] as string[])).includes(`.standby-${live}`) && performance.now() - started < 1_800_000) await sleep(50);
  return (performance.now() - started) / 1000;
}

async function editJson(file: string, edit: (json: Record<string, any>) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  await writeFile(file, JSON.stringify(json, null, 2) + '\n');
}

function report(n: number, steps: Step[]): string {
  const cold = steps[0].usage.wall;
  const stages = [...new Set(steps.flatMap((r) => Object.keys(r.timings)))];
  const rows: string[][] = [['', ...steps.map((r) => r.label)]];
  rows.push(['wall (whole process)', ...steps.map((r) => s(r.usage.wall))]);
  rows.push(['  × the cold build', ...steps.map((r) => `${(r.usage.wall / cold).toFixed(3)}×`)]);
  rows.push(['CPU (user+sys)', ...steps.map((r) => s(r.usage.cpu))]);
  for (const stage of stages) rows.push([`  ${stage}`, ...steps.map((r) => (r.timings[stage] === undefined ? '-' : s(r.timings[stage])))]);
  return `\nN = ${n.toLocaleString('en')} experiments, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n${table(rows)}\n`;
}

export default async function bench(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { sizes: { type: 'string' }, keep: { type: 'string' } } });
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : [1000];
  const base = await benchBase(values.keep, 'release');
  process.stdout.write(`node ${process.version}, ${os.cpus().length} cores; work in ${base}\n`);
  try {
    for (const n of sizes) {
      const root = path.join(base, `n${n}`);
      const options = { ...DEFAULT_OPTIONS, experiments: n };
      const { catalogue } = await syntheticSite(root, options);
      const steps = [await run(root, 'cold build', ['build'])];
      const doiOf = async (id: string) => (JSON.parse(await readFile(path.join(catalogue, id, 'datacite.json'), 'utf8')) as { doi: string }).doi;

      // A curator corrects one record's title; then twice more in a row, the second release
      // starting while the first one's standby and removals are still at work in the background
      // (src/files/priority-work.ts).
      const titled = syntheticExperiment(Math.floor(n / 2), options).id;
      const retitle = async (label: string, correction: string, waitForStandby = true) => {
        await editJson(path.join(catalogue, titled, 'datacite.json'), (json) => {
          json.titles[0].title = `${json.titles[0].title.replace(/ \(corrected.*\)$/, '')} (${correction})`;
        });
        return run(root, label, ['release', await doiOf(titled)], waitForStandby);
      };
      steps.push(await retitle('changed title', 'corrected'));
      await retitle('title, first of two', 'corrected twice', false);
      steps.push(await retitle('title, back to back', 'corrected thrice'));

      // A new experiment is released.
      const added = syntheticExperiment(n, options);
      await writeExperiment(catalogue, added, { experiments: 0, states: { released: 0, 'metadata-only': 0, withdrawn: 0, unpublished: 0 }, invalid: {}, files: 0, listingLines: 0, bytes: 0 } satisfies GenerateSummary);
      steps.push(await run(root, 'new record', ['release', await doiOf(added.id)]));

      // One is withdrawn.
      const withdrawn = syntheticExperiment(Math.floor(n / 3), options).id;
      await editJson(path.join(catalogue, withdrawn, 'experiment.json'), (json) => {
        json.release = { ...json.release, state: 'withdrawn', withdrawnOn: '2026-11-29', withdrawalReason: 'Withdrawn at the depositor’s request.' };
      });
      steps.push(await run(root, 'withdrawal', ['release', await doiOf(withdrawn)]));
      steps.push(await run(root, 'nothing changed', ['build']));
      process.stdout.write(report(n, steps));
      if (!values.keep) await rm(root, { recursive: true, force: true });
    }
  } finally {
    if (!values.keep) await rm(base, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bench(process.argv.slice(2));
}
