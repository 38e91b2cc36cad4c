/**
 * A record registered in a series (a SeriesInformation description, a container of type
 * Series) says so in schema.org's own words, isPartOf a CreativeWorkSeries, beside the
 * relations it registers as IsPartOf; bolognese's `periodical` stays for its readers.
 */
import { describe, expect, test } from 'vitest';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { experimentRecord } from '../citation/factory.ts';

const ctx = { landingUrl: 'https://data.example.org/x/', catalogueName: 'A', catalogueUrl: 'https://data.example.org/', datasetSummaries: [] };

describe('the series a record belongs to', () => {
  test('SeriesInformation is isPartOf a CreativeWorkSeries, after the registered IsPartOf relation, with its ISSN', () => {
    const record = experimentRecord({}, {
      descriptions: [
        { description: 'Rotation data of lysozyme crystals collected at 100 K on the example beamline.', descriptionType: 'Abstract' },
        { description: 'Beamline Commissioning Reports, 12', descriptionType: 'SeriesInformation' },
      ],
      relatedIdentifiers: [{ relatedIdentifier: '1234-5679', relatedIdentifierType: 'ISSN', relationType: 'IsPartOf' }],
    });
    const parts = toSchemaOrg(record, ctx).isPartOf as Array<Record<string, unknown>>;
    expect(parts.at(-1)).toEqual({ '@type': 'CreativeWorkSeries', name: 'Beamline Commissioning Reports', issn: '1234-5679' });
    expect(parts.length).toBe(2);
  });

  test('a journal container is no series', () => {
    const record = experimentRecord({}, { container: { type: 'Journal', title: 'Acta Crystallographica' } } as never);
    expect(toSchemaOrg(record, ctx).isPartOf).toBeUndefined();
  });
});
