/** The record core's reading rules, one by one, as a reader of any output would notice them. */
import { describe, expect, test } from 'vitest';
import { agentKind, creatorsOf, nameParts, readAgent } from '../../../src/record/agents.ts';
import { abstractOf, bodyMarkdownOf, summarySourceOf } from '../../../src/record/descriptions.ts';
import { citationYearOf, collectedOf, dateRange, datesOf, publicationDateOf } from '../../../src/record/dates.ts';
import { containerOf, geoCoverageOf, keywordsOf, languageOf, mainTitle, otherTitles, publisherOf, resourceTypeOf, versionOf } from '../../../src/record/fields.ts';
import { fundingOf } from '../../../src/record/funding.ts';
import { licenceOf } from '../../../src/record/licence.ts';
import { relatedByKind } from '../../../src/record/related.ts';
import { formatDateRange } from '../../../src/model/format.ts';
import { checkPublicationDate } from '../../../src/validate/publication-date.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import type { Creator, DataCiteAttributes } from '../../../src/datacite/types.ts';
import type { ExperimentRecord } from '../../../src/record/types.ts';

const ORCID = [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID' }];

describe('agents: person or organisation, decided once', () => {
  test.each<[string, Creator, 'person' | 'organisation']>([
    ['nameType Personal without a comma', { name: 'Ana Garcia', nameType: 'Personal' }, 'person'],
    ['lower-case nameType (REST kernel 4.0)', { name: 'Ana Garcia', nameType: 'personal' as Creator['nameType'] }, 'person'],
    ['nameType Organizational with a comma', { name: 'Smith, Jones & Co', nameType: 'Organizational' }, 'organisation'],
    ['no nameType, an ORCID', { name: 'Ana Garcia', nameIdentifiers: ORCID }, 'person'],
    ['no nameType, name parts', { name: 'x', familyName: 'Garcia' }, 'person'],
    ['no nameType, "Family, Given"', { name: 'Garcia, Ana' }, 'person'],
    ['no nameType, a bare name', { name: 'Beamline Team' }, 'organisation'],
  ])('%s', (_label, creator, kind) => {
    expect(agentKind(creator)).toBe(kind);
  });

  test('"Given Family" identified by an ORCID is split (APA can abbreviate it); without ORCID it stays whole', () => {
    expect(nameParts({ name: 'Ana María Garcia', nameIdentifiers: ORCID })).toEqual({ givenName: 'Ana María', familyName: 'Garcia' });
    expect(nameParts({ name: 'Ana Garcia', nameType: 'Personal' })).toEqual({ givenName: null, familyName: null });
    expect(nameParts({ name: 'Garcia, Ana' })).toEqual({ givenName: 'Ana', familyName: 'Garcia' });
  });

  test('ORCID, ROR affiliations, display and inverted names', () => {
    const a = readAgent({
      name: 'Garcia, Ana',
      nameIdentifiers: [{ nameIdentifier: '0000-0002-1825-0097' }],
      affiliation: ['Plain Institute', { name: 'ESRF', affiliationIdentifier: 'https://ror.org/02550n020', affiliationIdentifierScheme: 'ROR' }],
    });
    expect(a).toMatchObject({ kind: 'person', displayName: 'Ana Garcia', invertedName: 'Garcia, Ana', orcidUrl: 'https://orcid.org/0000-0002-1825-0097' });
    expect(a.affiliations).toEqual([{ name: 'Plain Institute', ror: null, url: null }, { name: 'ESRF', ror: 'https://ror.org/02550n020', url: null }]);
  });

  test.each([
    ['a bare iD with a lowercase check digit', { nameIdentifier: '0000-0002-1694-233x', nameIdentifierScheme: 'ORCID' }],
    ['the four groups split by spaces', { nameIdentifier: '0000 0002 1694 233X', nameIdentifierScheme: 'ORCID' }],
    ['orcid.org without a scheme', { nameIdentifier: 'orcid.org/0000-0002-1694-233X', nameIdentifierScheme: 'ORCID' }],
    ['the CURIE orcid:', { nameIdentifier: 'ORCID:0000-0002-1694-233X', nameIdentifierScheme: 'ORCID' }],
    ['the scheme named by its home page', { nameIdentifier: '0000-0002-1694-233X', nameIdentifierScheme: 'https://orcid.org/', schemeUri: 'https://orcid.org' }],
    ['no scheme, only its schemeURI', { nameIdentifier: '0000-0002-1694-233X', schemeUri: 'https://orcid.org/' }],
  ])('an ORCID written as %s is read as the iD', (_, nameIdentifier) => {
    expect(readAgent({ name: 'Garcia, Ana', nameIdentifiers: [nameIdentifier] }).orcidUrl).toBe('https://orcid.org/0000-0002-1694-233X');
  });

  test('a ROR id without its scheme, or with the scheme named by its home page, is read for an organisation and an affiliation', () => {
    expect(readAgent({ name: 'ESRF', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: 'ror.org/02550n020', nameIdentifierScheme: 'ROR' }] }).ror).toBe('https://ror.org/02550n020');
    expect(readAgent({ name: 'ESRF', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: '02550n020', nameIdentifierScheme: 'https://ror.org/' }] }).ror).toBe('https://ror.org/02550n020');
    expect(readAgent({ name: 'Garcia, Ana', affiliation: [{ name: 'ESRF', affiliationIdentifier: '02550n020', affiliationIdentifierScheme: 'https://ror.org' }] }).affiliations).toEqual([{ name: 'ESRF', ror: 'https://ror.org/02550n020', url: null }]);
    // Another scheme's id is no ROR, even when it has ROR's shape.
    expect(readAgent({ name: 'Garcia, Ana', affiliation: [{ name: 'ESRF', affiliationIdentifier: '02550n020', affiliationIdentifierScheme: 'GRID' }] }).affiliations[0].ror).toBeNull();
  });

  test('"Family, Given" with an empty part is the other part alone, on the page and in every citation', () => {
    const given = readAgent({ name: ', Ashley', nameType: 'Personal', givenName: 'Ashley', familyName: '' });
    expect(given).toMatchObject({ kind: 'person', name: 'Ashley', displayName: 'Ashley', invertedName: 'Ashley', givenName: 'Ashley', familyName: null });
    expect(readAgent({ name: 'Garcia,', nameType: 'Personal' })).toMatchObject({ displayName: 'Garcia', invertedName: 'Garcia' });
  });

  test('creators without any name are left out, order kept', () => {
    const attrs = { creators: [{ name: 'B' }, { name: '  ' }, { name: 'A' }] as Creator[] };
    expect(creatorsOf(attrs).map((c) => c.name)).toEqual(['B', 'A']);
  });
});

