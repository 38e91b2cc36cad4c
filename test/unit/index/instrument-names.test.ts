import { describe, expect, test } from 'vitest';
import { beamlineQuery, beamlineWithoutPrefix, detectorForms, instrumentNames } from '../../../src/index/instrument-names.ts';

describe('beamlines and detectors by the names readers type', () => {
  test('"BL" before a number is "beamline", in the index and in a query alike', () => {
    expect(beamlineWithoutPrefix('SSRL BL12-2')).toBe('SSRL beamline 12-2');
    expect(beamlineWithoutPrefix('SPring-8 BL41XU')).toBe('SPring-8 beamline 41XU');
    expect(beamlineWithoutPrefix('ALS 8.2.1')).toBeNull();
    expect(beamlineQuery('BL8.2.1')).toBe('beamline 8.2.1');
    expect(beamlineQuery('bl-12-2 lysozyme')).toBe('beamline 12-2 lysozyme');
    // A word that begins with "bl", or "BL" before letters, stays as typed.
    expect(beamlineQuery('blue BLA1 BL')).toBe('blue BLA1 BL');
  });

  test.each([
    ['JUNGFRAU 16M', ['JF16M', 'jungfrau16m']],
    ['PILATUS 6M-F', ['P6M', 'pilatus6m']],
    ['EIGER X 16M', ['E16M', 'eiger16m']],
    ['Dectris EIGER X 16M', ['E16M', 'eiger16m']],
    ['MAR 300 CCD', []],
    ['EIGER2 XE 16M', []],
    ['ADSC Q315r', []],
  ])('%s is also %j', (detector, forms) => {
    expect(detectorForms(detector)).toEqual(forms);
  });

  test('a beamline with a name besides its number gets it; others get nothing', () => {
    expect(instrumentNames(['SLS X06SA'], [])).toEqual(['PXI', 'PX I']);
    expect(instrumentNames(['ESRF ID30A-3'], ['EIGER X 4M'])).toEqual(['MASSIF-3', 'E4M', 'eiger4m']);
    expect(instrumentNames(['ESRF ID23-1', 'Diamond X06SAB'], [])).toEqual([]);
  });
});
