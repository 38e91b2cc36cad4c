/** A bare DataCite record's release date is shown no more precisely than the record states it. */
import { describe, expect, test } from 'vitest';
import { toLandingPage } from '../../../src/model/landing.ts';
import { recordCard, toSummary } from '../../../src/model/site.ts';
import { bareExperimentJson } from '../../../src/record/release.ts';
import { validateRecord } from '../../../src/validate/validate-record.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { fixtureDataCite } from '../../helpers/catalogue-fixtures.ts';

function page(extra: Record<string, unknown>, experiment?: unknown) {
  const datacite = fixtureDataCite('10.5072/released-date', 'Thaumatin', extra);
  delete datacite.dates;
  Object.assign(datacite, extra);
  const raw = { id: 'rec', files: { datacite: 'rec.xml', experiment: null, description: null }, datacite, experiment: experiment ?? bareExperimentJson(datacite), descriptionMarkdown: null, digest: 'x' };
  const record = validateRecord(raw as never, new DiagnosticSink());
  expect(record).not.toBeNull();
  return toLandingPage(record!, { siteUrl: 'https://data.example.org', publicBaseUrl: 'https://objects.example.org/b/', filesPerPage: 50, now: '2026-11-01T00:00:00Z' } as never);
}

describe('the release date a page shows', () => {
  test('a record with only a publication year is released in that year, not on 1 January', () => {
    const p = page({ publicationYear: 2019 });
    expect(p.releasedOn).toBe('2019-01-01');
    expect(p.releasedOnText).toBe('2019');
    expect(recordCard(toSummary(p)).countsText).toMatch(/released 2019$/);
  });
  test('an Issued month is a month; an Issued day is that day', () => {
    expect(page({ publicationYear: 2023, dates: [{ date: '2023-07', dateType: 'Issued' }] }).releasedOnText).toBe('July 2023');
    expect(page({ publicationYear: 2023, dates: [{ date: '2023-07-14', dateType: 'Issued' }] }).releasedOnText).toBe('14 July 2023');
  });
});
