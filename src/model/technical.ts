/** Technical metadata as label/value rows with units, for file tables and dataset summaries. */
import type { TechnicalMetadata } from '../record/types.ts';
import type { TechnicalAggregate } from '../enrich/aggregate.ts';

export interface TechnicalRow {
  key: keyof TechnicalMetadata | 'beam_centre_px' | 'pixel_size_mm' | 'energy_kev' | 'total_oscillation_deg';
  label: string;
  value: string;
}

/** hc in keV·Å, to show photon energy beside wavelength. */
const HC_KEV_ANGSTROM = 12.398419843320026;

function num(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

export function technicalSummary(t: TechnicalMetadata | null | undefined): TechnicalRow[] {
  if (!t) return [];
  const rows: TechnicalRow[] = [];
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
  if (t.frames != null) rows.push({ key: 'frames', label: 'Frames', value: String(t.frames) });
  if (t.width_px != null && t.height_px != null) rows.push({ key: 'width_px', label: 'Image size', value: `${t.width_px} × ${t.height_px} px` });
  return rows;
}

/** One line for a file table cell, e.g. "λ 0.9763 Å · 250 mm · 0.1°". */
export function technicalLine(t: TechnicalMetadata | null | undefined): string {
  if (!t) return '';
  const parts: string[] = [];
  if (t.wavelength_angstrom != null) parts.push(`λ ${num(t.wavelength_angstrom, 5)} Å`);
  if (t.distance_mm != null) parts.push(`${num(t.distance_mm, 1)} mm`);
  if (t.oscillation_start_deg != null) {
    parts.push(t.oscillation_width_deg ? `φ ${num(t.oscillation_start_deg, 3)}° + ${num(t.oscillation_width_deg, 3)}°` : `φ ${num(t.oscillation_start_deg, 3)}°`);
  }
  if (t.exposure_time_s != null) parts.push(`${num(t.exposure_time_s, 4)} s`);
  if (t.beam_centre_x_px != null && t.beam_centre_y_px != null) parts.push(`beam ${num(t.beam_centre_x_px, 1)}, ${num(t.beam_centre_y_px, 1)}`);
  return parts.join(' · ');
}

/**
 * Dataset rows enriched with what the files themselves say: a wavelength range when files
 * differ, the total oscillation, the frame count and detectors, where the declared
 * summary (experiment.json) is silent.
 */
export function mergeAggregate(rows: TechnicalRow[], aggregate: TechnicalAggregate): TechnicalRow[] {
  const out = [...rows];
  const has = (key: TechnicalRow['key']) => out.some((r) => r.key === key);
  if (aggregate.filesWithMetadata === 0) return out;
  const summary = technicalSummary(aggregate.summary).filter((r) => !has(r.key) && r.key !== 'oscillation_start_deg');
  out.push(...summary);
  const w = aggregate.wavelengthAngstrom;
  if (w && w.min !== w.max) {
    const i = out.findIndex((r) => r.key === 'wavelength_angstrom');
    const row = { key: 'wavelength_angstrom' as const, label: 'Wavelength', value: `${num(w.min, 5)}–${num(w.max, 5)} Å` };
    if (i >= 0) out[i] = row;
    else out.push(row);
  }
  if (aggregate.totalOscillationDeg !== null && aggregate.totalOscillationDeg > 0 && !has('total_oscillation_deg')) {
    out.push({ key: 'total_oscillation_deg', label: 'Total oscillation', value: `${num(aggregate.totalOscillationDeg, 3)}°` });
  }
  if (aggregate.detectors.length > 1) {
    const i = out.findIndex((r) => r.key === 'detector');
    const row = { key: 'detector' as const, label: 'Detectors', value: aggregate.detectors.join(', ') };
    if (i >= 0) out[i] = row;
    else out.push(row);
  }
  return out;
}
