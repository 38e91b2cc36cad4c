/**
 * Numbers from metadata reach readers in positional decimals: String() and toFixed() write
 * 1e-7 and 1e21 in exponent form ("1e-7° N", "1e+21 Å"), and -0 as a signed zero would read "-0".
 */
import { describe, expect, it } from 'vitest';
import { coverageText, decimalText, formatCount } from '../../../src/model/format.ts';
import { technicalLine, technicalSummary } from '../../../src/model/technical.ts';
import { wavelengthBand } from '../../../src/model/bands.ts';

const EXPONENT = /\d[eE][+-]?\d/;

describe('decimalText(value, maxDigits, minDigits)', () => {
  it.each([
    [1e-7, 6, 0, '0'],
    [1e-7, 8, 0, '0.0000001'],
    [1e21, 2, 0, '1000000000000000000000'],
    [-0, 3, 0, '0'],
    [-1e-9, 3, 0, '0'],
    [123456789.123456, 2, 0, '123456789.12'],
    [0.9, 1, 1, '0.9'],
    [-12.5, 1, 1, '-12.5'],
  ])('%s to %s digits (at least %s) is %s', (value, max, min, text) => {
    expect(decimalText(value, max, min)).toBe(text);
  });
});

describe('coverageText(place)', () => {
  it('writes degrees positionally, with the hemisphere of the value shown', () => {
    expect(coverageText({ place: null, point: { latitude: 1e-7, longitude: -0 }, box: null, polygon: null } as never)).toBe('0° N, 0° E');
    expect(coverageText({ place: null, point: { latitude: -78.123456789, longitude: 123456789.123456 }, box: null, polygon: null } as never)).toBe('78.123457° S, 123456789.123456° E');
    expect(coverageText({ place: null, point: null, box: { south: -1e-7, west: 1e21, north: 1e-5, east: 1e21 }, polygon: null } as never)).toBe(
      '0° N to 0.00001° N, 1000000000000000000000° E to 1000000000000000000000° E',
    );
  });
});

describe('technical rows and lines', () => {
  const t = { detector: 'PILATUS 6M', wavelength_angstrom: 1e21, distance_mm: 1e-7, beam_centre_x_px: 123456789.123456, beam_centre_y_px: -0, pixel_size_x_mm: 1e-7, exposure_time_s: 1e-7, oscillation_start_deg: -0, oscillation_width_deg: 1e21, frames: 1e21, width_px: 1e21, height_px: 4 };

  it('never writes a value in exponent form or as -0', () => {
    const rows = technicalSummary(t);
    for (const row of rows) expect(row.value, row.key).not.toMatch(EXPONENT);
    const value = (key: string) => rows.find((r) => r.key === key)?.value;
    expect(value('wavelength_angstrom')).toBe('1000000000000000000000 Å');
    expect(value('energy_kev')).toBe('0 keV');
    expect(value('distance_mm')).toBe('0 mm');
    expect(value('beam_centre_px')).toBe('123456789.12, 0 px');
    expect(value('oscillation_start_deg')).toBe('0°');
    expect(value('frames')).toBe('1000000000000000000000');
    expect(value('width_px')).toBe('1000000000000000000000 × 4 px');
    const line = technicalLine(t);
    expect(line).not.toMatch(EXPONENT);
    expect(line).toBe('PILATUS 6M · λ 1000000000000000000000 Å · 0 mm · φ 0° + 1000000000000000000000° · 0 s · beam 123456789.1, 0');
  });

  it('names wavelength bands positionally', () => {
    expect(wavelengthBand(0.9763)).toBe('0.9–1.0 Å');
    expect(wavelengthBand(1e-7)).toBe('0.0–0.1 Å');
    expect(wavelengthBand(1e21)).not.toMatch(EXPONENT);
  });

  it('counts as large as metadata can state them with grouping', () => {
    expect(formatCount(1e21)).toBe('1,000,000,000,000,000,000,000');
    expect(formatCount(20_000)).toBe('20,000');
    expect(formatCount(-0)).toBe('0');
  });
});
