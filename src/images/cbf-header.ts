/**
 * CBF header text → technical metadata: PILATUS_1.2 `# Key value` lines (miniCBF) and,
 * for full imgCIF, the `_diffrn_*`/`_axis`/`_array_*` categories (formats.md §2).
 */
import { cifColumn, cifNumber, cifValue, parseCif, type CifBlock } from './cif.ts';
import { tidy } from './units.ts';
import type { TechnicalMetadata } from '../record/types.ts';
import type { ImageFormat } from './types.ts';

export interface BinarySectionHeader {
  conversions: string | null;
  binarySize: number | null;
  elementType: string | null;
  byteOrder: string | null;
  contentMd5: string | null;
  elements: number | null;
  fastest: number | null;
  second: number | null;
  third: number | null;
}

export interface CbfHeader {
  format: Extract<ImageFormat, 'cbf-mini' | 'cbf-mini-eiger' | 'cbf-imgcif'>;
  pilatus: Map<string, string>;
  cif: CifBlock;
  binary: BinarySectionHeader | null;
  technical: TechnicalMetadata;
  /** Overload value (`Count_cutoff` or `_array_intensities.overload`). */
  overload: number | null;
}

const NUM = '([-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?)';

/** `# Key value` lines of `_array_data.header_contents`, keyed by lower-cased key. */
export function parsePilatusLines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^#\s*([A-Za-z][A-Za-z0-9_/-]*)\s*[:=]?\s*(.*)$/.exec(raw.trim());
    if (m && !out.has(m[1].toLowerCase())) out.set(m[1].toLowerCase(), m[2].trim());
  }
  return out;
}

function num(text: string | undefined, pattern: string): number | undefined {
  if (text === undefined) return undefined;
  const m = new RegExp('^' + pattern).exec(text);
  return m ? Number(m[1]) : undefined;
}

export function parseMimeHeader(text: string): BinarySectionHeader {
  const field = (name: string): string | null => {
    const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(text);
    return m ? m[1].trim().replace(/^"|"$/g, '') : null;
  };
  const int = (name: string): number | null => {
    const v = field(name);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  const conv = /conversions\s*=\s*"([^"]*)"/i.exec(text);
  return {
    conversions: conv ? conv[1] : null,
    binarySize: int('X-Binary-Size'),
    elementType: field('X-Binary-Element-Type'),
    byteOrder: field('X-Binary-Element-Byte-Order'),
    contentMd5: field('Content-MD5'),
    elements: int('X-Binary-Number-of-Elements'),
    fastest: int('X-Binary-Size-Fastest-Dimension'),
    second: int('X-Binary-Size-Second-Dimension'),
    third: int('X-Binary-Size-Third-Dimension'),
  };
}

const MINI_CONVENTIONS = /PILATUS|SLS|SSRL|\?|XDS special|GENERIC_MINI/i;

/** `text` is the header up to (not including) the binary marker. */
export function parseCbfHeader(text: string): CbfHeader {
  const boundary = text.indexOf('--CIF-BINARY-FORMAT-SECTION--');
  const cifText = boundary < 0 ? text : text.slice(0, boundary);
  const cif = parseCif(cifText);
  const pilatus = parsePilatusLines(cifValue(cif, '_array_data.header_contents') ?? '');
  const binary = boundary < 0 ? null : parseMimeHeader(text.slice(boundary));

  const convention = cifValue(cif, '_array_data.header_convention') ?? '';
  const fullCif = cifValue(cif, '_diffrn.id') !== undefined && cif.items.has('_diffrn_source.diffrn_id');
  const detectorLine = pilatus.get('detector');
  const format = !fullCif && MINI_CONVENTIONS.test(convention)
    ? /eiger/i.test(detectorLine ?? '') ? 'cbf-mini-eiger' : 'cbf-mini'
    : 'cbf-imgcif';

  const fromCif = technicalFromCif(cif);
  const fromPilatus = technicalFromPilatus(pilatus);
  const technical: TechnicalMetadata = { ...fromCif };
  // The PILATUS lines are what the detector wrote; the imgCIF categories fill the gaps.
  for (const [key, value] of Object.entries(fromPilatus)) {
    if (value !== undefined && value !== null) (technical as Record<string, unknown>)[key] = value;
  }
  technical.frames = 1;
  if (binary?.fastest) technical.width_px = binary.fastest;
  if (binary?.second) technical.height_px = binary.second;
  const overload = num(pilatus.get('count_cutoff'), NUM) ?? cifNumber(cif, '_array_intensities.overload') ?? null;
  return { format, pilatus, cif, binary, technical, overload };
}