describe('licence: one resolver', () => {
  test('a Creative Commons deed URL is CC-BY-4.0 with its SPDX URL', () => {
    expect(licenceOf({ rightsList: [{ rightsUri: 'https://creativecommons.org/licenses/by/4.0/deed.en' }] })).toMatchObject({ spdx: 'CC-BY-4.0', url: 'https://spdx.org/licenses/CC-BY-4.0' });
  });
  test('an access statement is not a licence', () => {
    expect(licenceOf({ rightsList: [{ rights: 'Open Access', rightsUri: 'info:eu-repo/semantics/openAccess' }] })).toBeNull();
  });
});

describe('descriptions: chosen in one place', () => {
  const datacite = { descriptions: [{ description: 'Methods text', descriptionType: 'Methods' }, { description: 'The abstract.', descriptionType: 'Abstract' }] } as DataCiteAttributes;
  test('the abstract is the Abstract, whatever its position', () => {
    expect(abstractOf(datacite)).toBe('The abstract.');
  });
  test('summaries are the DataCite abstract; the page body prefers the Markdown', () => {
    const record = { datacite, descriptionMarkdown: '# Heading\n\nLong text' };
    expect(summarySourceOf(record)).toBe('The abstract.');
    expect(bodyMarkdownOf(record)).toContain('# Heading');
    expect(bodyMarkdownOf({ datacite, descriptionMarkdown: null })).toBe('The abstract.');
  });
});

