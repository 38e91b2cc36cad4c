/**
 * Bands that turn a measured number into a browsable value: the same band names are the
 * search filters (pagefind) and the static browse pages, so each filter also exists as a page.
 */

import { decimalText } from './format.ts';

/** 0.1 Å wavelength bands, e.g. `0.9–1.0 Å`. */
export function wavelengthBand(angstrom: number): string {
  const low = Math.floor(angstrom * 10) / 10;
  return `${decimalText(low, 1, 1)}–${decimalText(low + 0.1, 1, 1)} Å`;
}

const HIT_RATE_BANDS: Array<[upTo: number, label: string]> = [
  [0.01, 'under 1 %'],
  [0.05, '1–5 %'],
  [0.1, '5–10 %'],
  [0.25, '10–25 %'],
  [0.5, '25–50 %'],
  [Infinity, '50 % and over'],
];

/** Hit-rate band of a fraction between 0 and 1 (serial crystallography). */
export function hitRateBand(rate: number): string {
  return HIT_RATE_BANDS.find(([upTo]) => rate < upTo)![1];
}

/** Band labels in ascending order, for sorting browse values by magnitude rather than text. */
export const HIT_RATE_ORDER = HIT_RATE_BANDS.map(([, label]) => label);
