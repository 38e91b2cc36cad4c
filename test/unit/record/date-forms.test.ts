/**
 * Date forms real repositories register, read once (src/record/dates.ts) and shown the same
 * way on the page and in the JSON-LD: RKMS-ISO8601/ISO 8601 forms are valid readings with no
 * diagnostic; forms that are really wrong but say one date ("March 2011", "07.04.2017") are
 * read and reported; what cannot be read is shown as registered, never guessed.
 */
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';
import { datesOf, isoDatePart } from '../../../src/record/dates.ts';
import { formatDateRange } from '../../../src/model/format.ts';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { dataciteRecord, experimentRecord } from '../citation/factory.ts';

/** [registered value, reported as date/invalid?, shown on the page, JSON-LD temporalCoverage] */
const FORMS: Array<[value: string, invalid: boolean, page: string, coverage: string | undefined]> = [
  ['2020-01-01/..', false, 'from 1 January 2020', '2020-01-01/..'],
  ['../2020-06-30', false, 'until 30 June 2020', '../2020-06-30'],
  ['2020-01-01/', false, 'from 1 January 2020', '2020-01-01/..'],
  ['2020-01-01 12:00:00', false, '1 January 2020', '2020-01-01'],
  ['2020-01-01T12:00:00+02', false, '1 January 2020', '2020-01-01'],
  ['2020-01-01 12:00+0200/2020-01-03 08:00:00Z', false, '1 – 3 January 2020', '2020-01-01/2020-01-03'],
  ['2020-01-01t12:00:00z', false, '1 January 2020', '2020-01-01'],
  ['2020-01-01 / 2020-02-01', false, '1 January – 1 February 2020', '2020-01-01/2020-02-01'],
  // Registered by real repositories (../shared/records, conformance inputs): read, and reported.
  ['1970-04-01 / (:tba)', true, 'from 1 April 1970', '1970-04-01/..'],
  ['March 2011', true, 'March 2011', '2011-03'],
  ['07.04.2017', true, '7 April 2017', '2017-04-07'],
  ['7 April 2017', true, '7 April 2017', '2017-04-07'],
  // Neither a date nor a range: kept and shown as registered, in no output as a date.
  ['2021-01-01/2021/12-31', true, '2021-01-01/2021/12-31', undefined],
  ['2021-01-01/soon', true, '2021-01-01/soon', undefined],
];

describe('DataCite date forms', () => {
  test.each(FORMS)('%s', (value, invalid, page, coverage) => {
    const sink = new DiagnosticSink();
    const attrs = validateDataCite(dataciteRecord({ dates: [{ date: value, dateType: 'Coverage' }] }), sink);
    expect(sink.list.filter((d) => d.code === 'date/invalid').length, JSON.stringify(sink.list)).toBe(invalid ? 1 : 0);
    const [date] = datesOf(attrs!);
    expect(date?.value).toBe(value);
    expect(date!.range ? formatDateRange(date!.range.start, date!.range.end) : date!.value).toBe(page);
    const ld = toSchemaOrg(experimentRecord({ collected: { start: null, end: null } }, { dates: [{ date: value, dateType: 'Coverage' }] }), {
      landingUrl: 'https://x.example/', catalogueName: 'X', catalogueUrl: 'https://x.example/', datasetSummaries: [],
    });
    expect(ld.temporalCoverage).toBe(coverage);
  });

  test('a last-modified date keeps its time, written as RFC 3339, whichever ISO 8601 form registered it', () => {
    expect(isoDatePart('2020-01-01 12:00:00+02')).toBe('2020-01-01T12:00:00+02:00');
    expect(isoDatePart('2020-01-01T12:00+0200')).toBe('2020-01-01T12:00+02:00');
    expect(isoDatePart('2020-01-01t12:00:00z')).toBe('2020-01-01T12:00:00Z');
    expect(isoDatePart('March 2011')).toBe('2011-03');
  });
});