describe('dates', () => {
  test('ranges stay ranges, open ends stay open', () => {
    expect(dateRange('2023-10-03/2023-10-04')).toEqual({ start: '2023-10-03', end: '2023-10-04' });
    expect(dateRange('2020-01-01/')).toEqual({ start: '2020-01-01', end: null });
    // A value that is no date is kept as registered (range null), for the page to show as text.
    expect(datesOf({ dates: [{ date: '2023-10-03/2023-10-04', dateType: 'Collected' }, { date: 'soon', dateType: 'Other' }] }).map((d) => d.range)).toEqual([{ start: '2023-10-03', end: '2023-10-04' }, null]);
  });
  test('formatted ranges read as ranges', () => {
    expect(formatDateRange('2023-10-03', '2023-10-04')).toBe('3 – 4 October 2023');
    expect(formatDateRange('2023-09-30', '2023-10-02')).toBe('30 September – 2 October 2023');
    expect(formatDateRange('2022-12-30', '2023-01-02')).toBe('30 December 2022 – 2 January 2023');
    expect(formatDateRange('2020-01-01', null)).toBe('from 1 January 2020');
    expect(formatDateRange('2023-10-03', '2023-10-03')).toBe('3 October 2023');
  });
  test('the collection period comes from the catalogue, else the Collected date', () => {
    const datacite = { dates: [{ date: '2023-10-03/2023-10-04', dateType: 'Collected' }] } as DataCiteAttributes;
    expect(collectedOf({ datacite, collected: { start: null, end: null } })).toEqual({ start: '2023-10-03', end: '2023-10-04' });
    expect(collectedOf({ datacite, collected: { start: '2023-10-01', end: null } })).toEqual({ start: '2023-10-01', end: '2023-10-01' });
  });
  test('a citation never names a year after the record became public', () => {
    const attrs = { publicationYear: 2028, dates: [{ date: '2028', dateType: 'Issued' }] };
    expect(citationYearOf(attrs, '2025-09-06')).toBe('2025');
    expect(publicationDateOf(attrs, '2025-09-06')).toBe('2025-09-06');
    expect(citationYearOf(attrs)).toBe('2028');
    expect(publicationDateOf({ publicationYear: 2024, dates: [{ date: '2024-03-01', dateType: 'Issued' }] }, '2024-05-01')).toBe('2024-03-01');
  });
  test('check warns about a future publication year', () => {
    const sink = new DiagnosticSink();
    const release = { state: 'metadata-only', releasedOn: '2025-09-06', filesAvailableFrom: '2028-09-06', withdrawnOn: null, withdrawalReason: null } as ExperimentRecord['release'];
    checkPublicationDate({ datacite: { publicationYear: 2028, dates: [] } as unknown as DataCiteAttributes, release }, sink, new Date('2026-01-01'));
    expect(sink.list.map((d) => [d.code, d.severity, d.pointer])).toEqual([['date/future-publication', 'warning', '/publicationYear']]);
    expect(sink.list[0].message).toContain('citations name 2025 instead');
    const ok = new DiagnosticSink();
    checkPublicationDate({ datacite: { publicationYear: 2025, dates: [] } as unknown as DataCiteAttributes, release }, ok, new Date('2026-01-01'));
    expect(ok.list).toEqual([]);
    // With no release date before it, citations name the declared year: the warning says so, not that they name today's.
    const unknown = new DiagnosticSink();
    checkPublicationDate({ datacite: { publicationYear: 2549, dates: [] } as unknown as DataCiteAttributes, release: { ...release, state: 'released', releasedOn: '2549-01-01', filesAvailableFrom: null } }, unknown, new Date('2026-01-01'));
    expect(unknown.list[0].message).toContain('citations name 2549, as registered');
    // Issued the day after DataCite registered the DOI is the same year: no year that has not happened.
    const nextDay = new DiagnosticSink();
    checkPublicationDate({ datacite: { publicationYear: 2016, dates: [{ date: '2016-12-20', dateType: 'Issued' }] } as unknown as DataCiteAttributes, release: { ...release, state: 'released', releasedOn: '2016-12-19', filesAvailableFrom: null } }, nextDay, new Date('2026-01-01'));
    expect(nextDay.list).toEqual([]);
  });
});

