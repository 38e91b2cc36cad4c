/**
 * What the head states of a record's description (meta description, JSON-LD, feeds): one
 * plain text, read from the abstract however it was registered (HTML, Markdown, entities),
 * cut at a word, and the same wherever it is stated.
 */
import { describe, expect, test } from 'vitest';
import { cutAtWord, descriptionTextOf } from '../../../src/markdown/description-text.ts';
import { schemaDescription } from '../../../src/exports/schema-org.ts';
import { toLandingPage } from '../../../src/model/landing.ts';
import { validateRecord } from '../../../src/validate/validate-record.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { fixtureDataCite, fixtureExperiment } from '../../helpers/catalogue-fixtures.ts';
import type { ExperimentRecord } from '../../../src/record/types.ts';

const text = (description: string, descriptionType = 'Abstract') => descriptionTextOf({ datacite: { descriptions: [{ description, descriptionType }] } as never, descriptionMarkdown: null });

function record(descriptions: unknown[], descriptionMarkdown: string | null = null): ExperimentRecord {
  const raw = {
    id: 'rec',
    files: { datacite: 'rec/datacite.json', experiment: 'rec/experiment.json', description: descriptionMarkdown ? 'rec/description.md' : null },
    datacite: { ...fixtureDataCite('10.5072/description-text', 'Thaumatin'), descriptions },
    experiment: fixtureExperiment({ state: 'released', releasedOn: '2024-01-01' }),
    descriptionMarkdown,
    digest: 'x',
  };
  const r = validateRecord(raw as never, new DiagnosticSink());
  expect(r).not.toBeNull();
  return r!;
}

const landing = (r: ExperimentRecord) =>
  toLandingPage(r, { siteUrl: 'https://data.example.org', publicBaseUrl: 'https://objects.example.org/b/', filesPerPage: 50, now: '2026-11-01T00:00:00Z' } as never);

describe('descriptionTextOf(record)', () => {
  test('an HTML abstract is its text: tags gone, inline ones without a stray space, entities decoded once', () => {
    expect(text('<p>Part of the <em>C. elegans database</em>. Strain: <b>N2</b></p>\n<p>Two<br>sweeps &amp; 100&nbsp;K; &amp;amp; stays.</p>')).toBe(
      'Part of the C. elegans database. Strain: N2 Two sweeps & 100 K; &amp; stays.',
    );
  });
  test('a Markdown abstract is its text, as the page renders it', () => {
    expect(text('**Fredricks jar rim**\n\nSee [the catalogue](https://example.org/c) and `code`.\n\n- one\n- two')).toBe('Fredricks jar rim See the catalogue and code. one two');
  });
  test('a script or comment in an abstract says nothing', () => {
    expect(text('Thaumatin.<script>alert(1)</script><!-- hidden --> Done.')).toBe('Thaumatin. Done.');
  });
  test('an abstract longer than the renderer takes is still read as text, never as tags', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `<p>Paragraph ${i} of the <i>abstract</i>.</p>`).join('\n');
    const plain = text(long);
    expect(plain.startsWith('Paragraph 0 of the abstract. Paragraph 1 of the abstract.')).toBe(true);
    expect(plain).not.toMatch(/[<>]/);
  });
  test('among several descriptions the Abstract is read, wherever it is; without one, the first that is not series information', () => {
    const methods = { description: '<p>Methods: <em>soaked</em>.</p>', descriptionType: 'Methods' };
    const technical = { description: 'Technical info.', descriptionType: 'TechnicalInfo' };
    const series = { description: 'Series 4.', descriptionType: 'SeriesInformation' };
    const abstract = { description: 'The <b>abstract</b>.', descriptionType: 'Abstract' };
    expect(descriptionTextOf(record([methods, technical, abstract]))).toBe('The abstract.');
    expect(descriptionTextOf(record([series, methods, technical]))).toBe('Methods: soaked.');
  });
});

describe('the head states one text', () => {
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
  const html = `<p>Thaumatin at <em>room</em> temperature &amp; pressure.</p>\n<p>${words}</p>`;

  test('the meta description is the start of the JSON-LD description, both plain, cut at a word', () => {
    for (const r of [record([{ description: html, descriptionType: 'Abstract' }]), record([{ description: html, descriptionType: 'Abstract' }], '# Notes\n\nThe catalogue text.')]) {
      const summary = landing(r).summary;
      const ld = schemaDescription(r)!;
      expect(summary.startsWith('Thaumatin at room temperature & pressure. word0 word1')).toBe(true);
      expect(summary.length).toBeLessThanOrEqual(300);
      expect(summary).toMatch(/ word\d+…$/);
      expect(ld.startsWith(summary.slice(0, -1))).toBe(true);
      expect(ld).toMatch(/word399$/);
      expect(`${summary} ${ld}`).not.toMatch(/<|&amp;|\*\*/);
    }
  });
});

describe('cutAtWord(text, max)', () => {
  test('cuts at the last space, drops a dangling comma, and marks the cut', () => {
    expect(cutAtWord('short', 10)).toBe('short');
    expect(cutAtWord('alpha beta, gamma delta', 18)).toBe('alpha beta…');
    expect(cutAtWord('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
  });
  test('never cuts a character in half: a title of emoji or CJK extension B stays well-formed', () => {
    const cut = cutAtWord('𠀀'.repeat(400), 300);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(cut).toBe(`${'𠀀'.repeat(149)}…`);
  });
});
