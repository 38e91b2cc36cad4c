import { describe, expect, test } from 'vitest';
import { foldAccents, greekNamed, indexSpellings, querySpellings, umlautsFolded, umlautsFoldedQuery } from '../../../src/index/spellings.ts';

describe('other spellings of words with special letters', () => {
  test.each([
    ['Müller', ['muller', 'mueller']],
    ['Strauß', ['strauss']],
    ['Sørensen', ['sorensen', 'soerensen']],
    ['Æther', ['aether']],
    ['Gefäßaktive', ['gefassaktive', 'gefaessaktive']],
    ['Jürgen Müller', ['jurgen muller', 'juergen mueller']],
    ['Société', ['societe']],
    ['Moreau', []],
  ])('a query %j is also tried as %j', (query, spellings) => {
    expect(querySpellings(query)).toEqual(spellings);
  });

  test.each([
    // pagefind finds Müller by "muller" and Élise by "elise" without help.
    ['Müller', ['mueller']],
    ['Élise', []],
    ['Strauß', ['strauss']],
    ['Bjørn', ['bjorn', 'bjoern']],
    ['Gefäßaktive', ['gefassaktive', 'gefaessaktive']],
    ['lysozyme', []],
  ])('the index keeps %j also as %j', (word, spellings) => {
    expect(indexSpellings(word)).toEqual(spellings);
  });

  test('a word typed with combining accents folds as the composed word', () => {
    expect(foldAccents('Socie\u0301te\u0301')).toBe('societe');
    expect(querySpellings('Mu\u0308ller')).toEqual(['muller', 'mueller']);
  });

  test.each([
    ['α-synuclein', 'alpha-synuclein'],
    ['IL-1β', 'IL-1beta'],
    ['β sheet', 'beta sheet'],
    ['PPARγ', 'PPARgamma'],
    ['μ-opioid', 'mu-opioid'],
    // The μ of a unit, and a word in Greek, stay.
    ['5 μm beam', '5 μm beam'],
    ['Ελληνικά', 'Ελληνικά'],
  ])('Greek letters are named: %j → %j', (text, named) => {
    expect(greekNamed(text)).toBe(named);
  });

  test('a query with a Greek letter is also tried with the letter named', () => {
    expect(querySpellings('α-Synuclein')).toEqual(['alpha-synuclein']);
  });

  test.each([
    ['Mueller', ['muller']],
    ['Schroeder', ['schroder']],
    ['Kuehn', ['kuhn']],
    ['Moreau', []],
    ['Joel', []],
    // Ordinary words are no names with an umlaut: "qu", and English endings.
    ['sequence', []],
    ['does', []],
    ['residues', []],
    ['aerosol', []],
  ])('a name with an umlaut spelt out (%s) is also kept as pagefind reads the umlaut: %j', (name, folded) => {
    expect(umlautsFolded(name)).toEqual(folded);
  });

  test('a query folds the words that spell an umlaut out as the index folds names', () => {
    expect(umlautsFoldedQuery('Mueller lysozyme')).toEqual({ text: 'muller lysozyme', folded: ['muller'] });
    expect(umlautsFoldedQuery('sequence of residues')).toEqual({ text: 'sequence of residues', folded: [] });
  });
});
