/** schema.org variableMeasured from the datasets' technical metadata, for records of any size. */
import { describe, expect, test } from 'vitest';
import { technicalVariables } from '../../../src/build/technical-variables.ts';
import type { DatasetRecord, TechnicalMetadata } from '../../../src/record/types.ts';
import { experimentRecord } from '../citation/factory.ts';

function dataset(i: number, technical: Partial<TechnicalMetadata>, hitRate: number | null = null): DatasetRecord {
  return {
    id: `run-${i}`, title: `Run ${i}`, description: null, kind: 'raw', derivedFrom: null, hitRate,
    fileCount: 1, totalBytes: 1, technical: technical as TechnicalMetadata, bundles: [], listing: null,
  };
}

describe('technicalVariables', () => {
  test('the range of a value over the datasets, and the highest hit rate', () => {
    const record = experimentRecord({ datasets: [dataset(1, { wavelength_angstrom: 0.98 }, 0.1), dataset(2, { wavelength_angstrom: 0.92 }, 0.4)] });
    expect(technicalVariables(record)).toEqual([
      { name: 'X-ray wavelength', minValue: 0.92, maxValue: 0.98, unitText: 'Å', unitCode: 'A11' },
      { name: 'Hit rate', value: 0.4, unitText: 'fraction of frames' },
    ]);
  });

  test('a record with more datasets than a call takes arguments (150,000 serial runs) still gets its ranges', () => {
    // Math.min(...values) overflows the stack at about 120,000 values.
    const record = experimentRecord({ datasets: Array.from({ length: 150_000 }, (_, i) => dataset(i, { exposure_time_s: 0.001 * (1 + (i % 10)) }, (i % 100) / 100)) });
    expect(technicalVariables(record)).toEqual([
      { name: 'Exposure time per frame', minValue: 0.001, maxValue: 0.01, unitText: 's', unitCode: 'SEC' },
      { name: 'Hit rate', value: 0.99, unitText: 'fraction of frames' },
    ]);
  });
});
