/**
 * Site-wide totals add up every public record, so they pass 2^53 bytes long before any one
 * record does: summed as numbers they round (a total off by bytes) and ran out of units ("9007 PB").
 */
import { describe, expect, test } from 'vitest';
import { toHome } from '../../../src/model/site.ts';
import { toStatistics } from '../../../src/model/statistics.ts';
import { formatBytes } from '../../../src/model/format.ts';
import { recordSummary } from '../../helpers/record-summary.ts';

const MAX = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991: the most one record may hold

describe('site-wide byte totals past 2^53', () => {
  test('the statistics page states the catalogue total to the byte, beside its rounded size', () => {
    const summaries = [recordSummary(0, { bytes: MAX }), recordSummary(1, { bytes: MAX }), recordSummary(2, { bytes: MAX })];
    const s = toStatistics(summaries);
    // As numbers: 27,021,597,764,222,972, four bytes short.
    expect(s.totals.bytes).toBe('27.0 PB (27,021,597,764,222,973 bytes)');
    expect(s.byBeamline.rows[0].bytes).toBe(27_021_597_764_222_973n);
    expect(s.byBeamline.rows[0].bytesText).toBe('27.0 PB');
  });

  test('a small total is said once', () => {
    expect(toStatistics([recordSummary(0, { bytes: 512 })]).totals.bytes).toBe('512 bytes');
    expect(toStatistics([recordSummary(0, { bytes: 1 })]).totals.bytes).toBe('1 byte');
    expect(toStatistics([]).totals.bytes).toBe('0 bytes');
  });

  test('the home page names a total of exabytes in exabytes', () => {
    const summaries = Array.from({ length: 1000 }, (_, i) => recordSummary(i, { bytes: MAX, files: MAX }));
    const home = toHome(summaries);
    expect(home.counts.bytes).toBe('9.01 EB');
    expect(home.counts.files).toBe('9,007,199,254,740,991,000');
    expect(toStatistics(summaries).totals.files).toBe('9,007,199,254,740,991,000');
  });

  test('beamlines are ordered by their exact volume, even where doubles would tie', () => {
    // MAX + 1 and MAX + 2 are the same double.
    const s = toStatistics([
      recordSummary(0, { beamline: 'A', bytes: MAX }),
      recordSummary(1, { beamline: 'A', bytes: 1 }),
      recordSummary(2, { beamline: 'B', bytes: MAX }),
      recordSummary(3, { beamline: 'B', bytes: 2 }),
    ]);
    expect(s.byBeamline.rows.map((r) => r.label)).toEqual(['B', 'A']);
  });
});

describe('formatBytes(bytes)', () => {
  test.each([
    [0n, '0 B'],
    [999n, '999 B'],
    [1_000n, '1.00 KB'],
    [1_005n, '1.01 KB'],
    [999_999n, '1000 KB'],
    [1_120_335_512n, '1.12 GB'],
    [10n ** 21n, '1.00 ZB'],
    [10n ** 30n, '1000000 YB'],
  ])('%s bytes (bigint) is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  test('a number and a bigint of the same bytes read the same', () => {
    for (const n of [0, 1, 999, 1000, 4096, 1_120_335_512, 123_456_789_012, MAX]) expect(formatBytes(BigInt(n)), String(n)).toBe(formatBytes(n));
  });

  test('never in exponent form', () => {
    expect(formatBytes(1e48)).toBe('1000000000000000000000000 YB');
  });
});
