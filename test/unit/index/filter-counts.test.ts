import { describe, expect, test } from 'vitest';
import { FilterCounter } from '../../../src/index/filter-counts.ts';

describe('the facet counts written beside the index', () => {
  test('experiments per value, filters in the order given, values in code-unit order, filters no record carries left out', () => {
    const counter = new FilterCounter();
    counter.add([
      ['facility', []],
      ['detector', ['PILATUS 6M', 'EIGER2 X 16M']],
      ['hit rate', []],
    ]);
    counter.add([
      ['facility', ['ESRF']],
      ['detector', ['PILATUS 6M']],
      ['hit rate', []],
    ]);
    counter.add([
      ['facility', ['Diamond']],
      ['detector', []],
      ['hit rate', []],
    ]);
    const json = JSON.stringify(counter);
    expect(JSON.parse(json)).toEqual({ facility: { Diamond: 1, ESRF: 1 }, detector: { 'EIGER2 X 16M': 1, 'PILATUS 6M': 2 } });
    // The first record had no facility: the order is still the order filters are declared in.
    expect(json).toBe('{"facility":{"Diamond":1,"ESRF":1},"detector":{"EIGER2 X 16M":1,"PILATUS 6M":2}}');
  });
});
