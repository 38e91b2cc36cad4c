import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferSource, fileSource } from '../../../src/images/byte-source.ts';
import { readImage } from '../../../src/images/read-image.ts';
import { renderPreview } from '../../../src/images/preview.ts';
import { resolutionAtRadius, resolutionRings } from '../../../src/images/rings.ts';
import { miniCbfBytes, smvBytes, syntheticFrame, writeNxmxHdf5 } from '../../../src/images/synthetic.ts';

const frame = syntheticFrame({ width: 160, height: 120, seed: 7, spots: 40 });
const codes = (r: { diagnostics: Array<{ code: string }> }) => r.diagnostics.map((d) => d.code);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aperture-images-'));
});

describe('miniCBF', () => {
  it('reads the PILATUS header and decodes byte_offset pixels exactly', async () => {
    const read = await readImage(bufferSource(miniCbfBytes(frame)), { frame: true });
    expect(read.format).toBe('cbf-mini');
    expect(read.technical).toMatchObject({
      wavelength_angstrom: 0.9763,
      distance_mm: frame.technical.distance_mm,
      beam_centre_x_px: frame.technical.beam_centre_x_px,
      pixel_size_x_mm: 0.172,
      width_px: 160,
      height_px: 120,
      frames: 1,
    });
    expect(Array.from(read.frame!.data)).toEqual(Array.from(frame.values));
    // Gap pixels (-1) are masked.
    const gap = frame.values.indexOf(-1);
    expect(read.frame!.invalid[gap]).toBe(1);
    expect(read.diagnostics).toEqual([]);
  });

  it('reports a Content-MD5 mismatch instead of decoding corrupt data', async () => {
    const bytes = miniCbfBytes(frame);
    const marker = Buffer.from(bytes).indexOf(Buffer.from([0x0c, 0x1a, 0x04, 0xd5]));
    bytes[marker + 100] ^= 0x55;
    const read = await readImage(bufferSource(bytes), { frame: true });
    expect(read.frame).toBeUndefined();
    expect(codes(read)).toContain('image/checksum-mismatch');
    expect(read.technical.wavelength_angstrom).toBe(0.9763);
  });

  it('sees through gzip and bzip2 containers by their magic bytes', async () => {
    const gz = await readImage(bufferSource(gzipSync(miniCbfBytes(frame)), 'frame.cbf'));
    expect([gz.format, gz.compression]).toEqual(['cbf-mini', 'gzip']);
    expect(gz.technical.wavelength_angstrom).toBe(0.9763);
    let bz: Buffer | null = null;
    try {
      bz = execFileSync('bzip2', ['-c'], { input: miniCbfBytes(frame) });
    } catch {
      return; // no bzip2 binary to make a fixture with; the ../shared truth test covers .bz2
    }
    const read = await readImage(bufferSource(bz), { frame: true });
    expect([read.format, read.compression]).toEqual(['cbf-mini', 'bzip2']);
    expect(read.frame?.data.length).toBe(160 * 120);
  });
});

describe('SMV', () => {
  it.each(['little_endian', 'big_endian'] as const)('reads %s pixels and converts an ADSC mm beam centre to pixels', async (order) => {
    const read = await readImage(bufferSource(smvBytes(frame, order)), { frame: true });
    expect(read.format).toBe('smv');
    expect(read.technical.beam_centre_x_px).toBeCloseTo(frame.technical.beam_centre_x_px!, 3);
    expect(read.technical.beam_centre_y_px).toBeCloseTo(frame.technical.beam_centre_y_px!, 3);
    const i = frame.values.findIndex((v) => v > 300);
    expect(read.frame!.data[i]).toBe(frame.values[i]);
  });

  it('reports a file shorter than HEADER_BYTES + SIZE1·SIZE2·2', async () => {
    const read = await readImage(bufferSource(smvBytes(frame).subarray(0, 5000)), { frame: true });
    expect(codes(read)).toContain('image/truncated');
    expect(read.frame).toBeUndefined();
  });

  it.each(['3.5', '1e-300', '0x10', '-160'])('a SIZE1 of %s is a malformed header: no frame and no width is published', async (size1) => {
    const bytes = new Uint8Array(Buffer.from(Buffer.from(smvBytes(frame)).toString('latin1').replace(/SIZE1=\d+/, `SIZE1=${size1}`), 'latin1'));
    const read = await readImage(bufferSource(bytes), { frame: true });
    expect(codes(read)).toContain('image/malformed-header');
    expect(read.frame).toBeUndefined();
    expect(read.technical.width_px).toBeUndefined();
  });
});