function technicalFromPilatus(p: Map<string, string>): TechnicalMetadata {
  const t: TechnicalMetadata = {};
  const detector = p.get('detector');
  if (detector) t.detector = detector;
  const pixel = new RegExp(`^${NUM}\\s*m\\s*x\\s*${NUM}\\s*m`).exec(p.get('pixel_size') ?? '');
  if (pixel) {
    t.pixel_size_x_mm = tidy(Number(pixel[1]) * 1000);
    t.pixel_size_y_mm = tidy(Number(pixel[2]) * 1000);
  }
  const wavelength = num(p.get('wavelength'), NUM);
  if (wavelength !== undefined) t.wavelength_angstrom = wavelength;
  const distance = num(p.get('detector_distance'), NUM);
  if (distance !== undefined) t.distance_mm = tidy(distance * 1000);
  const beam = new RegExp(`^\\(\\s*${NUM}\\s*,\\s*${NUM}\\s*\\)`).exec(p.get('beam_xy') ?? '');
  if (beam) {
    t.beam_centre_x_px = Number(beam[1]);
    t.beam_centre_y_px = Number(beam[2]);
  }
  const exposure = num(p.get('exposure_time'), NUM);
  if (exposure !== undefined) t.exposure_time_s = exposure;
  const start = num(p.get('start_angle'), NUM);
  if (start !== undefined) t.oscillation_start_deg = start;
  const width = num(p.get('angle_increment'), NUM);
  if (width !== undefined) t.oscillation_width_deg = width;
  return t;
}

function technicalFromCif(cif: CifBlock): TechnicalMetadata {
  const t: TechnicalMetadata = {};
  const type = cifValue(cif, '_diffrn_detector.type');
  const id = cifValue(cif, '_diffrn_detector.id');
  if (type || id) t.detector = type && id ? `${type} (${id})` : (type ?? id);
  const wavelength = cifNumber(cif, '_diffrn_radiation_wavelength.wavelength');
  if (wavelength !== undefined) t.wavelength_angstrom = wavelength;
  const distance = cifNumber(cif, '_diffrn_measurement.sample_detector_distance') ?? detectorZDisplacement(cif);
  if (distance !== undefined) t.distance_mm = Math.abs(distance);
  const exposure = cifNumber(cif, '_diffrn_scan_frame.integration_time');
  if (exposure !== undefined) t.exposure_time_s = exposure;
  const elementSize = cifColumn(cif, '_array_element_size.size').map(Number);
  const increments = cifColumn(cif, '_array_structure_list_axis.displacement_increment').map(Number);
  if (elementSize.length === 2 && elementSize.every(Number.isFinite)) {
    t.pixel_size_x_mm = tidy(elementSize[0] * 1000);
    t.pixel_size_y_mm = tidy(elementSize[1] * 1000);
  } else if (increments.length === 2 && increments.every(Number.isFinite)) {
    // One array with a fast and a slow axis; multi-panel detectors have no single pixel size.
    t.pixel_size_x_mm = Math.abs(increments[0]);
    t.pixel_size_y_mm = Math.abs(increments[1]);
  }
  const scan = rotationScan(cif);
  if (scan) {
    t.oscillation_start_deg = scan.start;
    t.oscillation_width_deg = scan.width;
  }
  return t;
}

/** The goniometer rotation axis that moves during the scan (angle_range > 0). */
function rotationScan(cif: CifBlock): { start: number; width: number } | undefined {
  const axisIds = cifColumn(cif, '_axis.id');
  const axisTypes = cifColumn(cif, '_axis.type');
  const axisEquipment = cifColumn(cif, '_axis.equipment');
  const goniometer = new Set(axisIds.filter((_, i) => axisTypes[i] === 'rotation' && axisEquipment[i] === 'goniometer'));
  const ids = cifColumn(cif, '_diffrn_scan_axis.axis_id');
  for (let row = 0; row < ids.length; row++) {
    const range = cifNumber(cif, '_diffrn_scan_axis.angle_range', row);
    if (goniometer.has(ids[row]) && range !== undefined && range > 0) {
      const start = cifNumber(cif, '_diffrn_scan_axis.angle_start', row);
      const increment = cifNumber(cif, '_diffrn_scan_axis.angle_increment', row);
      if (start !== undefined) return { start, width: increment ?? range };
    }
  }
  return undefined;
}

/** Displacement of the detector translation along the beam (0 0 ±1) for this frame, in mm. */
function detectorZDisplacement(cif: CifBlock): number | undefined {
  const ids = cifColumn(cif, '_axis.id');
  const types = cifColumn(cif, '_axis.type');
  const equipment = cifColumn(cif, '_axis.equipment');
  const vz = cifColumn(cif, '_axis.vector[3]');
  const vx = cifColumn(cif, '_axis.vector[1]');
  const vy = cifColumn(cif, '_axis.vector[2]');
  const beamAxis = ids.find(
    (_, i) => types[i] === 'translation' && equipment[i] === 'detector' && Math.abs(Number(vz[i])) === 1 && Number(vx[i]) === 0 && Number(vy[i]) === 0,
  );
  if (!beamAxis) return undefined;
  const frameAxes = cifColumn(cif, '_diffrn_scan_frame_axis.axis_id');
  const row = frameAxes.indexOf(beamAxis);
  if (row >= 0) {
    const d = cifNumber(cif, '_diffrn_scan_frame_axis.displacement', row);
    if (d !== undefined) return d;
  }
  const scanAxes = cifColumn(cif, '_diffrn_scan_axis.axis_id');
  const scanRow = scanAxes.indexOf(beamAxis);
  return scanRow >= 0 ? cifNumber(cif, '_diffrn_scan_axis.displacement_start', scanRow) : undefined;
}
