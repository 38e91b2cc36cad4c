/**
 * Dataset-level technical summary from its files: wavelength range, total oscillation,
 * frame count, detectors. Streams (any Iterable) so 200,000 files never sit in memory.
 */
import type { TechnicalMetadata } from '../record/types.ts';

export interface Range {
  min: number;
  max: number;
}

export interface TechnicalAggregate {
  files: number;
  /** Files that yielded any technical value. */
  filesWithMetadata: number;
  wavelengthAngstrom: Range | null;
  distanceMm: Range | null;
  exposureTimeS: Range | null;
  /** Σ frames × oscillation width over files with both. */
  totalOscillationDeg: number | null;
  oscillationStartDeg: Range | null;
  frames: number | null;
  detectors: string[];
  /** Representative record (single values where every file agrees), for DatasetRecord.technical. */
  summary: TechnicalMetadata;
}

function widen(range: Range | null, value: number | null | undefined): Range | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return range;
  return range ? { min: Math.min(range.min, value), max: Math.max(range.max, value) } : { min: value, max: value };
}

export function aggregateTechnical(files: Iterable<TechnicalMetadata>): TechnicalAggregate {
  let count = 0;
  let withMetadata = 0;
  let wavelength: Range | null = null;
  let distance: Range | null = null;
  let exposure: Range | null = null;
  let start: Range | null = null;
  let oscillation: number | null = null;
  let frames: number | null = null;
  const detectors = new Set<string>();
  const agree = new Map<keyof TechnicalMetadata, unknown>();
  const disagree = new Set<keyof TechnicalMetadata>();
  for (const t of files) {
    count++;
    if (Object.values(t).some((v) => v !== null && v !== undefined)) withMetadata++;
    wavelength = widen(wavelength, t.wavelength_angstrom);
    distance = widen(distance, t.distance_mm);
    exposure = widen(exposure, t.exposure_time_s);
    start = widen(start, t.oscillation_start_deg);
    const n = t.frames ?? null;
    if (n !== null) frames = (frames ?? 0) + n;
    if (n !== null && t.oscillation_width_deg !== null && t.oscillation_width_deg !== undefined) {
      oscillation = (oscillation ?? 0) + n * t.oscillation_width_deg;
    }
    if (t.detector) detectors.add(t.detector);
    for (const [key, value] of Object.entries(t) as Array<[keyof TechnicalMetadata, unknown]>) {
      if (value === null || value === undefined || key === 'frames' || key === 'oscillation_start_deg') continue;
      if (!agree.has(key)) agree.set(key, value);
      else if (agree.get(key) !== value) disagree.add(key);
    }
  }
  const summary: TechnicalMetadata = {};
  for (const [key, value] of agree) if (!disagree.has(key)) (summary as Record<string, unknown>)[key] = value;
  if (frames !== null) summary.frames = frames;
  if (start) summary.oscillation_start_deg = start.min;
  return {
    files: count,
    filesWithMetadata: withMetadata,
    wavelengthAngstrom: wavelength,
    distanceMm: distance,
    exposureTimeS: exposure,
    totalOscillationDeg: oscillation === null ? null : Number.parseFloat(oscillation.toPrecision(12)),
    oscillationStartDeg: start,
    frames,
    detectors: [...detectors].sort(),
    summary,
  };
}
