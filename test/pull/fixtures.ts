/**
 * Small fixtures in the shapes recorded from the real APIs (../shared/records, RECORDED.md):
 * DataCite REST list pages with `links.next` that drops parameters, the ESRF session DOI
 * pattern (findable at once, `Available` three years on), SciCat PublishedData v3/v4,
 * MyTardis tastypie envelopes, ICAT entityManager wrapping. Built by code, not copied.
 */
import { createHash } from 'node:crypto';

/** DataCite REST `attributes` of a findable dataset DOI, in the affiliation=true&publisher=true form. */
export function dataciteAttributes(doi: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    doi,
    prefix: doi.split('/')[0],
    suffix: doi.split('/').slice(1).join('/'),
    identifiers: [],
    creators: [
      {
        name: 'Moreau, Élise',
        nameType: 'Personal',
        givenName: 'Élise',
        familyName: 'Moreau',
        nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
        affiliation: [{ name: 'European Synchrotron Radiation Facility', affiliationIdentifier: 'https://ror.org/02550n020', affiliationIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' }],
      },
    ],
    titles: [{ title: `Diffraction data for ${doi}` }],
    publisher: { name: 'European Synchrotron Radiation Facility', publisherIdentifier: 'https://ror.org/02550n020', publisherIdentifierScheme: 'ROR', schemeUri: 'https://ror.org/' },
    container: {},
    publicationYear: 2024,
    subjects: [],
    contributors: [],
    dates: [
      { date: '2024-02-10', dateType: 'Collected' },
      { date: '2024-02-14', dateType: 'Issued' },
    ],
    language: 'en',
    types: { ris: 'DATA', bibtex: 'misc', citeproc: 'dataset', schemaOrg: 'Dataset', resourceType: 'Diffraction images', resourceTypeGeneral: 'Dataset' },
    relatedIdentifiers: [],
    relatedItems: [],
    sizes: [],
    formats: [],
    version: null,
    rightsList: [{ rights: 'Creative Commons Attribution 4.0 International', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'cc-by-4.0', rightsIdentifierScheme: 'SPDX', schemeUri: 'https://spdx.org/licenses/' }],
    descriptions: [{ description: 'Rotation data, 900 frames.', descriptionType: 'Abstract' }],
    geoLocations: [],
    fundingReferences: [],
    url: `https://data.esrf.fr/doi/${doi}`,
    contentUrl: null,
    metadataVersion: 1,
    schemaVersion: 'http://datacite.org/schema/kernel-4',
    source: 'mds',
    isActive: true,
    state: 'findable',
    reason: null,
    viewCount: 0,
    downloadCount: 0,
    referenceCount: 0,
    citationCount: 0,
    partCount: 0,
    versionCount: 0,
    created: '2024-02-14T08:00:00.000Z',
    registered: '2024-02-14T08:00:01.000Z',
    published: '2024',
    updated: '2024-02-14T08:00:02.000Z',
    ...overrides,
  };
}

/** A DataCite REST list page: `links.next` keeps only client-id, page[cursor] and page[size] (it drops affiliation, publisher and query, as recorded). */
export function dataciteListPage(base: string, records: Array<Record<string, unknown>>, nextCursor: string | null, total: number, clientId = 'inist.esrf'): unknown {
  return {
    data: records.map((attributes) => ({ id: attributes.doi, type: 'dois', attributes, relationships: { client: { data: { id: clientId, type: 'clients' } } } })),
    meta: { total, totalPages: Math.ceil(total / Math.max(1, records.length)), page: 1 },
    links: {
      self: `${base}/dois?client-id=${clientId}&page[cursor]=1`,
      ...(nextCursor ? { next: `${base}/dois?client-id=${clientId}&page%5Bcursor%5D=${nextCursor}&page%5Bsize%5D=${records.length}` } : {}),
    },
  };
}

/** The cursor DataCite hands out: base64url of `created epoch ms,DOI`, unpadded. */
export function dataciteCursor(createdMs: number, doi: string): string {
  return Buffer.from(`${createdMs},${doi}`).toString('base64url');
}

/** A real SHA-256 (of a seed string that names the file, as the demo listings do). */
export const SHA = (seed: string): string => createHash('sha256').update(seed).digest('hex');
