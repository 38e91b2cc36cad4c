import { describe, expect, test } from 'vitest';
import { formatDuration, releaseDelayDays, toStatistics } from '../../../src/model/statistics.ts';
import { barChartGeometry, CHART_WIDTH } from '../../../src/components/charts/bar-geometry.ts';
import type { RecordSummary } from '../../../src/model/site.ts';

function summary(over: Partial<RecordSummary>): RecordSummary {
  return {
    path: '/doi/x/',
    doiDisplay: '10.5072/x',
    title: 'X',
    creatorsText: 'A',
    year: '2024',
    releasedOn: '2024-03-01',
    collectedStart: '2023-03-01',
    facility: 'ESRF',
    beamline: 'ESRF ID23-1',
    technique: 'macromolecular crystallography',
    licence: 'CC-BY-4.0',
    state: 'released',
    datasets: 1,
    files: 10,
    bytes: 1_000,
    pdb: [],
    detectors: [],
    wavelengthBands: [],
    hitRateBands: [],
    ...over,
  };
}

describe('statistics model', () => {
  test('a catalogue past the arguments a call can take (150,000 records) still has its release delays', () => {
    // Math.min(...days) overflowed the stack at about 120,000 measured records, failing the statistics page and so the build.
    const summaries = Array.from({ length: 150_000 }, (_, i) => summary({ collectedStart: '2020-01-01', releasedOn: `${2020 + (i % 3)}-01-${String(1 + (i % 28)).padStart(2, '0')}` }));
    const s = toStatistics(summaries);
    expect(s.delay.measured).toBe(150_000);
    expect(s.delay.minText).toBe(formatDuration(0));
    expect(s.delay.maxText).toBe(formatDuration(731 + 27));
    expect(s.delay.byYear.map((y) => [y.year, y.records])).toEqual([
      ['2020', 50_000],
      ['2021', 50_000],
      ['2022', 50_000],
    ]);
  });

  test('releases per year fill the years between with zero bars', () => {
    const s = toStatistics([summary({ releasedOn: '2019-05-01' }), summary({ releasedOn: '2021-01-01' }), summary({ releasedOn: '2021-06-01' })]);
    expect(s.releasesPerYear.rows.map((r) => [r.label, r.value])).toEqual([
      ['2019', 1],
      ['2020', 0],
      ['2021', 2],
    ]);
  });

  test('volume and files per beamline and technique add up, largest volume first, missing values grouped as not stated', () => {
    const s = toStatistics([
      summary({ beamline: 'A', bytes: 5, files: 1 }),
      summary({ beamline: 'B', bytes: 50, files: 2 }),
      summary({ beamline: 'B', bytes: 50, files: 3 }),
      summary({ beamline: null, technique: null, bytes: 1, files: 4 }),
    ]);
    expect(s.byBeamline.rows.map((r) => [r.label, r.experiments, r.files, r.bytes])).toEqual([
      ['B', 2, 5n, 100n],
      ['A', 1, 1n, 5n],
      ['Not stated', 1, 4n, 1n],
    ]);
    expect(s.byBeamline.files.rows.map((r) => r.value)).toEqual([5, 1, 4]);
    expect(s.byTechnique.rows.map((r) => r.label)).toEqual(['macromolecular crystallography', 'Not stated']);
  });

  test('time to release: days from collection start to release, unmeasurable records counted apart', () => {
    expect(releaseDelayDays(summary({ collectedStart: '2023-03-01', releasedOn: '2024-03-01' }))).toBe(366);
    expect(releaseDelayDays(summary({ collectedStart: null }))).toBeNull();
    expect(releaseDelayDays(summary({ collectedStart: '2025-01-01', releasedOn: '2024-01-01' }))).toBeNull();
    const s = toStatistics([
      summary({ collectedStart: '2024-01-01', releasedOn: '2024-02-01' }),
      summary({ collectedStart: '2020-01-01', releasedOn: '2024-01-01' }),
      summary({ collectedStart: '2022-01-01', releasedOn: '2024-01-01' }),
      summary({ collectedStart: null }),
    ]);
    expect(s.delay.measured).toBe(3);
    expect(s.delay.unmeasured).toBe(1);
    expect(s.delay.medianText).toBe('2.0 years');
    expect(s.delay.histogram.rows.map((r) => r.value)).toEqual([1, 0, 0, 1, 1]);
    expect(s.delay.byYear).toEqual([{ year: '2024', records: 3, medianText: '2.0 years' }]);
  });

  test('durations read naturally', () => {
    expect(formatDuration(1)).toBe('1 day');
    expect(formatDuration(45)).toBe('45 days');
    expect(formatDuration(200)).toBe('7 months');
    expect(formatDuration(1096)).toBe('3.0 years');
  });

  test('an empty archive yields empty charts, not errors', () => {
    const s = toStatistics([]);
    expect(s.releasesPerYear.rows).toEqual([]);
    expect(s.delay.medianText).toBeNull();
    expect(barChartGeometry([]).height).toBeGreaterThan(0);
  });
});

describe('bar chart geometry', () => {
  test('bars scale to the largest value and stay inside the chart with room for their value', () => {
    const g = barChartGeometry([
      { label: 'a', value: 10, valueText: '10' },
      { label: 'b', value: 5, valueText: '5' },
      { label: 'c', value: 0, valueText: '0' },
    ]);
    expect(g.bars[1].barWidth * 2).toBeCloseTo(g.bars[0].barWidth, -1);
    expect(g.bars[2].barWidth).toBeGreaterThan(0);
    for (const b of g.bars) expect(b.valueX).toBeLessThan(CHART_WIDTH);
    expect(g.bars[1].barY).toBeGreaterThan(g.bars[0].barY);
  });
});
