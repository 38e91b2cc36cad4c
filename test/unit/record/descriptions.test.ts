/** The abstract is on the page and in the search index even when the catalogue has its own description. */
import { describe, expect, it } from 'vitest';
import { separateAbstractOf } from '../../../src/record/descriptions.ts';
import { searchDocument } from '../../../src/index/search-document.ts';
import { toLandingPage } from '../../../src/model/landing.ts';
import { validateRecord } from '../../../src/validate/validate-record.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { fixtureDataCite, fixtureExperiment } from '../../helpers/catalogue-fixtures.ts';

const abstract = 'Diffraction data from thaumatin crystals.\n\nCollected at 100 K in\n  two sweeps.';
const datacite = { descriptions: [{ description: abstract, descriptionType: 'Abstract' }] };

describe('separateAbstractOf', () => {
  it('gives the abstract by paragraph when the page body is the catalogue description', () => {
    expect(separateAbstractOf({ datacite, descriptionMarkdown: '# Notes\n\nHow the data were processed.' })).toEqual([
      'Diffraction data from thaumatin crystals.',
      'Collected at 100 K in two sweeps.',
    ]);
  });

  it('gives nothing when the abstract already is the page body, or repeats the description', () => {
    expect(separateAbstractOf({ datacite, descriptionMarkdown: null })).toEqual([]);
    expect(separateAbstractOf({ datacite, descriptionMarkdown: '  ' })).toEqual([]);
    expect(separateAbstractOf({ datacite, descriptionMarkdown: abstract })).toEqual([]);
    expect(separateAbstractOf({ datacite: { descriptions: [] }, descriptionMarkdown: 'Notes.' })).toEqual([]);
  });

  it('puts the abstract in the search document of a record with a description.md', () => {
    const raw = {
      id: 'rec',
      files: { datacite: 'rec/datacite.json', experiment: 'rec/experiment.json', description: 'rec/description.md' },
      datacite: { ...fixtureDataCite('10.5072/abstract', 'Thaumatin'), descriptions: datacite.descriptions },
      experiment: fixtureExperiment({ state: 'released', releasedOn: '2024-01-01' }),
      descriptionMarkdown: 'Processing notes only.',
      digest: 'x',
    };
    const record = validateRecord(raw as never, new DiagnosticSink());
    expect(record).not.toBeNull();
    const page = toLandingPage(record!, { siteUrl: 'https://data.example.org', publicBaseUrl: 'https://objects.example.org/b/', filesPerPage: 50, now: '2026-11-01T00:00:00Z' } as never);
    expect(page.abstractParagraphs).toEqual(['Diffraction data from thaumatin crystals.', 'Collected at 100 K in two sweeps.']);
    expect(searchDocument(page)).toContain('<p>Collected at 100 K in two sweeps.</p>');
  });
});
