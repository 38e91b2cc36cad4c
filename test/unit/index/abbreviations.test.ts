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
    // A target of several names gets those it lacks, whichever it is written by.
    [['SARS-CoV-2 main protease microcrystals'], ['Mpro', '3CLpro', 'nsp5', 'COVID-19']],
    [['MPro in complex with an inhibitor'], ['3CLpro', 'nsp5', 'main protease']],
    [['Photosystem II at room temperature'], ['PSII', 'PS II']],
    [['PS II dimers'], ['PSII', 'photosystem II']],
    [['Photosystem I fragments'], ['PS I']],
  ])('%j also names %j', (texts, forms) => {
    expect(abbreviationForms(texts)).toEqual(forms);
  });

  test('a text with both forms, and words that only contain a short name, add nothing', () => {
    expect(abbreviationForms(['small-angle X-ray scattering (SAXS)'])).toEqual([]);
    expect(abbreviationForms(['ACT', 'sad', 'CTF estimation', 'MX-9001'])).toEqual([]);
    // "PSI" names the Paul Scherrer Institute as often as photosystem I; "ps" and "i" are no "PS I".
    expect(abbreviationForms(['Paul Scherrer Institute (PSI)', 'tips: I used 5 ps pulses'])).toEqual([]);
  });
});
