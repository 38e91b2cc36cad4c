/**
 * `npm run bench:cli [-- --runs N] [--file FRAME]`: start-up of the compiled command line,
 * as whole processes: `aperture --version`, `--help`, and `aperture inspect FRAME --preview
 * OUT.webp` on one PILATUS 6M CBF frame (../shared/images, DLS I03, 2463 × 2527), next to
 * Python's fabio reading the same frame and writing a thumbnail with Pillow (Debian
 * python3-fabio, when installed). Median of N runs (default 5): wall, CPU (user+sys) and
 * peak RSS from GNU time. Also run by `npm run bench -- cli`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APERTURE = path.join(ROOT, 'bin/aperture.js');
const SHARED_FRAME = path.resolve(ROOT, '../shared/images/cbf/DLS_I03_smargon_0001.cbf.gz');
const GNU_TIME = '/usr/bin/time';

/** What fabio users write: open the frame, clip to a percentile, scale to 8 bits, thumbnail. */
const FABIO = `
import sys, fabio, numpy
from PIL import Image
d = fabio.open(sys.argv[1]).data.astype(numpy.float32)
d[d < 0] = 0
hi = numpy.percentile(d, 99.5) or 1
im = Image.fromarray((numpy.clip(d / hi, 0, 1) * 255).astype(numpy.uint8))
im.thumbnail((1024, 1024))
im.save(sys.argv[2])
`;

interface Sample {
  wall: number;
  cpu: number;
  rss: number;
}

function once(command: string, args: string[], dir: string): Sample {
  const timeFile = path.join(dir, 'time.txt');
  const started = performance.now();
  const r = spawnSync(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args], { cwd: dir, stdio: 'ignore' });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
  const [user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: user + sys, rss: rssKb * 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function bench(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string' }, file: { type: 'string' } } });
  const runs = Number(values.runs ?? 5);
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: apt-get install time`);
  if (!existsSync(path.join(ROOT, 'lib/cli/main.js'))) throw new Error('lib/ is missing: run npm run prepare');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aperture-bench-cli-'));
  try {
    let frame = values.file ? path.resolve(values.file) : null;
    if (!frame) {
      if (!existsSync(SHARED_FRAME)) throw new Error(`no frame: pass --file FRAME.cbf (default ${SHARED_FRAME})`);
      frame = path.join(dir, 'pilatus6m.cbf');
      writeFileSync(frame, gunzipSync(readFileSync(SHARED_FRAME)));
    }
    writeFileSync(path.join(dir, 'fabio_thumb.py'), FABIO);
    const node = process.execPath;
    const cases: Array<[string, string, string[]]> = [
      ['aperture --version', node, [APERTURE, '--version']],
      ['aperture --help', node, [APERTURE, '--help']],
      ['aperture inspect FRAME --preview OUT.webp', node, [APERTURE, 'inspect', frame, '--preview', path.join(dir, 'aperture.webp')]],
    ];
    const python = '/usr/bin/python3';
    if (spawnSync(python, ['-c', 'import fabio, PIL, numpy']).status === 0) {
      cases.push(['python3 fabio read + Pillow thumbnail', python, [path.join(dir, 'fabio_thumb.py'), frame, path.join(dir, 'fabio.webp')]]);
    } else process.stdout.write('python3-fabio not installed (apt-get install python3-fabio): no fabio comparison\n');
    process.stdout.write(`median of ${runs} runs; node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    process.stdout.write(`${'command'.padEnd(42)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)} ${'peak RSS'.padStart(9)}\n`);
    for (const [label, command, argv] of cases) {
      once(command, argv, dir); // warm the page cache and V8's compile cache
      const samples = Array.from({ length: runs }, () => once(command, argv, dir));
      const m = (key: keyof Sample) => median(samples.map((x) => x[key]));
      process.stdout.write(`${label.padEnd(42)} ${`${m('wall').toFixed(2)} s`.padStart(8)} ${`${m('cpu').toFixed(2)} s`.padStart(8)} ${`${(m('rss') / 1e6).toFixed(0)} MB`.padStart(9)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bench(process.argv.slice(2));
}
