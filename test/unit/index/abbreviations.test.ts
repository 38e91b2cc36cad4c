import { describe, expect, test } from 'vitest';
import { abbreviationForms } from '../../../src/index/abbreviations.ts';

describe('techniques and samples by their other names', () => {
  test.each([
    [['X-ray computed tomography'], ['CT']],
    [['Hen egg-white lysozyme, tetragonal', 'macromolecular crystallography'], ['MX', 'HEWL']],
    [['SAXS of lysozyme in solution'], ['small-angle X-ray scattering']],
    [['Small angle X-ray scattering'], ['SAXS']],
    [['Time-resolved serial femtosecond crystallography'], ['SFX', 'TR-SFX']],
    [['insulin', 'SAD phasing'], ['single-wavelength anomalous diffraction']],
    [['European XFEL'], ['X-ray free-electron laser']],
    [['an X-ray free electron laser'], ['XFEL']],
  ])('%j also names %j', (texts, forms) => {
    expect(abbreviationForms(texts)).toEqual(forms);
  });

  test('a text with both forms, and words that only contain a short name, add nothing', () => {
    expect(abbreviationForms(['small-angle X-ray scattering (SAXS)'])).toEqual([]);
    expect(abbreviationForms(['ACT', 'sad', 'CTF estimation', 'MX-9001'])).toEqual([]);
  });
});
