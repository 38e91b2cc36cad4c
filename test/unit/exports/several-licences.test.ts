/**
 * A record that registers several licences (its data's and its software's) names all of them
 * where a list is honest (page, JSON-LD `license`, DCAT `dct:license`) and the record's licence
 * alone where one is expected (rel="license" in the head and the Link Set). An access statement
 * (info:eu-repo/semantics/openAccess) is not a licence anywhere.
 */
import { describe, expect, test } from 'vitest';
import { toLandingPage, licenceModel } from '../../../src/model/landing.ts';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { dcatDataset } from '../../../src/exports/dcat.ts';
import { signpostingLinks } from '../../../src/build/record-head.ts';
import type { StagedRecord } from '../../../src/exports/record-dump.ts';
import { licenceOf } from '../../../src/record/licence.ts';
import { experimentRecord } from '../citation/factory.ts';

const CC_BY = 'https://spdx.org/licenses/CC-BY-4.0';
const MIT = 'https://spdx.org/licenses/MIT';
const record = experimentRecord({}, {
  rightsList: [
    { rights: 'info:eu-repo/semantics/openAccess', rightsUri: 'info:eu-repo/semantics/openAccess' },
    { rights: 'Software: MIT License', rightsUri: 'https://opensource.org/licenses/MIT' },
    { rights: 'Creative Commons Attribution 4.0', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode' },
    { rights: 'Facility terms of use' },
    { rights: 'CC BY 4.0 again', rightsUri: 'http://creativecommons.org/licenses/by/4.0/' },
  ],
});

describe('a record with several licences', () => {
  test('the page names the record licence and then the others, the access statement in neither', () => {
    const page = toLandingPage(record, { siteUrl: 'https://data.example.org', licence: licenceModel(licenceOf(record.datacite)), publicBaseUrl: null, filesPerPage: 50, now: '2026-11-01T00:00:00Z' } as never);
    expect(page.licence?.url).toBe(MIT);
    expect(page.otherLicences?.map((l) => l.url ?? l.name)).toEqual([CC_BY, 'Facility terms of use']);
  });

  test('the JSON-LD license is the list, the record licence first; a licence without an address is a named CreativeWork', () => {
    const ld = toSchemaOrg(record, { landingUrl: 'https://data.example.org/x/', catalogueName: 'A', catalogueUrl: 'https://data.example.org/', datasetSummaries: [] });
    expect(ld.license).toEqual([MIT, CC_BY, { '@type': 'CreativeWork', name: 'Facility terms of use' }]);
  });

  test('DCAT states every licence IRI on the dataset; head and Link Set keep one rel="license"', () => {
    const doi = '10.5072/aperture.lyso-001';
    const dump = { doi, doiUrl: `https://doi.org/${doi}`, url: `https://x.example/doi/${doi}/`, state: 'released', attributes: record.datacite, aperture: { lastModified: null, datasets: [], metadata: {}, collected: { start: null, end: null } } };
    const node = dcatDataset({ dump, slug: doi, path: '/', title: 'T', description: 'D', creators: [], keywords: [], publisher: 'P', licenceUrl: MIT, released: '2025', datasetPages: [] } as unknown as StagedRecord);
    expect(node['dct:license']).toEqual([{ '@id': MIT }, { '@id': CC_BY }]);
    const links = signpostingLinks(record, 'https://data.example.org', licenceOf(record.datacite));
    expect(links.filter((l) => l.rel === 'license').map((l) => l.href)).toEqual([MIT]);
  });
});