describe('HDF5 NXmx with bitshuffle/LZ4', () => {
  it('round-trips metadata with units and one compressed frame', async () => {
    const path = join(dir, 'nxmx_master.h5');
    await writeNxmxHdf5(path, frame, 3);
    const read = await readImage(fileSource(path), { frame: true, frameIndex: 1 });
    expect(read.format).toBe('hdf5-nxmx');
    expect(read.technical).toMatchObject({ frames: 3, width_px: 160, height_px: 120, distance_mm: frame.technical.distance_mm, oscillation_width_deg: 0.1 });
    const i = frame.values.findIndex((v) => v > 300);
    expect(read.frame!.data[i]).toBe(frame.values[i]);
    const gap = frame.values.indexOf(-1);
    expect(read.frame!.invalid[gap]).toBe(1);
  });
});

describe('detection', () => {
  it('returns an explicit unknown format with a diagnostic', async () => {
    const read = await readImage(bufferSource(new TextEncoder().encode('{"not":"an image"}')));
    expect(read.format).toBe('unknown');
    expect(codes(read)).toEqual(['image/unknown-format']);
  });

  it('reports an empty file as truncated', async () => {
    expect(codes(await readImage(bufferSource(new Uint8Array(0))))).toEqual(['image/truncated']);
  });

  it('reports a missing file as unreadable rather than throwing', async () => {
    expect(codes(await readImage(fileSource(join(dir, 'nope.cbf'))))).toEqual(['image/unreadable']);
  });
});

describe('previews and rings', () => {
  it('encodes a WebP with its size and paints masked pixels in the mask colour', async () => {
    const read = await readImage(bufferSource(miniCbfBytes(frame)), { frame: true });
    const preview = await renderPreview(read.frame!, { size: 80, format: 'png' });
    expect([preview.width, preview.height, preview.mediaType]).toEqual([80, 60, 'image/png']);
    const { data, info } = await sharp(preview.bytes).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([80, 60]);
    // The horizontal module gap sits at 40 % of the height.
    const row = Math.floor(60 * 0.4);
    expect(Array.from(data.subarray((row * 80 + 5) * 3, (row * 80 + 5) * 3 + 3))).toEqual([206, 220, 235]);
    const webp = await renderPreview(read.frame!, { size: 64 });
    expect(webp.mediaType).toBe('image/webp');
    expect((await sharp(webp.bytes).metadata()).format).toBe('webp');
  });

  it('places resolution rings where Bragg law puts them', () => {
    const meta = { wavelength_angstrom: 1, distance_mm: 100, pixel_size_x_mm: 0.1, beam_centre_x_px: 1000, beam_centre_y_px: 1000, width_px: 2000, height_px: 2000 };
    const rings = resolutionRings(meta, [2, 3]);
    // d = 2 Å: sin θ = 0.25, 2θ = 28.955°, r = 100 mm · tan 2θ = 55.34 mm = 553.4 px.
    expect(rings[0].dSpacingAngstrom).toBe(2);
    expect(rings[0].radiusPx).toBeCloseTo(553.4, 0);
    expect(resolutionAtRadius(rings[1].radiusPx, meta)).toBeCloseTo(3, 6);
    expect(resolutionRings({ ...meta, wavelength_angstrom: null })).toEqual([]);
    // Rings beyond the detector corner are left out.
    expect(resolutionRings(meta, [0.6]).length).toBe(0);
  });
});

it('the synthetic generator is deterministic for a seed', () => {
  const a = syntheticFrame({ width: 64, height: 64, seed: 3 });
  const b = syntheticFrame({ width: 64, height: 64, seed: 3 });
  const c = syntheticFrame({ width: 64, height: 64, seed: 4 });
  expect(a.values).toEqual(b.values);
  expect(a.values).not.toEqual(c.values);
  writeFileSync(join(dir, 'x.cbf'), miniCbfBytes(a));
  expect(readFileSync(join(dir, 'x.cbf')).subarray(0, 6).toString()).toBe('###CBF');
});
