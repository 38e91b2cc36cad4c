/**
 * Every outcome of `aperture inspect`, with and without `--preview` and `--json`: exit 0 only
 * when the file was read whole (README: 1 = the input has errors), and a diagnostic saying why
 * not, on stderr and in the JSON. A script looping over files tells complete reads from the
 * rest by the exit code alone; a header read over a frame too large to read is not complete.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import type { CliIO } from '../../../src/cli/io.ts';
import { fileSource } from '../../../src/images/byte-source.ts';
import { readImage } from '../../../src/images/read-image.ts';
import { miniCbfBytes, smvBytes, syntheticFrame, writeNxmxHdf5 } from '../../../src/images/synthetic.ts';
import { writeLinkedMaster } from '../../helpers/hdf5-fixtures.ts';

function capture(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd, env: {} };
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const edited = (bytes: Uint8Array, edit: (text: string) => string) => Buffer.from(edit(latin1(bytes)), 'latin1');

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aperture-inspect-outcomes-'));
  const cbf = miniCbfBytes(syntheticFrame({ width: 200, height: 100, seed: 2 }));
  const smv = smvBytes(syntheticFrame({ width: 64, height: 32, seed: 3 }));
  const binaryStart = latin1(cbf).indexOf('\x0c\x1a\x04\xd5') + 4;
  writeFileSync(join(dir, 'whole.cbf'), cbf);
  writeFileSync(join(dir, 'huge.cbf'), edited(cbf, (t) => t.replace('X-Binary-Size-Fastest-Dimension: 200', 'X-Binary-Size-Fastest-Dimension: 1000000')));
  writeFileSync(join(dir, 'cut.cbf'), cbf.subarray(0, binaryStart + 100));
  writeFileSync(join(dir, 'header.cbf'), '###CBF: VERSION 1.5\r\ndata_header\r\n_array_data.header_contents\r\n;\r\n# Wavelength 0.9763 A\r\n;\r\n');
  writeFileSync(join(dir, 'whole.img'), smv);
  writeFileSync(join(dir, 'huge.img'), edited(smv, (t) => t.replace('SIZE1=64;', 'SIZE1=10000000;')));
  writeFileSync(join(dir, 'cut.img'), smv.subarray(0, smv.length - 100));
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  await writeNxmxHdf5(join(dir, 'whole.h5'), syntheticFrame({ width: 64, height: 64, seed: 4 }));
  await writeLinkedMaster(join(dir, 'orphan_master.h5'), 'orphan_data_000001.h5');
}, 60_000);

// [file, --preview asked, exit code, diagnostic code expected (null: none above info)]
const OUTCOMES: [string, boolean, 0 | 1, string | null][] = [
  ['whole.cbf', false, 0, null],
  ['whole.cbf', true, 0, null],
  ['huge.cbf', false, 1, 'image/too-large'],
  ['huge.cbf', true, 1, 'image/too-large'],
  ['cut.cbf', false, 1, 'image/truncated'],
  ['cut.cbf', true, 1, 'image/truncated'],
  // A header with no binary section is read whole; there is just no frame to preview.
  ['header.cbf', false, 0, null],
  ['header.cbf', true, 1, 'image/no-frame'],
  ['whole.img', false, 0, null],
  ['huge.img', false, 1, 'image/too-large'],
  ['cut.img', false, 1, 'image/truncated'],
  ['cut.img', true, 1, 'image/truncated'],
  ['notes.txt', false, 1, 'image/unknown-format'],
  ['missing.cbf', false, 1, 'image/unreadable'],
  ['whole.h5', false, 0, null],
  ['whole.h5', true, 0, null],
  ['orphan_master.h5', false, 1, 'image/missing-external-data'],
  ['orphan_master.h5', true, 1, 'image/missing-external-data'],
];

describe('aperture inspect exit codes', () => {
  test.each(OUTCOMES)('%s (preview %s) exits %s and says %s', async (file, preview, exit, code) => {
    for (const json of [false, true]) {
      const io = capture(dir);
      const args = ['inspect', file, ...(preview ? ['--preview', `${file}.webp`, '--size', '64'] : []), ...(json ? ['--json'] : [])];
      expect(await main(args, io), args.join(' ')).toBe(exit);
      const stderrCodes = io.err.map((line) => /^\w+ (\S+):/.exec(line)?.[1]);
      if (code) expect(stderrCodes, args.join(' ')).toContain(code);
      if (json) {
        const printed = JSON.parse(io.out.join('')) as { diagnostics: { code: string; severity: string }[] };
        if (code) expect(printed.diagnostics.map((d) => d.code)).toContain(code);
        if (exit === 0) expect(printed.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      }
    }
  }, 30_000);
});

describe('a header-only read reports what a frame read would refuse', () => {
  test('an HDF5 stack above the pixel limit is reported without decoding a frame', async () => {
    const read = await readImage(fileSource(join(dir, 'whole.h5')), { frame: false, limits: { maxPixels: 1000 } });
    expect(read.format).toBe('hdf5-nxmx');
    expect(read.diagnostics.map((d) => d.code)).toEqual(['image/too-large']);
  });
});
