import { describe, expect, test } from 'vitest';
import { DiagnosticSink, type Diagnostic } from '../../../src/diagnostics/diagnostic.ts';
import { CODES } from '../../../src/diagnostics/codes.ts';
import { VALIDATE_CODES } from '../../../src/validate/codes.ts';
import { checkDoiUniqueness, validateDataCite } from '../../../src/validate/datacite.ts';
import { isDataCiteDate } from '../../../src/validate/dates.ts';
import { hostileLinksSpec, UNSAFE_LINKS } from '../../helpers/catalogue-fixtures.ts';

/** A minimal record that passes with no diagnostics at all; tests mutate a fresh copy. */
function record(): Record<string, any> {
  return {
    doi: '10.5072/aperture-test-1',
    creators: [
      {
        name: 'Garman, Elspeth',
        nameType: 'Personal',
        givenName: 'Elspeth',
        familyName: 'Garman',
        nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
        affiliation: [{ name: 'ESRF', affiliationIdentifier: 'https://ror.org/02550n020', affiliationIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' }],
      },
    ],
    titles: [{ title: 'Rotation data of lysozyme at 100 K' }],
    publisher: 'European Synchrotron Radiation Facility',
    publicationYear: 2024,
    types: { resourceTypeGeneral: 'Dataset', resourceType: 'Raw diffraction images' },
    dates: [{ date: '2024-03-01/2024-03-03', dateType: 'Collected' }],
    relatedIdentifiers: [
      { relatedIdentifier: '10.2210/pdb1abc/pdb', relatedIdentifierType: 'DOI', relationType: 'IsSourceOf' },
      { relatedIdentifier: '31234567', relatedIdentifierType: 'PMID', relationType: 'IsCitedBy' },
    ],
    rightsList: [{ rights: 'Creative Commons Attribution 4.0 International', rightsIdentifier: 'cc-by-4.0', rightsIdentifierScheme: 'SPDX', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode' }],
    descriptions: [{ description: 'Diffraction images of hen egg-white lysozyme crystals collected on a rotation beamline at 100 K.', descriptionType: 'Abstract' }],
  };
}

function run(attrs: unknown): { result: unknown; list: Diagnostic[]; codes: string[] } {
  const sink = new DiagnosticSink([], { record: 'exp-1', file: 'exp-1/datacite.json' });
  const result = validateDataCite(attrs, sink);
  return { result, list: sink.list, codes: sink.list.map((d) => d.code) };
}

/** The one mutation per code; each must produce that code at that pointer. */
const cases: Array<[code: string, pointer: string, mutate: (r: Record<string, any>) => void]> = [
  ['datacite/schema', '/types/resourceTypeGeneral', (r) => (r.types.resourceTypeGeneral = 'Datset')],
  ['datacite/doi-syntax', '/doi', (r) => (r.doi = '10.12/x')],
  // A Kelvin sign (U+212A) looks like K: the DOI would imitate 10.5072/k… .
  ['datacite/language', '/language', (r) => (r.language = 'en US')],
  ['datacite/language-underscore', '/language', (r) => (r.language = 'en_US')],
  ['doi/non-ascii', '/doi', (r) => (r.doi = '10.5072/\u212Aelvin')],
  ['identifier/doi-syntax', '/relatedIdentifiers/0/relatedIdentifier', (r) => (r.relatedIdentifiers[0].relatedIdentifier = 'doi-less')],
  ['identifier/orcid-syntax', '/creators/0/nameIdentifiers/0/nameIdentifier', (r) => (r.creators[0].nameIdentifiers[0].nameIdentifier = '0000-0002-1825')],
  ['identifier/orcid-checksum', '/creators/0/nameIdentifiers/0/nameIdentifier', (r) => (r.creators[0].nameIdentifiers[0].nameIdentifier = '0000-0002-1825-0098')],
  ['identifier/ror-syntax', '/creators/0/affiliation/0/affiliationIdentifier', (r) => (r.creators[0].affiliation[0].affiliationIdentifier = 'https://ror.org/12abcde34')],
  ['identifier/ror-checksum', '/creators/0/affiliation/0/affiliationIdentifier', (r) => (r.creators[0].affiliation[0].affiliationIdentifier = 'https://ror.org/02550n021')],
  ['identifier/pdb-syntax', '/relatedIdentifiers/0/relatedIdentifier', (r) => (r.relatedIdentifiers[0] = { relatedIdentifier: 'https://www.rcsb.org/structure/ABCD', relatedIdentifierType: 'URL', relationType: 'IsSourceOf' })],
  ['identifier/pmid-syntax', '/relatedIdentifiers/1/relatedIdentifier', (r) => (r.relatedIdentifiers[1].relatedIdentifier = 'PMC123')],
  ['identifier/pmcid-syntax', '/relatedIdentifiers/1/relatedIdentifier', (r) => (r.relatedIdentifiers[1] = { relatedIdentifier: 'https://pmc.ncbi.nlm.nih.gov/articles/123/', relatedIdentifierType: 'URL', relationType: 'IsCitedBy' })],
  ['identifier/issn-checksum', '/relatedIdentifiers/0/relatedIdentifier', (r) => (r.relatedIdentifiers[0] = { relatedIdentifier: '0317-8472', relatedIdentifierType: 'ISSN', relationType: 'IsPublishedIn' })],
  ['link/unsafe-scheme', '/rightsList/0/rightsUri', (r) => (r.rightsList[0].rightsUri = 'javascript:alert(1)')],
  ['link/not-http', '/relatedIdentifiers/0/relatedIdentifier', (r) => (r.relatedIdentifiers[0] = { relatedIdentifier: 'ftp://ftp.example.org/data', relatedIdentifierType: 'URL', relationType: 'References' })],
  ['link/invalid', '/subjects/0/valueUri', (r) => (r.subjects = [{ subject: 'X-ray crystallography', valueUri: 'not a url' }])],
  ['date/invalid', '/dates/0/date', (r) => (r.dates[0].date = '2024-02-30')],
  ['funding/funder-name-missing', '/fundingReferences/0/funderName', (r) => (r.fundingReferences = [{ funderIdentifier: 'https://ror.org/04wxnsj81', funderIdentifierType: 'ROR' }])],
  ['affiliation/name-missing', '/creators/0/affiliation/0/name', (r) => (r.creators[0].affiliation = [{ affiliationIdentifier: 'https://ror.org/02550n020', affiliationIdentifierScheme: 'ROR' }])],
  ['contributor/role-missing', '/contributors/0/contributorType', (r) => (r.contributors = [{ name: 'ESRF', nameType: 'Organizational' }])],
  ['identifier/alternate-type-missing', '/alternateIdentifiers/0/alternateIdentifierType', (r) => (r.alternateIdentifiers = [{ alternateIdentifier: 'MX-42' }])],
  ['geo/out-of-range', '/geoLocations/0/geoLocationPoint/pointLatitude', (r) => (r.geoLocations = [{ geoLocationPoint: { pointLongitude: 5.7, pointLatitude: 145.2 } }])],
  ['licence/missing', '/rightsList', (r) => delete r.rightsList],
  ['licence/not-spdx', '/rightsList/0', (r) => (r.rightsList = [{ rights: 'Facility data policy', rightsUri: 'https://www.esrf.fr/datapolicy' }])],
  ['licence/unknown', '/rightsList/0/rightsIdentifier', (r) => (r.rightsList[0].rightsIdentifier = 'cc-by-5.0')],
  ['description/missing', '/descriptions', (r) => (r.descriptions = [])],
  ['description/length', '/descriptions/0/description', (r) => (r.descriptions[0].description = 'Too short.')],
  ['datacite/legacy-form', '/creators/0/nameType', (r) => (r.creators[0].nameType = 'personal')],
  ['datacite/value-left-out', '', (r) => (r.creators[0].nameIdentifiers[0].nameIdentifier = '0000-0002-1825-0098')],
];

/** What a landing page cannot do without: errors there withhold the record; elsewhere the value is left out. */
const ESSENTIAL = /^\/(doi|publisher|publicationYear|titles|creators|types)$/;

describe('validateDataCite', () => {
  test('the factory record is valid with no diagnostics', () => {
    const { result, list } = run(record());
    expect(list).toEqual([]);
    expect(result).not.toBeNull();
  });

  test('every VALIDATE code is exercised here and registered', () => {
    const covered = new Set(cases.map(([code]) => code));
    for (const code of Object.keys(VALIDATE_CODES)) {
      if (code === 'doi/duplicate') continue; // catalogue-wide: checkDoiUniqueness below
      if (code === 'date/future-publication') continue; // needs the release date: test/unit/record/reading.test.ts
      expect(covered.has(code), code).toBe(true);
      expect(CODES).toHaveProperty([code]);
    }
  });

  test.each(cases)('%s at %s', (code, pointer, mutate) => {
    const r = record();
    mutate(r);
    const { result, list } = run(r);
    const found = list.find((d) => d.code === code);
    expect(found, JSON.stringify(list)).toBeDefined();
    expect(found!.pointer ?? '').toBe(pointer);
    expect(found!.record).toBe('exp-1');
    expect(found!.file).toBe('exp-1/datacite.json');
    expect(found!.hint).toBeTruthy();
    // Errors where a landing page needs the value withhold the record; elsewhere the record
    // is published without the faulty value, and says so.
    expect(result === null).toBe(found!.severity === 'error' && ESSENTIAL.test(pointer));
    if (found!.severity === 'error' && result !== null) {
      expect(list.find((d) => d.code === 'datacite/value-left-out')?.message).toContain(pointer);
    }
  });

  test('an ORCID or ROR under a scheme named by its home page (https://orcid.org/) is checked as one, as it is read as one', () => {
    const r = record();
    r.creators[0].nameIdentifiers = [{ nameIdentifier: '0000-0002-1825-0098', nameIdentifierScheme: 'https://orcid.org/' }];
    r.creators.push({ name: 'ESRF', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: '02550n021', nameIdentifierScheme: 'https://ror.org' }] });
    r.creators[0].affiliation = [{ name: 'A', affiliationIdentifier: '02550n021', affiliationIdentifierScheme: 'https://ror.org/' }, { name: 'B', affiliationIdentifier: '02550n021' }];
    // A funder's bare id is not read as ROR without its type, so it is not checked as one.
    r.fundingReferences = [{ funderName: 'F', funderIdentifier: '02550n021' }];
    const { result, list, codes } = run(r);
    expect(codes).toEqual(expect.arrayContaining(['identifier/orcid-checksum', 'identifier/ror-checksum']));
    expect(list.filter((d) => d.code === 'identifier/ror-checksum').map((d) => d.pointer).sort()).toEqual([
      '/creators/0/affiliation/0/affiliationIdentifier', '/creators/0/affiliation/1/affiliationIdentifier', '/creators/1/nameIdentifiers/0/nameIdentifier',
    ]);
    // Left out, so no page links the mistyped iD.
    expect((result as Record<string, any>).creators[0].nameIdentifiers).toEqual([]);
  });

  test('a faulty value is left out of the published record', () => {
    const r = record();
    r.creators[0].nameIdentifiers[0].nameIdentifier = '0000-0002-1825-0098';
    r.rightsList[0].rightsUri = 'javascript:alert(1)';
    r.geoLocations = [{ geoLocationPoint: { pointLongitude: 5.7, pointLatitude: 145.2 } }];
    const { result, list } = run(r);
    const out = result as Record<string, any>;
    expect(out.creators[0].nameIdentifiers).toEqual([]);
    expect(out.creators[0].name).toBe('Garman, Elspeth');
    expect(out.rightsList[0].rightsUri).toBeUndefined();
    expect(out.rightsList[0].rightsIdentifier).toBe('cc-by-4.0');
    expect(out.geoLocations).toEqual([]);
    expect(list.filter((d) => d.severity === 'error').length).toBeGreaterThanOrEqual(3);
  });

  test('an unsafe link labelled ORCID or ROR, or in a link property no check names, is an unsafe link and is left out', () => {
    const r = record();
    r.creators[0].nameIdentifiers[0].nameIdentifier = 'javascript:alert(1)';
    r.creators[0].affiliation[0].affiliationIdentifier = 'data:text/html,x';
    r.rightsList[0].rightsIdentifier = 'vbscript:msgbox(1)';
    r.rightsList[0].rightsIdentifierScheme = null;
    const { result, list } = run(r);
    expect(list.filter((d) => d.code === 'link/unsafe-scheme').map((d) => d.pointer)).toEqual([
      '/creators/0/nameIdentifiers/0/nameIdentifier',
      '/creators/0/affiliation/0/affiliationIdentifier',
      '/rightsList/0/rightsIdentifier',
    ]);
    expect(list.filter((d) => d.code === 'identifier/orcid-syntax' || d.code === 'identifier/ror-syntax')).toEqual([]);
    expect(JSON.stringify(result)).not.toMatch(/javascript:|data:|vbscript:/);
  });

  test('kernel 2–3 forms are read under their own rules', () => {
    const r = record();
    r.dates = [{ date: '2024-03-01', dateType: 'StartDate' }, { date: '2024-03-03', dateType: 'EndDate' }];
    r.contributors = [{ name: 'European Research Council', contributorType: 'Funder' }];
    r.relatedIdentifiers.push({ relatedIdentifierType: 'DOI', relationType: 'References' });
    r.creators[0].nameType = 'personal';
    const { result, list } = run(r);
    const out = result as Record<string, any>;
    expect(list.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.dates).toEqual([{ date: '2024-03-01/2024-03-03', dateType: 'Collected' }]);
    expect(out.fundingReferences).toEqual([{ funderName: 'European Research Council' }]);
    expect(out.contributors).toEqual([]);
    expect(out.relatedIdentifiers).toHaveLength(2);
    expect(out.creators[0].nameType).toBe('Personal');
    expect(list.filter((d) => d.code === 'datacite/legacy-form')).toHaveLength(4);
  });

  test('controlled-list values spelt in another case or with spaces are read in the list\'s spelling, not left out', () => {
    const r = record();
    r.types.resourceTypeGeneral = 'dataset';
    r.relatedIdentifiers = [{ relatedIdentifier: '10.1107/S1', relatedIdentifierType: 'doi', relationType: 'isSupplementTo', resourceTypeGeneral: 'Journal Article' }];
    r.dates = [{ date: '2024-03-01/2024-03-03', dateType: 'collected' }];
    r.descriptions[0].descriptionType = 'abstract';
    r.fundingReferences = [{ funderName: 'EC', funderIdentifier: '10.13039/501100000780', funderIdentifierType: 'crossref funder id' }];
    r.relatedItems = [{ relationType: 'ispublishedin', relatedItemType: 'journalArticle', titles: [{ title: 'A paper' }], relatedItemIdentifier: { relatedItemIdentifier: '0317-8471', relatedItemIdentifierType: 'issn' } }];
    const { result, list } = run(r);
    const out = result as Record<string, any>;
    expect(list.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.types.resourceTypeGeneral).toBe('Dataset');
    expect(out.relatedIdentifiers[0]).toMatchObject({ relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo', resourceTypeGeneral: 'JournalArticle' });
    expect(out.dates[0].dateType).toBe('Collected');
    expect(out.descriptions[0].descriptionType).toBe('Abstract');
    expect(out.fundingReferences[0].funderIdentifierType).toBe('Crossref Funder ID');
    expect(out.relatedItems[0]).toMatchObject({ relationType: 'IsPublishedIn', relatedItemType: 'JournalArticle', relatedItemIdentifier: { relatedItemIdentifierType: 'ISSN' } });
    expect(list.filter((d) => d.code === 'datacite/legacy-form').map((d) => d.pointer)).toContain('/relatedIdentifiers/0/relationType');
    // A value of no list stays an error.
    r.types.resourceTypeGeneral = 'Datset';
    expect(run(r).codes).toContain('datacite/schema');
  });

  test('a person written with givenName/familyName and no name is kept, named "Family, Given"', () => {
    const r = record();
    r.creators = [{ givenName: 'Elspeth', familyName: 'Garman', nameType: 'Personal' }, { familyName: 'Weik' }, ...r.creators];
    r.contributors = [{ givenName: 'Gordon', familyName: 'Leonard', contributorType: 'DataCollector' }];
    r.relatedItems = [{ relationType: 'IsPublishedIn', relatedItemType: 'JournalArticle', titles: [{ title: 'A paper' }], creators: [{ givenName: 'Ada', familyName: 'Lovelace' }] }];
    const { result, list } = run(r);
    const out = result as Record<string, any>;
    expect(list.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.creators.map((c: { name: string }) => c.name)).toEqual(['Garman, Elspeth', 'Weik', r.creators[2].name]);
    expect(out.contributors[0].name).toBe('Leonard, Gordon');
    expect(out.relatedItems[0].creators[0].name).toBe('Lovelace, Ada');
  });

  test('a record without what a landing page needs is withheld', () => {
    const mutations: Array<(r: Record<string, any>) => void> = [
      (r) => delete r.creators,
      (r) => (r.creators = [{ name: ' ', nameType: 'Organizational' }]), // the only creator's name is unusable
      (r) => (r.titles = []),
      (r) => (r.titles = [{ title: '' }]),
      (r) => (r.publisher = { publisherIdentifier: 'https://ror.org/02550n020' }),
      (r) => (r.publicationYear = 'soon'),
      (r) => delete r.types,
    ];
    for (const mutate of mutations) {
      const r = record();
      mutate(r);
      expect(run(r).result).toBeNull();
    }
  });

  test('an unsafe URL in every link field: the record is published without them, each reported once at its pointer', () => {
    const { result, list } = run(hostileLinksSpec().datacite);
    expect(result).not.toBeNull();
    const unsafe = list.filter((d) => d.code === 'link/unsafe-scheme').map((d) => d.pointer);
    expect(unsafe.sort()).toEqual(Object.keys(UNSAFE_LINKS).sort());
    // An ORCID or ROR that is an unsafe link is that, not an identifier shown as text.
    expect(list.filter((d) => d.code === 'identifier/orcid-syntax' || d.code === 'identifier/ror-syntax')).toEqual([]);
    const leftOut = list.filter((d) => d.code === 'datacite/value-left-out');
    expect(leftOut).toHaveLength(1);
    for (const pointer of Object.keys(UNSAFE_LINKS)) expect(leftOut[0]!.message).toContain(`${pointer},`);
    expect(JSON.stringify(result)).not.toMatch(/xunsafe/);
    const out = result as Record<string, any>;
    // What was around the unsafe values stays.
    expect(out.creators[0].name).toBe('Carberry, Josiah');
    expect(out.creators[0].affiliation[0].name).toBe('Fixture Institute');
    expect(out.publisher.name).toBe('Fixture Publisher');
    expect(out.fundingReferences[0]).toMatchObject({ funderName: 'Funder', awardNumber: 'A-1' });
    expect(out.relatedItems[0].titles).toEqual([{ title: 'Journal of Fixtures' }]);
  });

  /** Other faults the schema reports, in optional objects: each leaves out what it spoils (and only that), never the record. */
  const optionalFaults: Array<[what: string, mutate: (r: Record<string, any>) => void, kept: (out: Record<string, any>) => void]> = [
    ['a wrong type in a required property of a name identifier', (r) => (r.creators[0].nameIdentifiers[0].nameIdentifierScheme = 5), (o) => expect(o.creators[0].nameIdentifiers).toEqual([])],
    ['an empty related item identifier', (r) => (r.relatedItems = [{ relationType: 'IsPublishedIn', relatedItemType: 'Journal', relatedItemIdentifier: { relatedItemIdentifier: '', relatedItemIdentifierType: 'URL' }, titles: [{ title: 'J' }] }]), (o) => expect(o.relatedItems).toEqual([{ relationType: 'IsPublishedIn', relatedItemType: 'Journal', titles: [{ title: 'J' }] }])],
    ['a wrong enum value in a funding reference', (r) => (r.fundingReferences = [{ funderName: 'F', funderIdentifier: 'https://ror.org/02550n020', funderIdentifierType: 'Nope' }]), (o) => expect(o.fundingReferences[0].funderName).toBe('F')],
    ['an object where an award URI should be', (r) => (r.fundingReferences = [{ funderName: 'F', awardUri: {} }]), (o) => expect(o.fundingReferences).toEqual([{ funderName: 'F' }])],
    // With no identifier either, nothing is left to say which organisation it is (one with an identifier is kept: affiliation/name-missing).
    ['an empty affiliation name', (r) => (r.creators[0].affiliation[0] = { name: '' }), (o) => expect(o.creators[0].affiliation).toEqual([])],
    ['a number as the record URL', (r) => (r.url = 5), (o) => expect(o.url).toBeUndefined()],
    ['an unsafe record URL (the site makes the page itself)', (r) => (r.url = 'javascript:alert(1)'), (o) => expect(o.url).toBeUndefined()],
    ['an unsafe identifier in the REST identifiers list', (r) => (r.identifiers = [{ identifier: 'javascript:alert(1)', identifierType: 'URL' }]), (o) => expect(o.identifiers).toEqual([])],
  ];
  test.each(optionalFaults)('%s: published without it', (_what, mutate, kept) => {
    const r = record();
    mutate(r);
    const { result, list } = run(r);
    expect(list.some((d) => d.severity === 'error')).toBe(true);
    expect(result, JSON.stringify(list)).not.toBeNull();
    expect((result as Record<string, any>).creators[0].name).toBe('Garman, Elspeth');
    kept(result as Record<string, any>);
  });

  test('severities follow the policy', () => {
    const severity = (code: keyof typeof VALIDATE_CODES) => VALIDATE_CODES[code].severity;
    for (const code of ['datacite/schema', 'datacite/doi-syntax', 'doi/duplicate', 'identifier/orcid-checksum', 'identifier/ror-checksum', 'identifier/issn-checksum', 'link/unsafe-scheme'] as const) {
      expect(severity(code)).toBe('error');
    }
    for (const code of ['licence/missing', 'licence/not-spdx', 'description/missing', 'description/length', 'identifier/orcid-syntax', 'identifier/ror-syntax'] as const) {
      expect(severity(code)).toBe('warning');
    }
  });

  test('a bad identifier of a related resource is a warning; the same check on the record itself is an error', () => {
    const related = record();
    related.relatedIdentifiers[0] = { relatedIdentifier: '0317-8472', relatedIdentifierType: 'ISSN', relationType: 'IsPublishedIn' };
    const a = run(related);
    expect(a.list.find((d) => d.code === 'identifier/issn-checksum')?.severity).toBe('warning');
    expect(a.result).not.toBeNull();
    const own = record();
    own.alternateIdentifiers = [{ alternateIdentifier: '0317-8472', alternateIdentifierType: 'ISSN' }];
    const b = run(own);
    expect(b.list.find((d) => d.code === 'identifier/issn-checksum')?.severity).toBe('error');
    // published, without the faulty identifier
    expect((b.result as Record<string, any>).alternateIdentifiers).toEqual([]);
  });

  test('an object where a string or an object is allowed gets one message, from the object branch', () => {
    // DataCite 4.5's publisher is a string or {name, publisherIdentifier, …}; a real record gives the identifier without a name.
    const r = record();
    r.publisher = { publisherIdentifier: 'https://ror.org/04wxnsj81' };
    const schema = run(r).list.filter((d) => d.code === 'datacite/schema');
    expect(schema.map((d) => [d.pointer, d.message])).toEqual([['/publisher/name', 'publisher.name is required but missing']]);
  });

  test('schema messages are readable and point at the property', () => {
    const r = record();
    r.publisher = 12;
    delete r.titles;
    r.creators[0].affiliations = ['typo'];
    const { list } = run(r);
    const byPointer = Object.fromEntries(list.filter((d) => d.code === 'datacite/schema').map((d) => [d.pointer, d.message]));
    expect(byPointer['/publisher']).toBe('publisher must be string or object, not 12');
    expect(byPointer['/titles']).toBe('titles is required but missing');
    expect(byPointer['/creators/0/affiliations']).toMatch(/not a DataCite property/);
  });

  test('a value of only white space, invisible characters (zero-width spaces, a byte-order mark, Hangul fillers) or combining marks with no letter is empty', () => {
    for (const blank of ['\u200b\u200b\u200b', ' \ufeff ', '\u3164', '\u00ad\u2060', '\u0301\u0302 \u20dd']) {
      const r = record();
      r.titles = [{ title: blank }, { title: 'Lysozyme, second sweep', titleType: 'Subtitle' }];
      r.publisher = blank;
      const { list } = run(r);
      const byPointer = Object.fromEntries(list.filter((d) => d.code === 'datacite/schema').map((d) => [d.pointer, d.message]));
      expect(byPointer['/titles/0/title']).toBe('titles.0.title must not be empty');
      expect(byPointer['/publisher']).toMatch(/must not be empty/);
    }
    // Visible text that holds such characters is text.
    const r = record();
    r.titles = [{ title: 'Lyso\u200bzyme \u00addata\u0301' }];
    expect(run(r).list.filter((d) => d.code === 'datacite/schema')).toEqual([]);
  });

  test('non-objects are schema errors, never exceptions', () => {
    for (const bad of [null, 42, 'text', [], { doi: 5 }]) {
      const { result, codes } = run(bad);
      expect(result).toBeNull();
      expect(codes).toContain('datacite/schema');
    }
  });

  test('is liberal where the REST API is', () => {
    const r = record();
    r.publisher = { name: 'ESRF', publisherIdentifier: 'https://ror.org/02550n020', publisherIdentifierScheme: 'ROR' };
    r.publicationYear = '2024';
    r.creators[0].affiliation = ['ESRF'];
    r.language = null;
    r.version = null;
    r.titles[0].titleType = null;
    r.state = 'findable';
    r.xml = 'PD94bWw…';
    expect(run(r).list).toEqual([]);
  });

  test('hostile URLs are errors wherever they appear', () => {
    const r = record();
    r.fundingReferences = [{ funderName: 'X', awardUri: 'data:text/html,<script>alert(1)</script>' }];
    r.subjects = [{ subject: 'x', schemeUri: ' JAVASCRIPT:alert(1)' }];
    r.creators[0].nameIdentifiers.push({ nameIdentifier: 'javascript:alert(1)', nameIdentifierScheme: 'Other' });
    const { result, list } = run(r);
    // Published without any of them: no output can carry them.
    expect(JSON.stringify(result)).not.toMatch(/javascript:|data:text/i);
    expect(list.filter((d) => d.code === 'link/unsafe-scheme').map((d) => d.pointer).sort()).toEqual([
      '/creators/0/nameIdentifiers/1/nameIdentifier',
      '/fundingReferences/0/awardUri',
      '/subjects/0/schemeUri',
    ]);
  });

  test('OpenAIRE access statements are neither links nor licences', () => {
    const r = record();
    r.rightsList = [{ rights: 'Open Access', rightsUri: 'info:eu-repo/semantics/openAccess' }];
    expect(run(r).codes).toEqual(['licence/missing']);
  });

  test('a DOI written as a URL is an error with the bare form as hint', () => {
    const r = record();
    r.doi = 'https://doi.org/10.5072/ABC';
    const { list } = run(r);
    expect(list[0].code).toBe('datacite/doi-syntax');
    expect(list[0].hint).toContain('10.5072/abc');
  });
});

describe('DataCite dates', () => {
  test('accepts W3CDTF dates, date-times and RKMS ranges', () => {
    for (const d of ['2024', '2024-03', '2024-03-01', '2024-03-01T12:30:00Z', '2024-03-01T12:30+01:00', '2024-03-01T12:30:00.5Z', '2020/2024', '2024-03-01/2024-03-05', '2024-03/', '/2024', '-0500']) {
      expect(isDataCiteDate(d), d).toBe(true);
    }
  });
  test('rejects impossible or free-text dates', () => {
    for (const d of ['2024-13', '2023-02-29', '2024-03-01T25:00Z', 'March 2024', '/', '2020/2021/2022', '24-03-01']) {
      expect(isDataCiteDate(d), d).toBe(false);
    }
  });
});

describe('checkDoiUniqueness', () => {
  test('case-insensitive; the later records get the error', () => {
    const sink = new DiagnosticSink();
    checkDoiUniqueness(
      [
        { id: 'a', doi: '10.5072/ABC', file: 'a/datacite.json' },
        { id: 'b', doi: '10.5072/xyz', file: 'b/datacite.json' },
        { id: 'c', doi: '10.5072/abc', file: 'c/datacite.xml' },
        { id: 'd', doi: 'https://doi.org/10.5072/Abc', file: null },
      ],
      sink,
    );
    expect(sink.list.map((d) => [d.code, d.severity, d.record, d.file, d.pointer])).toEqual([
      ['doi/duplicate', 'error', 'c', 'c/datacite.xml', '/doi'],
      ['doi/duplicate', 'error', 'd', null, '/doi'],
    ]);
    expect(sink.list[0].message).toContain('record a');
  });
});
