/**
 * Technical metadata as label/value rows with units, for file tables and dataset summaries.
 * Every row says where its value came from, so a reader can tell a curator's declaration
 * from a value Aperture read in the files; when the two disagree the files win and the row
 * carries the declared value as a note (and the build reports it).
 */
import type { TechnicalMetadata } from '../record/types.ts';
import type { TechnicalAggregate } from '../enrich/aggregate.ts';
import { decimalText } from './format.ts';

/**
 * declared: experiment.json only; confirmed: declared and the files say the same; files:
 * read from the files' headers (or their listing); computed: derived over the files.
 */
export type TechnicalSource = 'declared' | 'confirmed' | 'files' | 'computed';

export interface TechnicalRow {
  key: keyof TechnicalMetadata | 'beam_centre_px' | 'pixel_size_mm' | 'energy_kev' | 'total_oscillation_deg';
  label: string;
  value: string;
  source: TechnicalSource;
  /** Shown beside the value, e.g. the declared value the files contradict. */
  note?: string;
}

export const SOURCE_LABELS: Record<TechnicalSource, string> = {
  declared: 'declared in the catalogue',
  confirmed: 'declared, and the files agree',
  files: 'read from the files',
  computed: 'computed from the files',
};

/** The short form, beside a value in a table cell. */
export const SOURCE_SHORT: Record<TechnicalSource, string> = {
  declared: 'declared',
  confirmed: 'declared, matches the files',
  files: 'from the files',
  computed: 'computed from the files',
};

/** hc in keV·Å, to show photon energy beside wavelength. */
const HC_KEV_ANGSTROM = 12.398419843320026;

function num(value: number, digits: number): string {
  return decimalText(value, digits);
}

export function technicalSummary(t: TechnicalMetadata | null | undefined, source: TechnicalSource = 'declared'): TechnicalRow[] {
  if (!t) return [];
  const rows: Array<Omit<TechnicalRow, 'source'>> = [];
  if (t.detector) rows.push({ key: 'detector', label: 'Detector', value: t.detector });
  if (t.wavelength_angstrom != null) {
    rows.push({ key: 'wavelength_angstrom', label: 'Wavelength', value: `${num(t.wavelength_angstrom, 5)} Å` });
    rows.push({ key: 'energy_kev', label: 'Energy', value: `${num(HC_KEV_ANGSTROM / t.wavelength_angstrom, 3)} keV` });
  }
  if (t.distance_mm != null) rows.push({ key: 'distance_mm', label: 'Detector distance', value: `${num(t.distance_mm, 2)} mm` });
  if (t.beam_centre_x_px != null && t.beam_centre_y_px != null) {
    rows.push({ key: 'beam_centre_px', label: 'Beam centre', value: `${num(t.beam_centre_x_px, 2)}, ${num(t.beam_centre_y_px, 2)} px` });
  }
  if (t.pixel_size_x_mm != null) {
    const y = t.pixel_size_y_mm ?? t.pixel_size_x_mm;
    rows.push({ key: 'pixel_size_mm', label: 'Pixel size', value: `${num(t.pixel_size_x_mm * 1000, 1)} × ${num(y * 1000, 1)} µm` });
  }
  if (t.exposure_time_s != null) rows.push({ key: 'exposure_time_s', label: 'Exposure', value: `${num(t.exposure_time_s, 6)} s` });
  if (t.oscillation_start_deg != null) rows.push({ key: 'oscillation_start_deg', label: 'Oscillation start', value: `${num(t.oscillation_start_deg, 4)}°` });
  if (t.oscillation_width_deg != null) rows.push({ key: 'oscillation_width_deg', label: 'Oscillation width', value: `${num(t.oscillation_width_deg, 4)}°` });
  if (t.frames != null) rows.push({ key: 'frames', label: 'Frames', value: num(t.frames, 0) });
  if (t.width_px != null && t.height_px != null) rows.push({ key: 'width_px', label: 'Image size', value: `${num(t.width_px, 0)} × ${num(t.height_px, 0)} px` });
  return rows.map((r) => ({ ...r, source }));
}

