/**
 * Image reader throughput: files/second for header-only extraction and for previews
 * (thumbnail + view), per format, on the synthetic frames and on ../shared/images when
 * present; plus one 4-megapixel EIGER-like bitshuffle/LZ4 frame preview.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileSource } from '../../src/images/byte-source.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { THUMBNAIL_SIZE, VIEW_SIZE } from '../../src/images/preview.ts';
import { readImage } from '../../src/images/read-image.ts';
import { miniCbfBytes, smvBytes, syntheticFrame, writeNxmxHdf5 } from '../../src/images/synthetic.ts';

const SHARED = new URL('../../../shared/images/', import.meta.url).pathname;

function list(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(json|md)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function timeIt(paths: string[], previews: boolean, repeat: number): Promise<{ perSecond: number; ms: number }> {
  const start = performance.now();
  for (let r = 0; r < repeat; r++) {
    for (const path of paths) {
      if (previews) await inspectImage(fileSource(path), [{ size: THUMBNAIL_SIZE }, { size: VIEW_SIZE }]);
      else await readImage(fileSource(path));
    }
  }
  const ms = performance.now() - start;
  return { perSecond: (paths.length * repeat) / (ms / 1000), ms: ms / (paths.length * repeat) };
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aperture-bench-'));
  try {
    const frame = syntheticFrame({ width: 512, height: 512, seed: 1 });
    writeFileSync(join(dir, 'synthetic.cbf'), miniCbfBytes(frame));
    writeFileSync(join(dir, 'synthetic.cbf.gz'), gzipSync(miniCbfBytes(frame)));
    writeFileSync(join(dir, 'synthetic.img'), smvBytes(frame));
    await writeNxmxHdf5(join(dir, 'synthetic.h5'), frame, 3);
    const groups = new Map<string, string[]>();
    const add = (label: string, path: string) => groups.set(label, [...(groups.get(label) ?? []), path]);
    for (const path of list(dir)) add(`synthetic ${path.split('.').slice(1).join('.')}`, path);
    if (existsSync(SHARED)) {
      for (const path of list(SHARED)) add(`shared ${relative(SHARED, path).split('/')[0]}`, path);
    }
    await readImage(fileSource(join(dir, 'synthetic.h5'))); // warm h5wasm and plugins

    const rows: string[][] = [['files', 'n', 'header files/s', 'header ms/file', 'preview files/s', 'preview ms/file']];
    for (const [label, paths] of groups) {
      const header = await timeIt(paths, false, label.startsWith('synthetic') ? 20 : 3);
      const preview = await timeIt(paths, true, 1);
      rows.push([label, String(paths.length), header.perSecond.toFixed(1), header.ms.toFixed(1), preview.perSecond.toFixed(2), preview.ms.toFixed(0)]);
    }

    const big = syntheticFrame({ width: 2048, height: 2048, seed: 2, spots: 2000, pixelSizeMm: 0.075 });
    const bigPath = join(dir, 'eiger4m.h5');
    await writeNxmxHdf5(bigPath, big, 1);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const result = await inspectImage(fileSource(bigPath), [{ size: THUMBNAIL_SIZE }, { size: VIEW_SIZE }]);
      runs.push(performance.now() - t0);
      if (result.previews.length !== 2) throw new Error('4 Mpx preview failed: ' + JSON.stringify(result.diagnostics));
    }
    runs.sort((a, b) => a - b);
    rows.push([`4 Mpx EIGER-like bslz4 frame (${(statSync(bigPath).size / 1e6).toFixed(1)} MB), thumb+view`, '1', '', '', (1000 / runs[2]).toFixed(2), `${runs[2].toFixed(0)} (median of 5)`]);

    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const row of rows) process.stdout.write(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ') + '\n');
    if (!existsSync(SHARED)) process.stdout.write('(../shared/images absent: sample-file rows skipped)\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
