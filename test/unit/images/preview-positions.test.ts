import { describe, expect, test } from 'vitest';
import { previewPositions } from '../../../src/enrich/enrich-catalogue.ts';

describe('previewPositions(count, n)', () => {
  test('spreads n previews from the first image to the last', () => {
    expect([...previewPositions(900, 4)]).toEqual([0, 300, 599, 899]);
    expect([...previewPositions(900, 1)]).toEqual([0]);
  });

  test('never asks for more previews than there are images, nor for none when there are images', () => {
    expect([...previewPositions(2, 5)]).toEqual([0, 1]);
    expect([...previewPositions(0, 3)]).toEqual([]);
    expect([...previewPositions(10, 0)]).toEqual([]);
  });
});
