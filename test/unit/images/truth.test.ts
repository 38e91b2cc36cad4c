/**
 * Conformance with ../shared/images/truth.json: every header value and pixel statistic
 * the corpus records must come out of readImage, in the units of the key names.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../../../src/images/byte-source.ts';
import { readImage, type ImageRead } from '../../../src/images/read-image.ts';
import type { TechnicalMetadata } from '../../../src/record/types.ts';

const ROOT = join(import.meta.dirname, '../../../../shared/images');
const TRUTH = join(ROOT, 'truth.json');

interface Value {
  value: number | string | number[];
  unit: string | null;
}
interface TruthFile {
  file: string;
  format: string;
  truth: Record<string, Value | null | unknown>;
  pixels?: { sum: number; min: number; max: number; sha256_of_int32_le?: string; sha256_of_uint16_le?: string };
  pixels_per_frame?: Array<{ index: number; sum: number; min: number; max: number }>;
}

const SCALE: Record<string, Record<string, number>> = {
  wavelength_angstrom: { angstrom: 1, nm: 10 },
  distance_mm: { m: 1000, mm: 1 },
  pixel_size_x_mm: { m: 1000, mm: 1 },
  pixel_size_y_mm: { m: 1000, mm: 1 },
  exposure_time_s: { s: 1 },
  oscillation_start_deg: { deg: 1, degree: 1 },
  oscillation_width_deg: { deg: 1, degree: 1 },
  beam_centre_x_px: { pixel: 1 },
  beam_centre_y_px: { pixel: 1 },
};
const KEYS: Record<string, keyof TechnicalMetadata> = {
  wavelength: 'wavelength_angstrom',
  detector_distance: 'distance_mm',
  beam_centre_x: 'beam_centre_x_px',
  beam_centre_y: 'beam_centre_y_px',
  pixel_size_x: 'pixel_size_x_mm',
  pixel_size_y: 'pixel_size_y_mm',
  exposure_time: 'exposure_time_s',
  oscillation_start: 'oscillation_start_deg',
  oscillation_range: 'oscillation_width_deg',
};

function isValue(v: unknown): v is Value {
  return typeof v === 'object' && v !== null && 'value' in v;
}

function close(actual: number | null | undefined, expected: number, label: string): void {
  expect(actual, label).toBeTypeOf('number');
  // Truth values are stated to the digits the header holds (525.04 mm): half a unit in the last digit.
  const decimals = (String(expected).split('.')[1] ?? '').replace(/e.*$/i, '').length;
  const tolerance = Math.max(Math.abs(expected) * 1e-6, /e/i.test(String(expected)) ? 0 : 0.5 * 10 ** -decimals);
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

function frameStats(read: ImageRead): { sum: number; min: number; max: number } {
  const data = read.frame!.data;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    sum += data[i];
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  return { sum, min, max };
}

const truth: TruthFile[] = existsSync(TRUTH) ? (JSON.parse(readFileSync(TRUTH, 'utf8')) as { files: TruthFile[] }).files : [];

describe.skipIf(!existsSync(TRUTH))('readImage against ../shared/images/truth.json', () => {
  it.each(truth.map((t) => [t.file, t] as const))('%s', async (_name, entry) => {
    const read = await readImage(fileSource(join(ROOT, entry.file)), { frame: true });
    const t = read.technical;
    expect(read.format).not.toBe('unknown');
    if (entry.format === 'CBF') expect(read.format).toMatch(/^cbf/);
    if (entry.format === 'SMV') expect(read.format).toBe('smv');
    if (entry.format === 'HDF5') expect(read.format).toMatch(/^hdf5/);
    for (const [truthKey, ourKey] of Object.entries(KEYS)) {
      if (!(truthKey in entry.truth)) continue;
      const expected = entry.truth[truthKey];
      if (expected === null) {
        expect(t[ourKey] ?? null, `${truthKey} absent`).toBeNull();
        continue;
      }
      if (!isValue(expected) || typeof expected.value !== 'number') continue;
      const unit = (expected.unit ?? '').split(/[\s(]/)[0];
      if (/^NX_|^none$/.test(unit) || expected.unit === 'none given') {
        // Placeholder or missing units: the value is withheld and the problem reported.
        expect(t[ourKey] ?? null, `${truthKey} withheld`).toBeNull();
        expect(read.diagnostics.some((d) => d.code === 'image/unknown-units')).toBe(true);
        continue;
      }
      const factor = SCALE[ourKey][unit];
      expect(factor, `unit ${unit} of ${truthKey}`).toBeDefined();
      close(t[ourKey] as number | null | undefined, expected.value * factor, truthKey);
    }
    const name = entry.truth.detector_name;
    if (isValue(name) && typeof name.value === 'string') {
      const words = (t.detector ?? '').split(/[\s()",]+/).filter(Boolean);
      expect(words.length).toBeGreaterThan(0);
      for (const w of words) expect(name.value).toContain(w);
    }
    const frames = entry.truth.n_frames_in_file ?? entry.truth.n_frames;
    if (isValue(frames)) expect(t.frames).toBe(frames.value);
    const dims = entry.truth.dims_fast_slow;
    if (isValue(dims) && Array.isArray(dims.value)) expect([t.width_px, t.height_px]).toEqual(dims.value);
    if (isValue(entry.truth.dims_size1_fast)) expect(t.width_px).toBe(entry.truth.dims_size1_fast.value);
    if (isValue(entry.truth.dims_size2_slow)) expect(t.height_px).toBe(entry.truth.dims_size2_slow.value);
    const shape = entry.truth.shape;
    if (Array.isArray(shape) && entry.truth.dataset === '/entry/data/data') {
      expect([t.frames, t.height_px, t.width_px]).toEqual(shape);
    }

    const expectedPixels = entry.pixels ?? entry.pixels_per_frame?.[0];
    if (expectedPixels) {
      expect(read.frame, 'frame decoded').toBeDefined();
      expect(frameStats(read)).toEqual({ sum: expectedPixels.sum, min: expectedPixels.min, max: expectedPixels.max });
    }
    if (entry.pixels?.sha256_of_int32_le) {
      const ints = Int32Array.from(read.frame!.data);
      expect(createHash('sha256').update(new Uint8Array(ints.buffer)).digest('hex')).toBe(entry.pixels.sha256_of_int32_le);
    }
    if (entry.pixels?.sha256_of_uint16_le) {
      const ints = Uint16Array.from(read.frame!.data);
      expect(createHash('sha256').update(new Uint8Array(ints.buffer)).digest('hex')).toBe(entry.pixels.sha256_of_uint16_le);
    }
    if (/x-CBF_PACKED/.test(JSON.stringify(entry))) {
      expect(read.frame).toBeUndefined();
      expect(read.diagnostics.map((d) => d.code)).toContain('image/unsupported-compression');
    }
    if (/master/i.test(entry.file) && !existsSync(join(ROOT, entry.file.replace('master', 'data_000001')))) {
      expect(read.diagnostics.map((d) => d.code)).toContain('image/missing-external-data');
    }
  });

  it('detects a virtual dataset whose source file is missing instead of reading zeros', async () => {
    const read = await readImage(fileSource(join(ROOT, 'hdf5-nxmx/Therm_6_2.nxs')), { frame: true });
    expect(read.format).toBe('hdf5-nxmx');
    expect(read.frame).toBeUndefined();
    expect(read.diagnostics.map((d) => d.code)).toContain('image/missing-external-data');
    expect(read.technical.frames).toBe(488);
  });

  it('follows an EIGER master external link to its data file', async () => {
    const read = await readImage(fileSource(join(ROOT, 'hdf5-eiger-data/artificial_small/test_master.h5')), { frame: true, frameIndex: 2 });
    expect(read.format).toBe('hdf5-eiger-master');
    expect(read.frame?.width).toBe(11);
    expect(frameStats(read).sum).toBe(10153);
  });
});
