/**
 * A subject registered from a vocabulary keeps its vocabulary in every output: the page links
 * the term (http/https only) and names its scheme, the JSON-LD states a DefinedTerm, DCAT the
 * term's IRI. A free keyword stays plain text everywhere.
 */
import { describe, expect, test } from 'vitest';
import { toLandingPage } from '../../../src/model/landing.ts';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { dcatDataset } from '../../../src/exports/dcat.ts';
import type { StagedRecord } from '../../../src/exports/record-dump.ts';
import type { Subject } from '../../../src/datacite/types.ts';
import { experimentRecord, HOSTILE } from '../citation/factory.ts';

const FOS = 'Fields of Science and Technology (FOS)';
const FOS_URI = 'http://www.oecd.org/science/inno/38235147.pdf';
const subjects: Subject[] = [
  { subject: 'lysozyme' },
  { subject: 'FOS: Physical sciences', subjectScheme: FOS, schemeUri: FOS_URI, valueUri: 'https://w3id.org/oecd/fos/103', classificationCode: '1.3' },
  { subject: '000 Computer science', subjectScheme: 'Australian and New Zealand Standard Research Classification (ANZSRC), 2020', classificationCode: '4601' },
  { subject: 'hostile term', subjectScheme: 'X', schemeUri: HOSTILE.js, valueUri: HOSTILE.js },
];
const record = experimentRecord({}, { subjects });

describe('subjects with their vocabulary', () => {
  test('the page links a term to its http(s) URI and labels its scheme by its acronym', () => {
    const page = toLandingPage(record, { siteUrl: 'https://data.example.org', publicBaseUrl: null, filesPerPage: 50, now: '2026-11-01T00:00:00Z' } as never);
    expect(page.keywords).toEqual(['lysozyme', 'FOS: Physical sciences', '000 Computer science', 'hostile term']);
    expect(page.subjects).toEqual([
      { name: 'lysozyme', url: null, scheme: null, lang: null },
      { name: 'FOS: Physical sciences', url: 'https://w3id.org/oecd/fos/103', scheme: 'FOS', lang: null },
      { name: '000 Computer science', url: null, scheme: 'ANZSRC', lang: null },
      // A javascript: URI is never a link.
      { name: 'hostile term', url: null, scheme: 'X', lang: null },
    ]);
  });

  test('the JSON-LD keeps free keywords as text and states a vocabulary term as a DefinedTerm', () => {
    const ld = toSchemaOrg(record, { landingUrl: 'https://data.example.org/x/', catalogueName: 'A', catalogueUrl: 'https://data.example.org/', datasetSummaries: [] });
    expect(ld.keywords).toEqual([
      'lysozyme',
      { '@type': 'DefinedTerm', name: 'FOS: Physical sciences', termCode: '1.3', url: 'https://w3id.org/oecd/fos/103', inDefinedTermSet: { '@type': 'DefinedTermSet', name: FOS, url: FOS_URI } },
      { '@type': 'DefinedTerm', name: '000 Computer science', termCode: '4601', inDefinedTermSet: { '@type': 'DefinedTermSet', name: 'Australian and New Zealand Standard Research Classification (ANZSRC), 2020' } },
      { '@type': 'DefinedTerm', name: 'hostile term', inDefinedTermSet: { '@type': 'DefinedTermSet', name: 'X' } },
    ]);
  });

  test('DCAT states each term URI as dct:subject beside the keywords', () => {
    const doi = '10.5072/aperture.lyso-001';
    const dump = { doi, doiUrl: `https://doi.org/${doi}`, url: `https://x.example/doi/${doi}/`, state: 'released', attributes: record.datacite, aperture: { lastModified: null, datasets: [], metadata: {}, collected: { start: null, end: null } } };
    const node = dcatDataset({ dump, slug: doi, path: '/', title: 'T', description: 'D', creators: [], keywords: ['lysozyme'], publisher: 'P', licenceUrl: null, released: '2025', datasetPages: [] } as unknown as StagedRecord);
    expect(node['dct:subject']).toEqual([{ '@id': 'https://w3id.org/oecd/fos/103' }]);
  });
});
