/**
 * Hostile variants of one real DataCite record (DataCite's "all fields" example): each
 * changes one thing a registry lets through or a curator gets wrong: missing, empty or
 * duplicated fields, huge values, odd Unicode, organisations without given names, creators
 * known only by an identifier, licences as free text or several, rights URIs with odd
 * schemes, dates as ranges, publicationYear as string or number. Each gets its own DOI
 * under the test prefix so the build publishes it beside the original.
 */
type Attrs = Record<string, unknown>;

const ORCID = { nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' };
const ROR_AFF = { name: 'European Synchrotron Radiation Facility', affiliationIdentifier: 'https://ror.org/02550n020', affiliationIdentifierScheme: 'ROR' };
const PERSON = { name: 'Carberry, Josiah', nameType: 'Personal', givenName: 'Josiah', familyName: 'Carberry', nameIdentifiers: [ORCID], affiliation: [ROR_AFF] };
const ODD = 'Ǆemal \u202Eevil\u202C Åström e\u0301 \u{1F9EA}\u200D\u{1F52C} </script><!-- & "q" \u2028line';

const VARIANTS: Record<string, (a: Attrs) => void> = {
  'organisation-without-given-name': (a) => {
    a.creators = [
      { name: 'Fixture Consortium', nameType: 'Organizational', affiliation: [ROR_AFF] },
      { nameType: 'Organizational', familyName: 'Beamline Team' },
      { name: 'ESRF', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: '02550n020', nameIdentifierScheme: 'ROR' }] },
    ];
  },
  'creators-only-identifiers': (a) => {
    a.creators = [{ nameIdentifiers: [ORCID] }, PERSON, { nameType: 'Personal', nameIdentifiers: [ORCID], affiliation: [ROR_AFF] }];
  },
  'subject-with-semicolon': (a) => {
    a.subjects = [{ subject: 'Proteins; structure' }, { subject: 'X-ray;diffraction, powder' }, { subject: 'lysozyme' }];
  },
  'duplicated-fields': (a) => {
    a.creators = [PERSON, PERSON, PERSON];
    a.titles = [{ title: 'Twice' }, { title: 'Twice' }];
    a.subjects = [{ subject: 'same' }, { subject: 'same' }];
    a.rightsList = [{ rightsIdentifier: 'CC-BY-4.0', rightsIdentifierScheme: 'SPDX' }, { rightsIdentifier: 'CC-BY-4.0', rightsIdentifierScheme: 'SPDX' }];
    a.fundingReferences = [{ funderName: 'Twice Fund' }, { funderName: 'Twice Fund' }];
  },
  'empty-fields': (a) => {
    a.subjects = [{ subject: '' }, { subject: '   ' }];
    a.fundingReferences = [{ funderName: '' }];
    a.rightsList = [];
    a.version = '';
    a.language = '';
    a.relatedIdentifiers = [];
    a.contributors = [];
    a.creators = [{ name: '' }, PERSON, { name: ':unav' }];
  },
  'missing-optional-fields': (a) => {
    for (const k of ['subjects', 'contributors', 'dates', 'language', 'relatedIdentifiers', 'relatedItems', 'sizes', 'formats', 'version', 'rightsList', 'descriptions', 'geoLocations', 'fundingReferences', 'alternateIdentifiers', 'identifiers', 'container']) delete a[k];
  },
  'huge-values': (a) => {
    a.titles = [{ title: `Huge ${'title '.repeat(4000)}`.trim() }];
    a.creators = [{ ...PERSON, name: `${'Long'.repeat(500)}, Given`, familyName: 'Long'.repeat(500) }, ...Array.from({ length: 300 }, (_, i) => ({ name: `Member ${i}, A.`, nameType: 'Personal' }))];
    a.subjects = Array.from({ length: 400 }, (_, i) => ({ subject: `keyword ${i}` }));
  },
  'odd-unicode': (a) => {
    a.titles = [{ title: ODD }];
    a.creators = [{ name: `Ñoño, Jose\u0301 ${ODD}`, nameType: 'Personal', givenName: `Jose\u0301 ${ODD}`, familyName: 'Ñoño', affiliation: [{ name: `Universita\u0308t Zu\u0308rich ${ODD}` }] }];
    a.subjects = [{ subject: ODD }];
    a.version = `v1 ${ODD}`;
    a.fundingReferences = [{ funderName: `Fonds ${ODD}` }];
  },
  'licence-free-text': (a) => {
    a.rightsList = [{ rights: 'All rights reserved; reuse by written permission only.' }];
  },
  'several-licences': (a) => {
    a.rightsList = [
      { rights: 'info:eu-repo/semantics/openAccess' },
      { rights: 'Data: Creative Commons Attribution 4.0', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode' },
      { rights: 'Code', rightsIdentifier: 'MIT', rightsIdentifierScheme: 'SPDX' },
      { rights: 'Local terms', rightsUri: 'https://example.org/terms' },
    ];
  },
  'rights-uri-odd-schemes': (a) => {
    a.rightsList = [
      { rights: 'Terms', rightsUri: 'javascript:alert(1)' },
      { rights: 'FTP terms', rightsUri: 'ftp://example.org/licence.txt' },
      { rights: 'URN terms', rightsUri: 'urn:example:licence' },
    ];
  },
  'dates-as-ranges': (a) => {
    a.dates = [{ date: '2019-01-01/2020-01-01', dateType: 'Issued' }, { date: '2018-05-01/2018-06-01', dateType: 'Collected' }, { date: '2019-01-01/2020-01-01', dateType: 'Available' }];
  },
  'year-as-string': (a) => {
    a.publicationYear = '2019';
    a.dates = [];
  },
  'year-as-number': (a) => {
    a.publicationYear = 2019;
    a.dates = [];
  },
  'year-padded': (a) => {
    a.publicationYear = ' 2019 ';
    a.dates = [];
  },
  'language-by-name': (a) => {
    a.language = 'Deutsch';
  },
  'language-unknown': (a) => {
    a.language = 'xx-notalanguage';
  },
  // Identifiers as other repositories write them (read by the record core, src/record/agents.ts).
  'identifiers-written-elsewhere': (a) => {
    a.creators = [
      { ...PERSON, nameIdentifiers: [{ nameIdentifier: '0000 0002 1825 0097', nameIdentifierScheme: 'ORCID' }] },
      { name: 'Garcia, Ana', nameType: 'Personal', nameIdentifiers: [{ nameIdentifier: 'orcid.org/0000-0002-1694-233x', nameIdentifierScheme: 'https://orcid.org/' }], affiliation: [{ name: 'ESRF', affiliationIdentifier: '02550n020', affiliationIdentifierScheme: 'https://ror.org' }] },
      { name: 'ESRF', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: 'ror.org/02550n020', nameIdentifierScheme: 'ROR' }] },
    ];
  },
  'language-as-locale': (a) => {
    a.language = 'en_US';
    a.titles = [{ title: 'A title in a locale', lang: 'en_GB' }, { title: 'Ein Titel', lang: 'de_DE', titleType: 'TranslatedTitle' }];
  },
  // funderName is required: published without these (datacite/schema, datacite/value-left-out).
  'funders-only-identifiers': (a) => {
    a.fundingReferences = [
      { funderIdentifier: 'https://ror.org/00k4n6c32', funderIdentifierType: 'ROR', awardNumber: '101004728' },
      { funderIdentifier: '501100000780', funderIdentifierType: 'Crossref Funder ID' },
    ];
  },
  'related-kernel-4-7': (a) => {
    a.relatedIdentifiers = [
      { relatedIdentifier: '31253.11.sciencedb.13238', relatedIdentifierType: 'CSTR', relationType: 'Cites' },
      { relatedIdentifier: 'RRID:SCR_014641', relatedIdentifierType: 'RRID', relationType: 'References' },
      { relatedIdentifier: 'swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2', relatedIdentifierType: 'SWHID', relationType: 'IsSupplementTo' },
      { relatedIdentifier: 'https://raid.org/10.26259/5c43ca8f', relatedIdentifierType: 'RAiD', relationType: 'IsPartOf' },
      { relatedIdentifier: 'https://example.org/forum-2025', relatedIdentifierType: 'URL', relationType: 'Other', relationTypeInformation: 'was presented at' },
      { relatedIdentifier: 'not a cstr', relatedIdentifierType: 'CSTR', relationType: 'Cites' },
    ];
  },
  'related-odd': (a) => {
    a.relatedIdentifiers = [
      { relatedIdentifier: 'https://doi.org/10.1234/ABC', relatedIdentifierType: 'DOI', relationType: 'Cites' },
      { relatedIdentifier: 'doi:10.1234/def', relatedIdentifierType: 'DOI', relationType: 'References' },
      { relatedIdentifier: 'javascript:alert(1)', relatedIdentifierType: 'URL', relationType: 'Cites' },
      { relatedIdentifier: '2101.00001', relatedIdentifierType: 'arXiv', relationType: 'Cites' },
      { relatedIdentifier: '12345678', relatedIdentifierType: 'PMID', relationType: 'IsSupplementTo' },
      { relatedIdentifier: '20.500.12345/1', relatedIdentifierType: 'Handle', relationType: 'HasPart' },
      { relatedIdentifier: ' ', relatedIdentifierType: 'URL', relationType: 'Cites' },
    ];
  },
};

/** [name, attributes] for every variant of `base` (a REST `attributes` object). */
export function hostileVariants(base: Attrs): Array<[string, Attrs]> {
  return Object.entries(VARIANTS).map(([name, mutate]) => {
    const a = structuredClone(base);
    delete a.xml;
    a.doi = `10.5072/hostile-${name}`;
    delete a.prefix;
    delete a.suffix;
    mutate(a);
    return [name, a];
  });
}