describe('fields, funding, related identifiers', () => {
  test('title, publisher with ROR, resource type', () => {
    const a = { titles: [{ title: 'Sub', titleType: 'Subtitle' }, { title: '  Main\n title ' }], publisher: { name: 'ESRF', publisherIdentifier: 'https://ror.org/02550n020', publisherIdentifierScheme: 'ROR' }, types: { resourceTypeGeneral: 'Software' } } as unknown as DataCiteAttributes;
    expect(mainTitle(a)).toBe('Main title');
    expect(publisherOf(a)).toEqual({ name: 'ESRF', ror: 'https://ror.org/02550n020' });
    // A bare id under the scheme named by its home page, as some repositories write it.
    expect(publisherOf({ publisher: { name: 'ESRF', publisherIdentifier: '02550n020', publisherIdentifierScheme: 'https://ror.org/' } } as DataCiteAttributes)).toEqual({ name: 'ESRF', ror: 'https://ror.org/02550n020' });
    expect(resourceTypeOf(a).text).toBe('Software');
  });
  test('a series from SeriesInformation with its IsPartOf DOI', () => {
    const a = { descriptions: [{ description: 'Volume(1) Series(3)', descriptionType: 'SeriesInformation' }], relatedIdentifiers: [{ relatedIdentifier: '10.5438/0000-00ss', relatedIdentifierType: 'DOI', relationType: 'IsPartOf' }] } as unknown as DataCiteAttributes;
    expect(containerOf(a)).toMatchObject({ title: 'Volume(1) Series(3)', type: 'Series', identifier: '10.5438/0000-00ss' });
  });
  test('geo coverage: points, boxes; bad coordinates left out', () => {
    const g = geoCoverageOf({ geoLocations: [{ geoLocationPlace: 'Grenoble', geoLocationPoint: { pointLatitude: '45.2', pointLongitude: '5.7' } }, { geoLocationPoint: { pointLatitude: 200, pointLongitude: 0 } }] });
    expect(g).toEqual([{ place: 'Grenoble', point: { latitude: 45.2, longitude: 5.7 }, box: null, polygon: null }]);
  });
  test('funders: Crossref Funder DOIs become links, other ids only when http(s)', () => {
    expect(fundingOf({ fundingReferences: [{ funderName: 'EC', funderIdentifier: '10.13039/501100000780', awardUri: 'javascript:alert(1)' }] })).toEqual([
      { funder: 'EC', funderName: 'EC', funderId: '10.13039/501100000780', funderIdScheme: null, funderUrl: 'https://doi.org/10.13039/501100000780', award: null, awardTitle: null, awardUrl: null },
    ]);
    // The bare Funder Registry number of a Crossref Funder ID is the same funder.
    expect(fundingOf({ fundingReferences: [{ funderName: 'EC', funderIdentifier: '501100000780', funderIdentifierType: 'Crossref Funder ID' }] })[0].funderUrl).toBe('https://doi.org/10.13039/501100000780');
    expect(fundingOf({ fundingReferences: [{ funderName: 'X', funderIdentifier: '501100000780', funderIdentifierType: 'Other' }] })[0].funderUrl).toBeNull();
  });
  test('related identifiers by kind; entries without a value are left out', () => {
    const kinds = relatedByKind([
      { relatedIdentifier: '10.2210/pdb1abc/pdb', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' },
      { relatedIdentifier: '12345678', relatedIdentifierType: 'PMID', relationType: 'IsReferencedBy' },
      { relatedIdentifier: '', relatedIdentifierType: 'DOI', relationType: 'References' },
      { relatedIdentifier: '10.1107/S1', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo', resourceTypeGeneral: 'JournalArticle' },
    ]);
    expect([...kinds.keys()]).toEqual(['PDB entry', 'PubMed', 'Article']);
  });
});

describe('language: one canonical tag for the page, citations and schema.org', () => {
  test.each([
    ['eng', 'en'],
    ['ger', 'de'],
    ['fre', 'fr'],
    ['EN-gb', 'en-GB'],
    ['en', 'en'],
    ['  nl ', 'nl'],
    // A POSIX locale, as DataCite's REST API accepts it.
    ['en_US', 'en-US'],
    ['de_de', 'de-DE'],
    // Names, in English or in the language itself, as many repositories register them.
    ['English', 'en'],
    ['german', 'de'],
    ['Deutsch', 'de'],
    ['français', 'fr'],
    // Well-formed tags of no language, and text: no language (a page's lang attribute must name one).
    ['english-US', undefined],
    ['xx', undefined],
    ['und', undefined],
    ['not a language', undefined],
  ])('%j reads as %j', (given, tag) => {
    expect(languageOf({ language: given })).toBe(tag);
  });

  test('titles in other languages carry the canonical tag too', () => {
    expect(otherTitles({ titles: [{ title: 'Main' }, { title: 'Haupttitel', titleType: 'TranslatedTitle', lang: 'ger' }] })).toEqual([{ title: 'Haupttitel', type: 'TranslatedTitle', lang: 'de' }]);
    // A record with only typed titles: the first is the page's title, and is not shown again beneath it.
    const onlyTyped = { titles: [{ title: 'Titre traduit', titleType: 'TranslatedTitle' as const, lang: 'fr' }, { title: 'Sous-titre', titleType: 'Subtitle' as const }] };
    expect(mainTitle(onlyTyped)).toBe('Titre traduit');
    expect(otherTitles(onlyTyped)).toEqual([{ title: 'Sous-titre', type: 'Subtitle', lang: null }]);
  });
});

describe('text a reader cannot see is no text', () => {
  test('a title of zero-width spaces gives way to the next; one of white space and a byte-order mark too', () => {
    expect(mainTitle({ titles: [{ title: '\u200b\u200b' }, { title: 'Lysozyme data' }] } as DataCiteAttributes)).toBe('Lysozyme data');
    expect(keywordsOf({ subjects: [{ subject: ' \ufeff ' }, { subject: '\u3164' }, { subject: 'lysozyme\u200b' }] } as DataCiteAttributes)).toEqual(['lysozyme\u200b']);
  });

  test('combining marks with no letter to sit on are no text; on a letter they are part of it', () => {
    expect(mainTitle({ titles: [{ title: '\u0301\u0302\u0303 \u20dd' }, { title: 'Lysozyme data' }] } as DataCiteAttributes)).toBe('Lysozyme data');
    expect(keywordsOf({ subjects: [{ subject: '\u0903\u093f' }, { subject: 'Lyso\u0301zyme' }] } as DataCiteAttributes)).toEqual(['Lyso\u0301zyme']);
  });
});

describe("DataCite's codes for an unknown value read as no value", () => {
  // EZID-minted records name ":unav" where a value is required; Appendix 3 of the schema lists the codes.
  const attrs = {
    creators: [{ name: ':unav' }, { name: 'Smith, Ann', affiliation: ['(:unkn)', 'Example University'] }, { name: '(:etal)' }],
    publisher: ':unav',
    descriptions: [{ description: ':unav', descriptionType: 'Abstract' }, { description: 'Collected at beamline X.', descriptionType: 'Methods' }],
    subjects: [{ subject: ':none' }, { subject: 'lysozyme' }],
    version: ':tba',
    language: ':unkn',
    fundingReferences: [{ funderName: ':unav' }, { funderName: 'Wellcome Trust', awardNumber: ':unas' }],
  } as unknown as DataCiteAttributes;

  test('creators, affiliations, publisher, abstract, keywords, version, language and funders', () => {
    expect(creatorsOf(attrs).map((c) => [c.name, c.affiliations.map((a) => a.name)])).toEqual([['Smith, Ann', ['Example University']]]);
    expect(publisherOf(attrs)).toBeUndefined();
    expect(abstractOf(attrs)).toBe('Collected at beamline X.');
    expect(keywordsOf(attrs)).toEqual(['lysozyme']);
    expect(versionOf(attrs)).toBeUndefined();
    expect(languageOf(attrs)).toBeUndefined();
    expect(fundingOf(attrs)).toEqual([expect.objectContaining({ funder: 'Wellcome Trust', award: null })]);
  });

  test('a value that only starts like a code is text', () => {
    expect(keywordsOf({ subjects: [{ subject: ':unavailable data' }, { subject: 'null' }] } as DataCiteAttributes)).toEqual([':unavailable data', 'null']);
  });
});
