/**
 * The abstract is on the page and in the search index even when the catalogue has its own
 * description, rendered and sanitised as every other description (repositories register HTML).
 */
import { describe, expect, it } from 'vitest';
import { separateAbstractOf } from '../../../src/record/descriptions.ts';
import { searchDocument } from '../../../src/index/search-document.ts';
import { toLandingPage } from '../../../src/model/landing.ts';
import { validateRecord } from '../../../src/validate/validate-record.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { fixtureDataCite, fixtureExperiment } from '../../helpers/catalogue-fixtures.ts';
import { MARKDOWN_MAX_CHARS } from '../../../src/markdown/render-markdown.ts';

const abstract = 'Diffraction data from thaumatin crystals.\n\nCollected at 100 K in\n  two sweeps.';
const datacite = { descriptions: [{ description: abstract, descriptionType: 'Abstract' }] };

describe('separateAbstractOf', () => {
  it('gives the abstract, and its place among the descriptions, when the page body is the catalogue description', () => {
    const methods = { description: 'Collected at 100 K.', descriptionType: 'Methods' };
    expect(separateAbstractOf({ datacite: { descriptions: [methods, ...datacite.descriptions] }, descriptionMarkdown: '# Notes\n\nHow the data were processed.' })).toEqual({ text: abstract, index: 1 });
  });

  it('gives nothing when the abstract already is the page body, or repeats the description', () => {
    expect(separateAbstractOf({ datacite, descriptionMarkdown: null })).toBeNull();
    expect(separateAbstractOf({ datacite, descriptionMarkdown: '  ' })).toBeNull();
    expect(separateAbstractOf({ datacite, descriptionMarkdown: abstract })).toBeNull();
    expect(separateAbstractOf({ datacite: { descriptions: [] }, descriptionMarkdown: 'Notes.' })).toBeNull();
  });

  const landing = (descriptions: unknown[], descriptionMarkdown: string, onPlainDescription?: (why: string, index?: number) => void) => {
    const raw = {
      id: 'rec',
      files: { datacite: 'rec/datacite.json', experiment: 'rec/experiment.json', description: 'rec/description.md' },
      datacite: { ...fixtureDataCite('10.5072/abstract', 'Thaumatin'), descriptions },
      experiment: fixtureExperiment({ state: 'released', releasedOn: '2024-01-01' }),
      descriptionMarkdown,
      digest: 'x',
    };
    const record = validateRecord(raw as never, new DiagnosticSink());
    expect(record).not.toBeNull();
    return toLandingPage(record!, { siteUrl: 'https://data.example.org', onPlainDescription } as never);
  };

  it('puts the abstract on the page and in the search document of a record with a description.md', () => {
    const page = landing(datacite.descriptions, 'Processing notes only.');
    expect(page.abstractHtml).toBe('<p>Diffraction data from thaumatin crystals.</p>\n<p>Collected at 100 K in\ntwo sweeps.</p>');
    expect(page.abstractParagraphs).toBeUndefined();
    expect(searchDocument(page)).toContain('Collected at 100 K in two sweeps.');
  });

  it('renders an HTML abstract sanitised, as the other descriptions are, not as raw tags', () => {
    const html = '<p>Thaumatin at <em>room</em> temperature &amp; 100 K.</p><script>alert(1)</script><p onclick="x()">Two sweeps.</p>';
    const page = landing([{ description: html, descriptionType: 'Abstract' }], '## Processing\n\nNotes in *Markdown*.');
    expect(page.abstractHtml).toBe('<p>Thaumatin at <em>room</em> temperature &#x26; 100 K.</p><p>Two sweeps.</p>');
    expect(page.descriptionHtml).toContain('<em>Markdown</em>');
    expect(searchDocument(page)).toContain('Thaumatin at room temperature &#x26; 100 K. Two sweeps.');
    expect(searchDocument(page)).not.toMatch(/&lt;p&gt;|<script>/);
  });

  it('shows a text once when the record registers it again in other markup: an HTML abstract and its plain copy, a description.md and the abstract', () => {
    const html = { description: '<p>Thaumatin at <em>room</em> temperature.</p>', descriptionType: 'Abstract' };
    const copy = { description: 'Thaumatin at room temperature.', descriptionType: 'Other' };
    const methods = { description: 'Soaked for <b>2 h</b>.', descriptionType: 'Methods' };
    const page = landing([html, copy, methods, { description: 'Soaked for **2 h**.', descriptionType: 'TechnicalInfo' }], 'Processing notes only.');
    expect(page.abstractHtml).toBe('<p>Thaumatin at <em>room</em> temperature.</p>');
    expect(page.otherDescriptions?.map((d) => d.heading)).toEqual(['Methods']);
    expect(landing([html], 'Thaumatin at *room* temperature.').abstractHtml).toBe('');
  });

  it('shares the Markdown budget with the page body: past it, the abstract is shown as written, and said so', () => {
    const plain: Array<[string, number | undefined]> = [];
    const body = 'x'.repeat(MARKDOWN_MAX_CHARS - 10);
    const page = landing([{ description: 'Some *Markdown* that would go past the budget.', descriptionType: 'Abstract' }], body, (why, index) => plain.push([why, index]));
    expect(page.abstractHtml).toBe('<p>Some *Markdown* that would go past the budget.</p>');
    expect(plain).toEqual([['too-long', 0]]);
  });
});
