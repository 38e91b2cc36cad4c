/**
 * A bare DataCite record's release date is shown no more precisely than the record states it,
 * and the day its DOI was registered is called that, not its release.
 */
import { describe, expect, test } from 'vitest';
import { toLandingPage } from '../../../src/model/landing.ts';
import { recordCard, toSummary } from '../../../src/model/site.ts';
import { bareExperimentJson } from '../../../src/record/release.ts';
import { validateRecord } from '../../../src/validate/validate-record.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { fixtureDataCite } from '../../helpers/catalogue-fixtures.ts';
import { searchDocument } from '../../../src/index/search-document.ts';

function page(extra: Record<string, unknown>, experiment?: unknown, registered: string | null = null) {
  const datacite = fixtureDataCite('10.5072/released-date', 'Thaumatin', extra);
  delete datacite.dates;
  Object.assign(datacite, extra);
  const raw = { id: 'rec', files: { datacite: 'rec.xml', experiment: null, description: null }, datacite, experiment: experiment ?? bareExperimentJson(datacite, registered), descriptionMarkdown: null, digest: 'x' };
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

  test('a record saved from the DataCite API is released when it says it became public, not when its DOI was registered, on the page, its card, its facet and in search', () => {
    const p = page({ publicationYear: 2012, dates: [{ date: '2012', dateType: 'Issued' }] }, undefined, '2014-01-15T09:12:44Z');
    expect([p.releasedLabel, p.releasedOnText, p.facets.year]).toEqual(['Released', '2012', ['2012']]);
    expect(recordCard(toSummary(p)).countsText).toMatch(/released 2012$/);
    expect(searchDocument(p)).toContain('Released 2012');
    expect(searchDocument(p)).not.toContain('2014');
  });
  test('an Available date (an embargo\'s end) is the release, before Issued and publicationYear', () => {
    const p = page({ publicationYear: 2020, dates: [{ date: '2020-02-03', dateType: 'Issued' }, { date: '2021-03-04', dateType: 'Available' }] }, undefined, '2020-01-10T09:00:00Z');
    expect([p.releasedLabel, p.releasedOnText, p.facets.year]).toEqual(['Released', '4 March 2021', ['2021']]);
    expect(page({ publicationYear: 2020, dates: [{ date: '2021-05', dateType: 'Available' }] }).releasedOnText).toBe('May 2021');
  });
  test('a record that states no date that has come shows the day its DOI was registered as that', () => {
    const p = page({ publicationYear: 2549, dates: [] }, undefined, '2014-01-15T09:12:44Z');
    expect([p.releasedLabel, p.releasedOnText, p.facets.year]).toEqual(['DOI registered', '15 January 2014', ['2014']]);
    expect(recordCard(toSummary(p)).countsText).toMatch(/DOI registered 15 January 2014$/);
    const doc = searchDocument(p);
    expect(doc).toContain('DOI registered 15 January 2014');
    expect(doc).not.toMatch(/[Rr]eleased 15 January/);
  });
  test('a registration on the day the record states is a release on that day; a record saved without its registration is released as it states', () => {
    const sameDay = page({ publicationYear: 2014, dates: [{ date: '2014-01-15', dateType: 'Issued' }] }, undefined, '2014-01-15T09:12:44Z');
    expect([sameDay.releasedLabel, sameDay.releasedOnText]).toEqual(['Released', '15 January 2014']);
    const stated = page({ publicationYear: 2019 }, undefined, null);
    expect([stated.releasedLabel, stated.releasedOnText]).toEqual(['Released', '2019']);
    expect(searchDocument(stated)).toContain('Released 2019');
  });
});
