/**
 * Simulated diffraction frames for the demo catalogue, tests and benchmarks: a noisy
 * background, powder (ice-like) rings at physical d-spacings, Bragg spots and module
 * gaps, deterministic from a seed. Written as miniCBF (byte_offset), SMV and NXmx HDF5
 * (bitshuffle/LZ4, filter 32008). Never derived from ../shared/images.
 */
import { createHash } from 'node:crypto';
import { encodeByteOffset } from './byte-offset.ts';
import { loadH5wasm } from './h5.ts';
import { ringRadiusPx } from './rings.ts';
import type { TechnicalMetadata } from '../record/types.ts';

export interface SyntheticOptions {
  width?: number;
  height?: number;
  seed?: number;
  spots?: number;
  frames?: number;
  pixelSizeMm?: number;
  /** Beam and scan values to write into the header (and to place the rings by), e.g. a demo dataset's own. */
  geometry?: Partial<Pick<TechnicalMetadata, 'detector' | 'wavelength_angstrom' | 'distance_mm' | 'exposure_time_s' | 'oscillation_start_deg' | 'oscillation_width_deg'>>;
}

export interface SyntheticFrame {
  width: number;
  height: number;
  /** Counts; −1 marks module gaps (CBF convention). */
  values: Int32Array;
  technical: TechnicalMetadata;
}