/** One line for a file table cell, e.g. "λ 0.9763 Å · 250 mm · 0.1°". */
export function technicalLine(t: TechnicalMetadata | null | undefined): string {
  if (!t) return '';
  const parts: string[] = [];
  if (t.detector) parts.push(t.detector);
  if (t.wavelength_angstrom != null) parts.push(`λ ${num(t.wavelength_angstrom, 5)} Å`);
  if (t.distance_mm != null) parts.push(`${num(t.distance_mm, 1)} mm`);
  if (t.oscillation_start_deg != null) {
    parts.push(t.oscillation_width_deg ? `φ ${num(t.oscillation_start_deg, 3)}° + ${num(t.oscillation_width_deg, 3)}°` : `φ ${num(t.oscillation_start_deg, 3)}°`);
  }
  if (t.exposure_time_s != null) parts.push(`${num(t.exposure_time_s, 4)} s`);
  if (t.beam_centre_x_px != null && t.beam_centre_y_px != null) parts.push(`beam ${num(t.beam_centre_x_px, 1)}, ${num(t.beam_centre_y_px, 1)}`);
  return parts.join(' · ');
}

/** A declared value and the files' value disagree (the page shows the files' value). */
export interface TechnicalConflict {
  key: TechnicalRow['key'];
  label: string;
  declared: string;
  files: string;
}

/**
 * Dataset rows: the declared summary (experiment.json) checked against what the files
 * themselves say. A value the files agree on replaces a different declared one (with a
 * note and a conflict to report); values only the files carry are added as read from the
 * files; a wavelength range, the total oscillation and several detectors are computed.
 */
export function reconcileTechnical(rows: TechnicalRow[], aggregate: TechnicalAggregate): { rows: TechnicalRow[]; conflicts: TechnicalConflict[] } {
  const out = [...rows];
  const conflicts: TechnicalConflict[] = [];
  if (aggregate.filesWithMetadata === 0) return { rows: out, conflicts };
  const indexOf = (key: TechnicalRow['key']) => out.findIndex((r) => r.key === key);
  const replace = (row: TechnicalRow) => {
    const i = indexOf(row.key);
    const old = i >= 0 ? out[i] : undefined;
    if (!old) return void out.push(row);
    if (old.source === 'declared' && old.value !== row.value && row.key !== 'energy_kev') {
      conflicts.push({ key: row.key, label: row.label, declared: old.value, files: row.value });
      out[i] = { ...row, note: `the catalogue declares ${old.value}` };
    } else if (old.source === 'declared') {
      out[i] = { ...old, source: old.value === row.value ? 'confirmed' : row.source };
      if (old.value !== row.value) out[i] = row;
    }
  };
  const fromFiles = technicalSummary(aggregate.summary, 'files').filter((r) => r.key !== 'oscillation_start_deg' && r.key !== 'frames');
  for (const row of fromFiles) replace(row);
  const w = aggregate.wavelengthAngstrom;
  if (w && w.min !== w.max) replace({ key: 'wavelength_angstrom', label: 'Wavelength', value: `${num(w.min, 5)}–${num(w.max, 5)} Å`, source: 'computed' });
  if (aggregate.frames !== null && indexOf('frames') < 0) out.push({ key: 'frames', label: 'Frames', value: num(aggregate.frames, 0), source: 'computed' });
  if (aggregate.totalOscillationDeg !== null && aggregate.totalOscillationDeg > 0 && indexOf('total_oscillation_deg') < 0) {
    out.push({ key: 'total_oscillation_deg', label: 'Total oscillation', value: `${num(aggregate.totalOscillationDeg, 3)}°`, source: 'computed' });
  }
  if (aggregate.detectors.length > 1) replace({ key: 'detector', label: 'Detectors', value: aggregate.detectors.join(', '), source: 'files' });
  return { rows: out, conflicts };
}

/** Rows only (callers that have already reported the conflicts). */
export function mergeAggregate(rows: TechnicalRow[], aggregate: TechnicalAggregate): TechnicalRow[] {
  return reconcileTechnical(rows, aggregate).rows;
}
