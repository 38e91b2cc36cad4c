import { describe, expect, test } from 'vitest';
import { numberedNames, numberedQuery } from '../../../src/index/numbered-names.ts';

describe('numbered names, in Roman numerals or digits', () => {
  test.each([
    ['PETRA III beamline P11', ['petra3']],
    ['at PETRA 3', ['petra3']],
    ['NSLS-II and NSLS 2', ['nsls2']],
    ['crystals of photosystem I', ['photosystem1']],
    ['Photosystem II core complex', ['photosystem2']],
    ['NADH dehydrogenase (complex I)', ['complex1']],
    ['Diamond Light Source phase 2', ['phase2']],
    ['type II collagen', ['type2']],
  ])('%s is also written %j', (text, joined) => {
    expect(numberedNames(text)).toEqual(joined);
  });

  test.each([
    // Words that only hold the letters of a numeral, the pronoun, X-ray's X, initials, a DOI's prefix, a licence's version, a count.
    'a mix of dim and civil',
    'Here I present the data that I collected',
    'X-ray diffraction by X',
    'J. V. Smith and Vi Nguyen',
    'DOI 10.5072/aperture',
    'CC BY 4.0',
    'sample 3 of chip 07',
  ])('%s names nothing numbered', (text) => {
    expect(numberedNames(text)).toEqual([]);
  });

  test('a query names a numbered thing in any case, but takes no initial or small single letter for a numeral', () => {
    expect(numberedQuery('petra iii')).toBe('petra3');
    expect(numberedQuery('PETRA-III lysozyme')).toBe('petra3 lysozyme');
    expect(numberedQuery('nsls 2')).toBe('nsls2');
    expect(numberedQuery('Photosystem 2')).toBe('photosystem2');
    expect(numberedQuery('complex I')).toBe('complex1');
    expect(numberedQuery('complex i')).toBe('complex i');
    expect(numberedQuery('Moreau Vi')).toBe('Moreau Vi');
    expect(numberedQuery('X-ray lysozyme')).toBe('X-ray lysozyme');
  });
});
