import { describe, expect, test } from 'vitest';
import { joinedNameForms, joinParticles } from '../../../src/index/name-forms.ts';

describe('surnames as readers type them', () => {
  test.each([
    ['Daniele De Sanctis', 'De Sanctis', ['desanctis']],
    ['Jan van der Berg', 'van der Berg', ['vanderberg']],
    ['Ludwig von Laue', 'von Laue', ['vonlaue']],
    // A particle DataCite put among the given names ("Smaele, Madeleine De").
    ['Madeleine De Smaele', 'Smaele', ['desmaele']],
    ['Gabriel García Márquez', 'García Márquez', ['garcíamárquez']],
    // pagefind finds these by their parts and joined already.
    ['Anna Smith-Jones', 'Smith-Jones', []],
    ["Kevin O'Brien", "O'Brien", []],
    ['Élise Moreau', 'Moreau', []],
  ])('%s is also kept as %j', (name, family, forms) => {
    expect(joinedNameForms(name, family)).toEqual(forms);
  });

  test('a query’s particles are joined to the word after them; words that are no particles stay apart', () => {
    expect(joinParticles('van der berg')).toBe('vanderberg');
    expect(joinParticles('Daniele de Sanctis')).toBe('Daniele deSanctis');
    expect(joinParticles('madeleine de')).toBe('madeleine de');
    expect(joinParticles('o brien lysozyme')).toBe('o brien lysozyme');
  });
});
