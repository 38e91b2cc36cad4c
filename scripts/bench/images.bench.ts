/**
 * Image reader throughput: files/second for header-only extraction and for previews
 * (thumbnail + view), per format, on the synthetic frames and on ../shared/images when
 * present; plus one 4-megapixel EIGER-like bitshuffle/LZ4 frame preview, and a header
 * read and a one-frame preview of an NXmx file over HTTP ranges (bytes transferred).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileSource, httpRangeSource } from '../../src/images/byte-source.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { THUMBNAIL_SIZE, VIEW_SIZE } from '../../src/images/preview.ts';
import { readImage } from '../../src/images/read-image.ts';
import { miniCbfBytes, smvBytes, syntheticFrame, writeNxmxHdf5 } from '../../src/images/synthetic.ts';
import { startRangeServer } from '../../test/helpers/range-server.ts';

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

    rows.push(...(await remoteRows(dir)));

    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const row of rows) process.stdout.write(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ') + '\n');
    if (!existsSync(SHARED)) process.stdout.write('(../shared/images absent: sample-file rows skipped)\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Header read and one-frame preview of a 20-frame 1024² NXmx file served over HTTP ranges. */
async function remoteRows(dir: string): Promise<string[][]> {
  const remoteDir = join(dir, 'remote');
  mkdirSync(remoteDir);
  await writeNxmxHdf5(join(remoteDir, 'stack.h5'), syntheticFrame({ width: 1024, height: 1024, seed: 3 }), 20);
  const size = statSync(join(remoteDir, 'stack.h5')).size;
  const server = await startRangeServer(remoteDir);
  const rows: string[][] = [];
  try {
    for (const previews of [false, true]) {
      const runs: Array<{ ms: number; bytes: number }> = [];
      for (let i = 0; i < 5; i++) {
        const source = httpRangeSource(`${server.base}/files/stack.h5`);
        const t0 = performance.now();
        const result = await inspectImage(source, previews ? [{ size: THUMBNAIL_SIZE }, { size: VIEW_SIZE }] : []);
        runs.push({ ms: performance.now() - t0, bytes: source.bytesRead });
        if (result.diagnostics.length > 0) throw new Error('remote HDF5 read failed: ' + JSON.stringify(result.diagnostics));
      }
      runs.sort((a, b) => a.ms - b.ms);
      const { ms, bytes } = runs[2];
      const what = previews ? 'frame-0 preview' : 'header';
      const label = `HTTP ranges, ${(size / 1e6).toFixed(1)} MB NXmx, ${what}: ${(bytes / 1e6).toFixed(2)} MB sent (${((100 * bytes) / size).toFixed(1)}%)`;
      rows.push(previews ? [label, '1', '', '', (1000 / ms).toFixed(2), `${ms.toFixed(0)} (median of 5)`] : [label, '1', (1000 / ms).toFixed(1), `${ms.toFixed(1)} (median of 5)`, '', '']);
    }
  } finally {
    await server.stop();
  }
  return rows;
}
