/**
 * Bad input never crashes and never allocates without bound: mutated headers (truncated,
 * flipped bytes, absurd dimensions, wrong magic, corrupted compressed chunks) always come
 * back as a result with diagnostics. Sample files from ../shared are mutated too when present.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferSource, fileSource } from '../../../src/images/byte-source.ts';
import { readImage, type ImageRead } from '../../../src/images/read-image.ts';
import { miniCbfBytes, smvBytes, syntheticFrame, writeNxmxHdf5 } from '../../../src/images/synthetic.ts';

const MAX_PIXELS = 1_000_000;
const frame = syntheticFrame({ width: 96, height: 80, seed: 9, spots: 20 });
const SHARED = join(import.meta.dirname, '../../../../shared/images');

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'replace'; key: string; value: string }
  | { kind: 'magic'; byte: number };

const mutation = (headerKeys: string[]): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({
      kind: fc.constant('replace' as const),
      key: fc.constantFrom(...headerKeys),
      value: fc.constantFrom('1000000000', '0', '-5', 'NaN', '99999999999999999999', '', '1e9', '3.5'),
    }),
    fc.record({ kind: fc.constant('magic' as const), byte: fc.integer({ min: 0, max: 255 }) }),
  );

function apply(bytes: Uint8Array, m: Mutation, headerOnly: number): Uint8Array {
  const out = new Uint8Array(bytes);
  switch (m.kind) {
    case 'truncate':
      return out.subarray(0, Math.floor(m.at * bytes.length));
    case 'flip': {
      // Half the flips land in the header, half anywhere (compressed data included).
      const span = m.mask % 2 === 0 ? Math.min(headerOnly, bytes.length) : bytes.length;
      out[Math.floor(m.at * (span - 1))] ^= m.mask;
      return out;
    }
    case 'magic':
      out[0] = m.byte;
      return out;
    case 'replace': {
      const text = Buffer.from(out).toString('latin1');
      const re = new RegExp(`(${m.key}\\s*[:=]?\\s*)([^;\\r\\n]*)`);
      return new Uint8Array(Buffer.from(text.replace(re, `$1${m.value}`), 'latin1'));
    }
  }
}

function assertHandled(read: ImageRead): void {
  // The catch-all in readImage means a reader threw: that is a bug, not a diagnostic.
  expect(read.diagnostics.filter((d) => d.message.startsWith('The file could not be read'))).toEqual([]);
  if (read.frame) {
    expect(read.frame.width * read.frame.height).toBeLessThanOrEqual(MAX_PIXELS);
    expect(read.frame.data.length).toBe(read.frame.width * read.frame.height);
  } else if (read.format !== 'unknown') {
    // No frame, so something must say why (or the header simply had none to give).
    expect(read.diagnostics.length + Object.keys(read.technical).length).toBeGreaterThan(0);
  }
}

const CBF_KEYS = ['X-Binary-Size-Fastest-Dimension', 'X-Binary-Size-Second-Dimension', 'X-Binary-Size', 'X-Binary-Number-of-Elements', 'Beam_xy', 'Content-MD5', 'conversions'];
const SMV_KEYS = ['HEADER_BYTES', 'SIZE1', 'SIZE2', 'PIXEL_SIZE', 'BEAM_CENTER_X', 'BYTE_ORDER', 'TYPE'];

describe('fuzzed headers never crash the readers', () => {
  const cbf = miniCbfBytes(frame);
  const smv = smvBytes(frame);
  const limits = { maxPixels: MAX_PIXELS, maxDecompressedBytes: 64 * 1024 * 1024 };

  it('miniCBF (also gzip-wrapped)', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(CBF_KEYS), fc.boolean(), async (m, gz) => {
        const bytes = apply(cbf, m, 1200);
        assertHandled(await readImage(bufferSource(gz ? gzipSync(bytes) : bytes), { frame: true, limits }));
      }),
      { numRuns: 80, seed: 42 },
    );
  });

  it('SMV', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(SMV_KEYS), async (m) => {
        assertHandled(await readImage(bufferSource(apply(smv, m, 512)), { frame: true, limits }));
      }),
      { numRuns: 60, seed: 43 },
    );
  });

  it('a header claiming 10^9 pixels is refused with image/too-large, not allocated', async () => {
    const big = apply(apply(cbf, { kind: 'replace', key: 'X-Binary-Size-Fastest-Dimension', value: '100000' }, 0), { kind: 'replace', key: 'X-Binary-Size-Second-Dimension', value: '10000' }, 0);
    const read = await readImage(bufferSource(big), { frame: true });
    expect(read.diagnostics.map((d) => d.code)).toContain('image/too-large');
    const smvBig = apply(apply(smv, { kind: 'replace', key: 'SIZE1', value: '100000' }, 0), { kind: 'replace', key: 'SIZE2', value: '10000' }, 0);
    expect((await readImage(bufferSource(smvBig), { frame: true })).diagnostics.map((d) => d.code)).toContain('image/too-large');
  });

  describe('HDF5 (bitshuffle/LZ4 chunks)', () => {
    let dir: string;
    let h5: Uint8Array;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'aperture-fuzz-'));
      await writeNxmxHdf5(join(dir, 'clean.h5'), frame, 2);
      h5 = readFileSync(join(dir, 'clean.h5'));
    });

    it('corrupted and truncated HDF5 files', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
            fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), mask: fc.integer({ min: 1, max: 255 }) }),
          ),
          async (m) => {
            const path = join(dir, `m${n++}.h5`);
            writeFileSync(path, apply(h5, m, h5.length));
            assertHandled(await readImage(fileSource(path), { frame: true, limits }));
          },
        ),
        { numRuns: 30, seed: 44 },
      );
    });
  });

  describe.skipIf(!existsSync(SHARED))('sample files from ../shared/images', () => {
    const samples = ['cbf/l-cyst_01_00001.cbf', 'smv/TIMEPIX_SU_512-stdgoni_0001.img', 'cbf/hit-20181213155134902.cbf'];
    it.each(samples)('%s with mutated headers', async (name) => {
      const bytes = readFileSync(join(SHARED, name)).subarray(0, 600_000);
      await fc.assert(
        fc.asyncProperty(mutation([...CBF_KEYS, ...SMV_KEYS]), async (m) => {
          assertHandled(await readImage(bufferSource(apply(bytes, m, 4096)), { frame: true, limits }));
        }),
        { numRuns: 25, seed: 45 },
      );
    });
  });
});