/** mulberry32: tiny, fast, reproducible across platforms. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticFrame(options: SyntheticOptions = {}): SyntheticFrame {
  const width = options.width ?? 512;
  const height = options.height ?? 512;
  const random = prng(options.seed ?? 1);
  const scale = width / 512;
  const technical: TechnicalMetadata = {
    detector: 'Synthetic PILATUS-like 512 (Aperture demo)',
    wavelength_angstrom: 0.9763,
    distance_mm: 120 * scale,
    beam_centre_x_px: width / 2 + 3.5,
    beam_centre_y_px: height / 2 - 6.25,
    pixel_size_x_mm: options.pixelSizeMm ?? 0.172,
    pixel_size_y_mm: options.pixelSizeMm ?? 0.172,
    exposure_time_s: 0.1,
    oscillation_start_deg: 0,
    oscillation_width_deg: 0.1,
    frames: options.frames ?? 1,
    width_px: width,
    height_px: height,
    ...options.geometry,
  };
  const bx = technical.beam_centre_x_px!;
  const by = technical.beam_centre_y_px!;
  const rings = [3.9, 3.67, 3.44, 2.67]
    .map((d) => ringRadiusPx(d, technical))
    .filter((r): r is number => r !== null);
  const values = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - bx, y - by);
      // Diffuse scatter falls off with radius; rings are Gaussian in r.
      let mean = 4 + 60 / (1 + r / (20 * scale));
      for (const ring of rings) mean += 70 * Math.exp(-((r - ring) ** 2) / (2 * (1.2 * scale) ** 2));
      // Cheap Poisson-like noise: mean ± sqrt(mean).
      values[y * width + x] = Math.max(0, Math.round(mean + (random() + random() - 1) * Math.sqrt(mean) * 1.7));
    }
  }
  const spots = options.spots ?? 250;
  for (let s = 0; s < spots; s++) {
    const cx = random() * width;
    const cy = random() * height;
    const peak = 40 + Math.floor(random() ** 4 * 4000);
    for (let dy = -3; dy <= 3; dy++) {
      for (let dx = -3; dx <= 3; dx++) {
        const x = Math.floor(cx) + dx;
        const y = Math.floor(cy) + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        values[y * width + x] += Math.round(peak * Math.exp(-(dx * dx + dy * dy) / 1.6));
      }
    }
  }
  // Module gaps, as on a PILATUS: a horizontal band and a vertical band.
  const gapY = Math.floor(height * 0.4);
  const gapX = Math.floor(width * 0.6);
  for (let x = 0; x < width; x++) for (let y = gapY; y < gapY + Math.max(2, Math.round(7 * scale)); y++) values[y * width + x] = -1;
  for (let y = 0; y < height; y++) for (let x = gapX; x < gapX + Math.max(1, Math.round(3 * scale)); x++) values[y * width + x] = -1;
  return { width, height, values, technical };
}

export function miniCbfBytes(frame: SyntheticFrame, name = 'synthetic_0001'): Uint8Array {
  const t = frame.technical;
  const data = encodeByteOffset(frame.values);
  const md5 = createHash('md5').update(data).digest('base64');
  const px = (t.pixel_size_x_mm! / 1000).toExponential(3).replace('.000', '');
  const header = [
    '###CBF: VERSION 1.5, CBFlib v0.7.8 - PILATUS detectors',
    '',
    `data_${name}`,
    '',
    '_array_data.header_convention "PILATUS_1.2"',
    '_array_data.header_contents',
    ';',
    `# Detector: ${t.detector}`,
    '# 2024-01-01T00:00:00.000',
    `# Pixel_size ${px} m x ${px} m`,
    `# Exposure_time ${t.exposure_time_s} s`,
    `# Exposure_period ${t.exposure_time_s} s`,
    '# Count_cutoff 1048575 counts',
    `# Wavelength ${t.wavelength_angstrom} A`,
    `# Detector_distance ${t.distance_mm! / 1000} m`,
    `# Beam_xy (${t.beam_centre_x_px}, ${t.beam_centre_y_px}) pixels`,
    `# Start_angle ${t.oscillation_start_deg} deg.`,
    `# Angle_increment ${t.oscillation_width_deg} deg.`,
    '# Oscillation_axis X.CW',
    ';',
    '',
    '_array_data.data',
    ';',
    '--CIF-BINARY-FORMAT-SECTION--',
    'Content-Type: application/octet-stream;',
    '     conversions="x-CBF_BYTE_OFFSET"',
    'Content-Transfer-Encoding: BINARY',
    `X-Binary-Size: ${data.length}`,
    'X-Binary-ID: 1',
    'X-Binary-Element-Type: "signed 32-bit integer"',
    'X-Binary-Element-Byte-Order: LITTLE_ENDIAN',
    `Content-MD5: ${md5}`,
    `X-Binary-Number-of-Elements: ${frame.values.length}`,
    `X-Binary-Size-Fastest-Dimension: ${frame.width}`,
    `X-Binary-Size-Second-Dimension: ${frame.height}`,
    'X-Binary-Size-Padding: 4095',
    '',
    '',
  ].join('\r\n');
  const trailer = '\r\n--CIF-BINARY-FORMAT-SECTION----\r\n;\r\n\r\n';
  return Buffer.concat([
    Buffer.from(header, 'latin1'),
    Buffer.from([0x0c, 0x1a, 0x04, 0xd5]),
    data,
    Buffer.alloc(4095),
    Buffer.from(trailer, 'latin1'),
  ]);
}

/** ADSC-style SMV; beam centre written in mm in the Mosflm frame (X = slow, Y = fast). */
export function smvBytes(frame: SyntheticFrame, byteOrder: 'little_endian' | 'big_endian' = 'little_endian'): Uint8Array {
  const t = frame.technical;
  const pixel = t.pixel_size_x_mm!;
  const lines = [
    '{',
    'HEADER_BYTES=512;',
    'DIM=2;',
    `BYTE_ORDER=${byteOrder};`,
    'TYPE=unsigned_short;',
    `SIZE1=${frame.width};`,
    `SIZE2=${frame.height};`,
    `PIXEL_SIZE=${pixel};`,
    `DISTANCE=${t.distance_mm};`,
    `WAVELENGTH=${t.wavelength_angstrom};`,
    `BEAM_CENTER_X=${(t.beam_centre_y_px! * pixel).toFixed(5)};`,
    `BEAM_CENTER_Y=${(t.beam_centre_x_px! * pixel).toFixed(5)};`,
    `OSC_START=${t.oscillation_start_deg};`,
    `OSC_RANGE=${t.oscillation_width_deg};`,
    `TIME=${t.exposure_time_s};`,
    'BEAMLINE=SYNTHETIC;',
    'DETECTOR_SN=0;',
    '}\f',
  ].join('\n');
  const out = Buffer.alloc(512 + frame.values.length * 2, 0x20);
  out.write(lines, 0, 'latin1');
  for (let i = 0; i < frame.values.length; i++) {
    const v = frame.values[i] < 0 ? 65535 : Math.min(65534, frame.values[i]);
    if (byteOrder === 'little_endian') out.writeUInt16LE(v, 512 + i * 2);
    else out.writeUInt16BE(v, 512 + i * 2);
  }
  return out;
}

