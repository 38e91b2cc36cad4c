/** A small DataCite record factory for citation and export tests. */
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';

export function dataciteRecord(overrides: Partial<DataCiteAttributes> = {}): DataCiteAttributes {
  return {
    doi: '10.5072/APERTURE.LYSO-001',
    creators: [
      {
        name: 'Garcia, Ana',
        nameType: 'Personal',
        givenName: 'Ana',
        familyName: 'Garcia',
        nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID' }],
        affiliation: [{ name: 'Example Synchrotron', affiliationIdentifier: 'https://ror.org/02mhbdp94', affiliationIdentifierScheme: 'ROR' }],
      },
      { name: 'Aperture Beamline Team', nameType: 'Organizational' },
    ],
    titles: [{ title: 'Lysozyme rotation data at 100 K' }, { title: 'Subtitle here', titleType: 'Subtitle' }],
    publisher: { name: 'Example Synchrotron Data Archive', publisherIdentifier: 'https://ror.org/02mhbdp94', publisherIdentifierScheme: 'ROR' },
    publicationYear: 2024,
    types: { resourceTypeGeneral: 'Dataset', resourceType: 'X-ray diffraction images' },
    subjects: [{ subject: 'macromolecular crystallography' }, { subject: 'lysozyme' }],
    dates: [{ date: '2024-03-01', dateType: 'Issued' }, { date: '2023-11-02/2023-11-03', dateType: 'Collected' }],
    language: 'en',
    version: '1.0',
    rightsList: [
      {
        rights: 'Creative Commons Attribution 4.0 International',
        rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode',
        rightsIdentifier: 'cc-by-4.0',
        rightsIdentifierScheme: 'SPDX',
      },
    ],
    descriptions: [
      { description: 'Rotation diffraction images of hen egg-white lysozyme collected at 100 K on a pixel-array detector.', descriptionType: 'Abstract' },
    ],
    fundingReferences: [{ funderName: 'European Commission', funderIdentifier: 'https://doi.org/10.13039/501100000780', funderIdentifierType: 'Crossref Funder ID' }],
    ...overrides,
  };
}

/** Strings that must come out inert wherever metadata is rendered. */
export const HOSTILE = {
  script: '</script><script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  js: 'javascript:alert(1)',
};

export function hostileRecord(): DataCiteAttributes {
  return dataciteRecord({
    titles: [{ title: `Evil ${HOSTILE.script} ${HOSTILE.img} ${HOSTILE.js}` }],
    creators: [
      { name: `${HOSTILE.img}, ${HOSTILE.script}`, nameType: 'Personal', familyName: HOSTILE.img, givenName: HOSTILE.script },
      { name: `${HOSTILE.js} Lab`, nameType: 'Organizational' },
    ],
    publisher: HOSTILE.script,
  });
}

import type { ExperimentRecord } from '../../../src/record/types.ts';

export function experimentRecord(overrides: Partial<ExperimentRecord> = {}, attrs: Partial<DataCiteAttributes> = {}): ExperimentRecord {
  const datacite = dataciteRecord(attrs);
  return {
    id: 'lyso-001',
    doi: datacite.doi.toLowerCase(),
    slug: '10.5072/aperture.lyso-001',
    datacite,
    descriptionMarkdown: null,
    release: { state: 'released', releasedOn: '2024-03-01', filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null },
    facility: 'Example Synchrotron',
    instrument: 'ID99',
    technique: { name: 'macromolecular crystallography', panet: 'PaNET01245' },
    proposal: 'MX-1234',
    collected: { start: '2023-11-02', end: '2023-11-03' },
    datasets: [],
    digest: 'd1',
    files: { datacite: null, experiment: null, description: null },
    ...overrides,
  };
}
