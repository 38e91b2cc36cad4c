import { describe, expect, test } from 'vitest';
import { unitWords } from '../../../src/index/unit-words.ts';

describe('units by the names readers type without the keys', () => {
  test.each([
    ['1.1 Å rotation data', ['angstrom', 'angstroms']],
    ['imaged at 0.856 µm voxel size', ['um', 'micron', 'microns', 'micrometre', 'micrometer']],
    // The Greek mu, as some records write the micro sign.
    ['5 μm beam', ['um', 'micron', 'microns', 'micrometre', 'micrometer']],
    ['collected at 100 K', ['kelvin']],
    ['stored at -80 °C', ['celsius']],
  ])('%j names %j', (text, names) => {
    expect(unitWords([text])).toEqual(names);
  });

  test('a letter that is no unit after a number adds nothing', () => {
    expect(unitWords(['T4 lysozyme L99A', 'PILATUS 6M', 'chip 7K5', 'Å alone', 'ID23-1'])).toEqual([]);
  });
});