/**
 * NXmx master with the image stack inline, compressed with bitshuffle/LZ4 (32008) as the
 * DECTRIS file writer does. Gaps are 2^16−1, the EIGER masked value.
 */
export async function writeNxmxHdf5(path: string, frame: SyntheticFrame, frames = 1): Promise<void> {
  const h5 = await loadH5wasm();
  const t = frame.technical;
  const file = new h5.File(path, 'w');
  try {
    const entry = file.create_group('entry');
    entry.create_attribute('NX_class', 'NXentry');
    entry.create_dataset({ name: 'definition', data: 'NXmx' });
    const instrument = entry.create_group('instrument');
    instrument.create_attribute('NX_class', 'NXinstrument');
    const beam = instrument.create_group('beam');
    beam.create_attribute('NX_class', 'NXbeam');
    beam.create_dataset({ name: 'incident_wavelength', data: t.wavelength_angstrom! }).create_attribute('units', 'angstrom');
    const det = instrument.create_group('detector');
    det.create_attribute('NX_class', 'NXdetector');
    det.create_dataset({ name: 'description', data: t.detector ?? 'Synthetic EIGER-like (Aperture demo)' });
    det.create_dataset({ name: 'distance', data: t.distance_mm! / 1000 }).create_attribute('units', 'm');
    det.create_dataset({ name: 'beam_center_x', data: t.beam_centre_x_px! }).create_attribute('units', 'pixels');
    det.create_dataset({ name: 'beam_center_y', data: t.beam_centre_y_px! }).create_attribute('units', 'pixels');
    det.create_dataset({ name: 'x_pixel_size', data: t.pixel_size_x_mm! / 1000 }).create_attribute('units', 'm');
    det.create_dataset({ name: 'y_pixel_size', data: t.pixel_size_y_mm! / 1000 }).create_attribute('units', 'm');
    det.create_dataset({ name: 'count_time', data: t.exposure_time_s! }).create_attribute('units', 's');
    det.create_dataset({ name: 'bit_depth_image', data: new Int32Array([16]), shape: [] });
    const sample = entry.create_group('sample');
    sample.create_attribute('NX_class', 'NXsample');
    sample.create_dataset({ name: 'depends_on', data: '/entry/sample/transformations/omega' });
    const transformations = sample.create_group('transformations');
    transformations.create_attribute('NX_class', 'NXtransformations');
    const omega = Float64Array.from({ length: Math.max(2, frames) }, (_, i) => t.oscillation_start_deg! + i * t.oscillation_width_deg!);
    const omegaDs = transformations.create_dataset({ name: 'omega', data: omega.subarray(0, Math.max(1, frames)) });
    omegaDs.create_attribute('units', 'deg');
    omegaDs.create_attribute('transformation_type', 'rotation');
    omegaDs.create_attribute('depends_on', '.');
    omegaDs.create_attribute('vector', new Float64Array([-1, 0, 0]));
    transformations.create_dataset({ name: 'omega_increment_set', data: new Float64Array(Math.max(1, frames)).fill(t.oscillation_width_deg!) });
    const data = entry.create_group('data');
    data.create_attribute('NX_class', 'NXdata');
    data.create_attribute('signal', 'data');
    const stack = new Uint16Array(frame.values.length * frames);
    for (let f = 0; f < frames; f++) {
      for (let i = 0; i < frame.values.length; i++) {
        const v = frame.values[i];
        stack[f * frame.values.length + i] = v < 0 ? 65535 : Math.min(65534, v);
      }
    }
    data.create_dataset({
      name: 'data',
      data: stack,
      shape: [frames, frame.height, frame.width],
      chunks: [1, frame.height, frame.width],
      compression: 32008,
      compression_opts: [0, 2],
    });
  } finally {
    file.close();
  }
}
