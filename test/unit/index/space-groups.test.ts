import { describe, expect, test } from 'vitest';
import { spaceGroupForms, spaceGroupQuery } from '../../../src/index/space-groups.ts';

describe('space groups however written', () => {
  test('a record’s space group with its screws marked is also kept run together', () => {
    expect(spaceGroupForms('tetragonal crystals, space group P4₃2₁2, at 100 K')).toEqual(['p43212']);
    expect(spaceGroupForms('P2₁2₁2₁ (also written P2(1)2(1)2(1) or P2_12_12_1)')).toEqual(['p212121']);
    // Already run together, a mirror or glide, or no space group: nothing to add.
    expect(spaceGroupForms('P212121, P2₁/c, the C2 domain, a 2(1) ratio')).toEqual([]);
  });

  test.each([
    ['P 43 21 2', 'p43212'],
    ['P4(3)2(1)2', 'p43212'],
    ['P4_32_12', 'p43212'],
    ['P 4₃ 2₁ 2', 'p43212'],
    ['space group P 21 21 21 lysozyme', 'space group p212121 lysozyme'],
    ['C 1 2 1', 'c121'],
    // Beamlines, proposals, licences and detectors are no space groups.
    ['P 11', 'P 11'],
    ['P11 2024', 'P11 2024'],
    ['I-20240123', 'I-20240123'],
    ['CC BY 4.0', 'CC BY 4.0'],
    ['PETRA 3', 'PETRA 3'],
    ['T4L L99A', 'T4L L99A'],
  ])('the query %s is searched as %s', (query, searched) => {
    expect(spaceGroupQuery(query)).toBe(searched);
  });
});
