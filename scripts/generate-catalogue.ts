/**
 * `npm run generate -- --experiments N --seed S --out DIR [options]`: writes a synthetic
 * catalogue (scripts/synthetic-catalogue.ts) for benchmarks and scale tests. The same
 * arguments always write byte-identical files. Run by `node` itself (no compiler).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, generateCatalogue, INVALID_KINDS, type GenerateOptions } from './synthetic-catalogue.ts';

const USAGE = `usage: npm run generate -- --out DIR [--experiments N] [--seed S] [--datasets K] [--files F]
                         [--giant-files N] [--mix] [--invalid FRACTION]
  --experiments N      experiments to write (default ${DEFAULT_OPTIONS.experiments})
  --seed S             integer seed; the same arguments give byte-identical output (default ${DEFAULT_OPTIONS.seed})
  --datasets K         datasets per experiment; with 3 or more the last is processed data (default ${DEFAULT_OPTIONS.datasets})
  --files F            files per raw dataset (default ${DEFAULT_OPTIONS.files})
  --giant-files N      add one experiment with a single dataset of N files, e.g. 200000
  --mix                a mix of release states (~90% released, 5% metadata-only, 3% withdrawn, 2% unpublished)
  --invalid FRACTION   make this fraction of experiments invalid, one way each (${INVALID_KINDS.join(', ')});
                       the giant dataset then gets a malformed line every 100/FRACTION lines`;

function fail(message: string): never {
  process.stderr.write(`generate: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function count(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      out: { type: 'string' },
      experiments: { type: 'string' },
      seed: { type: 'string' },
      datasets: { type: 'string' },
      files: { type: 'string' },
      'giant-files': { type: 'string' },
      mix: { type: 'boolean' },
      invalid: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}
if (!values.out) fail('--out DIR is required');
const invalid = values.invalid === undefined ? 0 : Number(values.invalid);
if (!(invalid >= 0 && invalid <= 1)) fail('--invalid must be a fraction between 0 and 1');
const options: GenerateOptions = {
  experiments: count(values.experiments, 'experiments', DEFAULT_OPTIONS.experiments),
  seed: count(values.seed, 'seed', DEFAULT_OPTIONS.seed),
  datasets: count(values.datasets, 'datasets', DEFAULT_OPTIONS.datasets, 1),
  files: count(values.files, 'files', DEFAULT_OPTIONS.files, 1),
  giantFiles: count(values['giant-files'], 'giant-files', 0),
  mix: values.mix ?? false,
  invalid,
};
const out = path.resolve(values.out);
// Never mix two catalogues: a leftover experiment would make the output depend on history.
if (existsSync(out) && readdirSync(out).length > 0) fail(`${out} is not empty`);

const started = performance.now();
const summary = await generateCatalogue(out, options, (done) => process.stderr.write(`\r${done.toLocaleString('en')} experiments…`));
const seconds = (performance.now() - started) / 1000;
const states = Object.entries(summary.states).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
const bad = Object.entries(summary.invalid).map(([k, n]) => `${n} ${k}`).join(', ');
process.stderr.write(
  `\rwrote ${summary.experiments.toLocaleString('en')} experiments (${states}${bad ? `; invalid: ${bad}` : ''}) into ${out}: ` +
    `${summary.files.toLocaleString('en')} files, ${summary.listingLines.toLocaleString('en')} listing lines, ${(summary.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s\n`,
);
