import { describe, expect, test } from 'vitest';
import { correctedQueries, editDistance, stemOf, typedWordsHeld, joinedQuery, joinedWordsQueries, matchedWords, queryWords, rankedByWords, spacedQuery, unmatchedWords, wordMatched } from '../../../src/client/search-match.ts';

describe('words match words (pagefind short-prefix fallback caught)', () => {
  test.each([
    // [query word, words pagefind marked, accepted]
    ['withdrawn', ['with', 'within'], false],
    ['gfp', ['Green'], false],
    ['7xyz', ['7'], false],
    ['photosystme', ['pH'], false],
    ['lysoz', ['lysozyme'], true],
    ['crystals', ['crystallography'], true],
    // A word pagefind matched by its stem ("crystallized" is "crystal" to it) matched; a short prefix of it did not.
    ['crystallized', ['crystals,'], true],
    ['crystallized', ['Multi-crystal'], true],
    ['crystallised', ['crystal'], true],
    ['crystallized', ['cryo'], false],
    ['mutations', ['mut'], false],
    // A number is matched as typed: a numbered name differs from the next one by one digit.
    ['photosystem2', ['photosystem1'], false],
    ['petra3', ['petra3'], true],
    ['x06sa', ['X06SA'], true],
    ['lysozme', ['lysozyme,'], true],
    ['photosystme', ['photosystem'], true],
    ['id23', ['ID23-1'], true],
    ['k', ['K'], true],
    // Accents: pagefind matches without them, and so does the check.
    ['societe', ['Société'], true],
    ['gefassaktive', ['Gefäßaktive'], true],
    ['société', ['societe'], true],
    ['lodz', ['Łódź'], true],
    ['societe', ['soci'], false],
  ])('%s against %j → %s', (word, matched, accepted) => {
    expect(wordMatched(word, matched)).toBe(accepted);
  });

  test('a query typed with combining accents is one word per word', () => {
    expect(queryWords('Socie\u0301te\u0301 canadienne')).toEqual(['société', 'canadienne']);
  });

  test('query words are the runs of letters and digits, as pagefind splits them', () => {
    expect(queryWords('MX-9999 Hen egg-white')).toEqual(['mx', '9999', 'hen', 'egg', 'white']);
  });

  test('the matched words are the content words at the matched locations', () => {
    expect(matchedWords('Thaumatin rotation data  from Diamond', [0, 3])).toEqual(['Thaumatin', 'from']);
    expect(unmatchedWords('thaumatin withdrawn', ['Thaumatin', 'with'])).toEqual(['withdrawn']);
    // A short name ending in a Roman numeral is no slip from another: "PSII" is not "PSI" (the Paul Scherrer Institute or photosystem I).
    expect(unmatchedWords('PSII', ['PSI'])).toEqual(['psii']);
    expect(unmatchedWords('PXIII', ['PXII'])).toEqual(['pxiii']);
    expect(unmatchedWords('PSII', ['PSII,'])).toEqual([]);
    // Typed in small letters it is a word as any other ("radii" finds "radius").
    expect(unmatchedWords('radii', ['radius'])).toEqual([]);
  });

  test('a misspelt word is cut back a letter at a time; short words are not forgiven', () => {
    expect(correctedQueries('photosystme fragments', ['photosystme'])).toEqual(['photosystm fragments', 'photosyst fragments', 'photosys fragments', 'photosy fragments']);
    expect(correctedQueries('gfp', ['gfp'])).toEqual([]);
    expect(editDistance('lysozyem', 'lysozyme')).toBe(1);
  });

  test('words joined by a hyphen, slash, dot or underscore are tried apart; numbers and spaced words stay', () => {
    expect(spacedQuery('Proteinase-K')).toBe('Proteinase K');
    expect(spacedQuery('aperture-demo.p11-ssx-lyso')).toBe('aperture demo p11 ssx lyso');
    expect(spacedQuery('T4_lysozyme/L99A')).toBe('T4 lysozyme L99A');
    expect(spacedQuery('proteinase K')).toBe('proteinase K');
    expect(spacedQuery('-insulin')).toBe('-insulin');
    // A number and its unit typed together, where records write them apart ("1.1 Å", "100 K"); a formula or a beamline stays whole.
    expect(spacedQuery('1.1Å')).toBe('1.1 Å');
    expect(spacedQuery('100K lysozyme')).toBe('100 K lysozyme');
    expect(spacedQuery('12.7keV')).toBe('12.7 keV');
    // … typed without the key for µ.
    expect(spacedQuery('0.856um')).toBe('0.856 um');
    expect(spacedQuery('1.5A')).toBe('1.5 A');
    expect(spacedQuery('T4L L99A')).toBe('T4L L99A');
    expect(spacedQuery('L99A')).toBe('L99A');
    expect(spacedQuery('Fe2O3')).toBe('Fe2O3');
    expect(spacedQuery('P11')).toBe('P11');
    expect(spacedQuery('2K5')).toBe('2K5');
    // A possessive is tried as the name; an apostrophe inside a name stays.
    expect(spacedQuery("Moreau's lysozyme")).toBe('Moreau lysozyme');
    expect(spacedQuery('Okafor’s')).toBe('Okafor');
    expect(spacedQuery("O'Keeffe")).toBe("O'Keeffe");
    expect(spacedQuery('O’Sullivan')).toBe('O’Sullivan');
  });

  test('a short run of letters is tried joined to the number after it, as beamlines are named; words stay apart', () => {
    expect(joinedQuery('BM 05')).toBe('BM05');
    expect(joinedQuery('ID 23-1 lysozyme')).toBe('ID23-1 lysozyme');
    expect(joinedQuery('lysozyme 2024')).toBe('lysozyme 2024');
    expect(joinedQuery('PETRA III')).toBe('PETRA III');
  });

  test('words typed apart are tried joined: a surname’s particles with the word after them, then each two neighbours; not in sentences', () => {
    expect(joinedWordsQueries('van der berg')).toEqual(['vanderberg', 'vander berg', 'van derberg']);
    expect(joinedWordsQueries('Achter berg')).toEqual(['Achterberg']);
    expect(joinedWordsQueries('cryo EM grids')).toEqual(['cryoEM grids', 'cryo EMgrids']);
    expect(joinedWordsQueries('lysozyme')).toEqual([]);
    expect(joinedWordsQueries('structure of the insulin hexamer')).toEqual([]);
  });

  test('a query no record holds whole ranks the records holding most of its words by the rarest, and drops those sharing only common words', () => {
    const r = (id: string, score = 1) => ({ id, score });
    // "crystal structure of insulin": "of" and "crystal" are everywhere, "insulin" in one record.
    const perWord = [
      [r('a'), r('b'), r('c'), r('ins')], // crystal
      [r('b'), r('ins', 2)], // structure
      [r('a'), r('b'), r('c'), r('ins')], // of
      [r('ins', 3)], // insulin
    ];
    // "ins" weighs 2, "b" (crystal, structure, of) 1, "a" and "c" (crystal, of) 0.5: under half the best.
    expect(rankedByWords(perWord, 2).map((x) => x.id)).toEqual(['ins', 'b']);
    // Needing two words, a record holding one is out however rare the word.
    expect(rankedByWords([[r('x')], [r('y')]], 2)).toEqual([]);
    // Equal weights fall back on pagefind's score.
    expect(rankedByWords([[r('p', 1), r('q', 5)]], 1).map((x) => x.id)).toEqual(['q', 'p']);
  });
});

describe('the words as typed rank first', () => {
  test('a stem is what is left without the endings pagefind takes off', () => {
    expect(['crystallized', 'crystallisation', 'proteins', 'withdrawn', 'mutations', 'scattering'].map(stemOf)).toEqual(['crystal', 'crystal', 'protein', 'withdrawn', 'mutations', 'scatter']);
  });

  test('a record holding the words as typed, and together, holds more of the query', () => {
    expect(typedWordsHeld('EIGER X 16M', 'on the Dectris EIGER X 16M.')).toBe(1);
    expect(typedWordsHeld('EIGER X 16M', 'an EIGER2 XE 16M, X-ray beam')).toBe(2 / 4);
    expect(typedWordsHeld('crystallized lysozyme', 'Lysozyme crystals, multi-crystal')).toBe(1 / 3);
    expect(typedWordsHeld('crystallized lysozyme', 'lysozyme crystallised; crystallized.')).toBe(2 / 3);
    expect(typedWordsHeld('Élise Moreau', 'Elise Moreau, Jean Dupont')).toBe(1);
    expect(typedWordsHeld('petra3', 'PETRA III beamline P11 … petra3')).toBe(1);
  });
});
