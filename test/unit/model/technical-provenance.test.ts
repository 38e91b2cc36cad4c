import { describe, expect, it } from 'vitest';
import { aggregateTechnical } from '../../../src/enrich/aggregate.ts';
import { reconcileTechnical, technicalSummary } from '../../../src/model/technical.ts';
import { hitRateText } from '../../../src/model/landing.ts';
import { reconcileAndReport } from '../../../src/build/technical-provenance.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../../../src/record/types.ts';

const declared = technicalSummary({ detector: 'PILATUS 6M', wavelength_angstrom: 1.0332, distance_mm: 200 });

describe('one truth per technical value, with its source', () => {
  it('marks declared values, and values the files confirm', () => {
    const files = aggregateTechnical([{ detector: 'PILATUS 6M', wavelength_angstrom: 1.0332, distance_mm: 200, pixel_size_x_mm: 0.172 }]);
    const { rows, conflicts } = reconcileTechnical(declared, files);
    expect(conflicts).toEqual([]);
    expect(rows.find((r) => r.key === 'detector')).toMatchObject({ value: 'PILATUS 6M', source: 'confirmed' });
    expect(rows.find((r) => r.key === 'pixel_size_mm')).toMatchObject({ value: '172 × 172 µm', source: 'files' });
    expect(technicalSummary({ detector: 'X' })[0].source).toBe('declared');
  });

  it('shows the files’ value with a note when the catalogue disagrees, and reports it', () => {
    const files = aggregateTechnical([{ detector: 'EIGER2 16M', wavelength_angstrom: 0.9763, distance_mm: 200 }]);
    const { rows, conflicts } = reconcileTechnical(declared, files);
    expect(conflicts.map((c) => c.key).sort()).toEqual(['detector', 'wavelength_angstrom']);
    const wavelength = rows.find((r) => r.key === 'wavelength_angstrom');
    expect(wavelength).toMatchObject({ value: '0.9763 Å', source: 'files', note: 'the catalogue declares 1.0332 Å' });
    expect(rows.filter((r) => r.key === 'wavelength_angstrom')).toHaveLength(1);
    expect(rows.find((r) => r.key === 'energy_kev')?.value).toBe('12.699 keV');

    const sink = new DiagnosticSink();
    const record = { id: 'exp', files: { experiment: 'exp/experiment.json' }, datasets: [{ id: 'a' }] } as unknown as ExperimentRecord;
    reconcileAndReport(declared, files, { record, datasetId: 'a', sink });
    expect(sink.list.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ['image/declared-mismatch', 'warning', '/datasets/0/technical'],
      ['image/declared-mismatch', 'warning', '/datasets/0/technical'],
    ]);
  });

  it('keeps declared values when no file was read', () => {
    const { rows } = reconcileTechnical(declared, aggregateTechnical([{}, {}]));
    expect(rows.every((r) => r.source === 'declared')).toBe(true);
  });
});

describe('hit rate', () => {
  it('a hits-only dataset states its parent run’s rate, never 100 %', () => {
    expect(hitRateText({ kind: 'hits', hitRate: 1 }, { title: 'Chip 7', hitRate: 0.118 })).toBe('Picked from a run with a hit rate of 11.8 % (Chip 7).');
    expect(hitRateText({ kind: 'hits', hitRate: 1 }, { title: 'Chip 7', hitRate: null })).toBeNull();
    expect(hitRateText({ kind: 'raw', hitRate: 0.061 })).toBe('Hit rate 6.10 %.');
    expect(hitRateText({ kind: 'raw', hitRate: null })).toBeNull();
  });
});
