/**
 * Every kernel-4.7 relationType reaches every output that states relations: JSON-LD on the
 * schema.org property of the same meaning (or a `mentions` Role naming the relation) and DCAT
 * on its Dublin Core / DCAT property (or dct:relation). A new relationType, or a row dropped
 * from a table, fails here rather than vanishing from the outputs.
 */
import { describe, expect, test } from 'vitest';
import { DATACITE_ENUMS } from '../../../src/datacite/enums.ts';
import { SCHEMA_ORG_RELATIONS } from '../../../src/exports/schema-org-relations.ts';
import { toSchemaOrg, type JsonLd } from '../../../src/exports/schema-org.ts';
import { dcatDataset, DCAT_RELATIONS } from '../../../src/exports/dcat.ts';
import type { StagedRecord } from '../../../src/exports/record-dump.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';
import { experimentRecord } from '../citation/factory.ts';
import { signpostingLinks } from '../../../src/build/record-head.ts';
import { VERSION_RELS } from '../../../src/exports/signposting.ts';

const TARGET = '10.1107/S2059798324000001';
// DOIs are case-insensitive; the outputs write them in lower case.
const TARGET_URL = `https://doi.org/${TARGET.toLowerCase()}`;
const ctx = { landingUrl: 'https://x.example/', catalogueName: 'X', catalogueUrl: 'https://x.example/', datasetSummaries: [] };

function jsonLd(attrs: Partial<DataCiteAttributes>): JsonLd {
  return toSchemaOrg(experimentRecord({}, attrs), ctx);
}

function dcat(attrs: Partial<DataCiteAttributes>): Record<string, unknown> {
  const doi = '10.5072/rel-1';
  const dump = { doi, doiUrl: `https://doi.org/${doi}`, url: `https://x.example/doi/${doi}/`, state: 'released', attributes: attrs, aperture: { lastModified: null, datasets: [], metadata: {} } };
  return dcatDataset({ dump, slug: doi, path: '/', title: 'T', description: 'D', creators: [], keywords: [], publisher: 'P', licenceUrl: null, released: '2025', datasetPages: [] } as unknown as StagedRecord);
}

/** Where in a JSON-LD document (path of keys) a value containing the target URL sits. */
function placesOf(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return value === TARGET_URL ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v) => placesOf(v, path));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placesOf(v, [...path, k]));
  return [];
}

const related = (relationType: string) => ({ relatedIdentifiers: [{ relatedIdentifier: TARGET, relatedIdentifierType: 'DOI', relationType }] });

describe('relation types in JSON-LD and DCAT', () => {
  test('the JSON-LD table places every kernel-4.7 relationType, and nothing else', () => {
    expect(Object.keys(SCHEMA_ORG_RELATIONS).sort()).toEqual([...DATACITE_ENUMS.relationType].sort());
  });

  test.each([...DATACITE_ENUMS.relationType])('%s is in the JSON-LD where the table says', (relationType) => {
    const ld = jsonLd(related(relationType));
    const places = placesOf(ld).map((p) => p.join('.'));
    const placement = SCHEMA_ORG_RELATIONS[relationType];
    let expected: string;
    if ('role' in placement) {
      expected = 'mentions.mentions.@id';
      const role = (ld.mentions as JsonLd[])[0]!;
      expect(role).toMatchObject({ '@type': 'Role', roleName: relationType });
    } else if (placement.property === 'sameAs') expected = 'sameAs';
    else expected = `${placement.reverse ? '@reverse.' : ''}${placement.property}.@id`;
    expect(places).toEqual([expected]);
  });

  test.each([...DATACITE_ENUMS.relationType])('%s is in the DCAT dataset, on its own property or as dct:relation', (relationType) => {
    const node = dcat(related(relationType));
    const property = DCAT_RELATIONS[relationType] ?? 'dct:relation';
    expect(node[property]).toEqual([{ '@id': TARGET_URL }]);
  });

  test.each([...DATACITE_ENUMS.relationType])('%s is a Signposting link only where IANA registers one of the same meaning', (relationType) => {
    const links = signpostingLinks(experimentRecord({}, related(relationType)), 'https://x.example', null);
    const to = links.filter((l) => l.href === TARGET_URL).map((l) => l.rel);
    expect(to).toEqual(VERSION_RELS[relationType] ? [VERSION_RELS[relationType]] : []);
  });

  test('the faithful mappings: what cites this is @reverse citation, a part of a series isPartOf, a new version is based on the old', () => {
    const ld = jsonLd({
      relatedIdentifiers: [
        { relatedIdentifier: '10.5072/cites-us', relatedIdentifierType: 'DOI', relationType: 'IsCitedBy' },
        { relatedIdentifier: '10.5072/series', relatedIdentifierType: 'DOI', relationType: 'IsPartOf' },
        { relatedIdentifier: '10.5072/v1', relatedIdentifierType: 'DOI', relationType: 'IsNewVersionOf' },
        { relatedIdentifier: 'https://example.org/beamline', relatedIdentifierType: 'URL', relationType: 'IsCollectedBy' },
        { relatedIdentifier: 'https://example.org/talk', relatedIdentifierType: 'URL', relationType: 'Other', relationTypeInformation: 'was presented at' },
      ],
    });
    expect(ld['@reverse']).toEqual({ citation: [{ '@id': 'https://doi.org/10.5072/cites-us', '@type': 'CreativeWork' }] });
    expect(ld.isPartOf).toEqual([{ '@id': 'https://doi.org/10.5072/series', '@type': 'CreativeWork' }]);
    expect(ld.isBasedOn).toEqual([{ '@id': 'https://doi.org/10.5072/v1', '@type': 'CreativeWork' }]);
    expect(ld.mentions).toEqual([
      { '@type': 'Role', roleName: 'IsCollectedBy', mentions: { '@id': 'https://example.org/beamline', '@type': 'CreativeWork' } },
      { '@type': 'Role', roleName: 'was presented at', mentions: { '@id': 'https://example.org/talk', '@type': 'CreativeWork' } },
    ]);
  });

  test('a related item (kernel 4.4+) is placed like a related identifier; one without an identifier by its title', () => {
    const ld = jsonLd({
      relatedItems: [
        { relationType: 'IsPublishedIn', relatedItemType: 'Journal', titles: [{ title: 'Journal of Synchrotron Radiation' }], relatedItemIdentifier: { relatedItemIdentifier: TARGET, relatedItemIdentifierType: 'DOI' } },
        { relationType: 'IsCollectedBy', relatedItemType: 'Instrument', titles: [{ title: 'Beamline ID23-1' }] },
      ],
    });
    expect(ld.isPartOf).toEqual([{ '@id': TARGET_URL, '@type': 'CreativeWork' }]);
    expect(ld.mentions).toEqual([{ '@type': 'Role', roleName: 'IsCollectedBy', mentions: { '@type': 'CreativeWork', name: 'Beamline ID23-1' } }]);
    expect(dcat({ relatedItems: [{ relationType: 'IsPublishedIn', relatedItemType: 'Journal', relatedItemIdentifier: { relatedItemIdentifier: TARGET, relatedItemIdentifierType: 'DOI' } }] })['dct:isPartOf']).toEqual([{ '@id': TARGET_URL }]);
  });
});
