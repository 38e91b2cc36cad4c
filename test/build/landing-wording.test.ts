/**
 * What a reader of a landing page or tombstone reads, word for word: the resource type in
 * words and without repeating itself ("Dataset", not "Dataset: dataset"; "Journal article: Article",
 * not "JournalArticle: Article"); a record whose files are elsewhere (it registers a size)
 * not called "None published", and pointed to its registered landing page; funding punctuated
 * as a sentence; a withdrawn record still saying how to cite it; a registered size in bytes
 * readable ("1.12 GB (1,120,335,512 bytes)", not "1120335512 Bytes").
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, fixtureExperiment, metadataOnlySpec, releasedMxSpec, sweepDataset, sweepFiles, withdrawnSpec } from '../helpers/catalogue-fixtures.ts';
import { resourceNounOf, resourceTypeOf } from '../../src/record/fields.ts';

const ELSEWHERE = '10.5072/aperture-files-elsewhere';
const ARTICLE = '10.5072/aperture-article';
const REGISTERED = 'https://repository.example.org/records/4234751';
const WITHDRAWN_SOFTWARE = '10.5072/aperture-withdrawn-software';
const EMBARGOED_SOFTWARE = '10.5072/aperture-embargoed-software';
const REPORT = '10.5072/aperture-text-report';
const WITHDRAWN_TEXT = '10.5072/aperture-withdrawn-text';

/** The page's visible text, markup dropped (tags are not word breaks, so "Council</a>, award" reads "Council, award"). */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<\/?(?:a|strong|em|span)\b[^>]*>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('resourceTypeOf', () => {
  test('names the general type in words, and leaves out a resourceType that only repeats it', () => {
    expect(resourceTypeOf({ types: { resourceTypeGeneral: 'Dataset', resourceType: 'dataset' } }).text).toBe('Dataset');
    expect(resourceTypeOf({ types: { resourceTypeGeneral: 'Dataset', resourceType: 'Datasets' } }).text).toBe('Dataset');
    expect(resourceTypeOf({ types: { resourceTypeGeneral: 'Software', resourceType: ' Software ' } }).text).toBe('Software');
    expect(resourceTypeOf({ types: { resourceTypeGeneral: 'PhysicalObject', resourceType: 'Coin' } }).text).toBe('Physical object: Coin');
    expect(resourceTypeOf({ types: { resourceTypeGeneral: 'JournalArticle', resourceType: 'Journal article' } }).text).toBe('Journal article');
    expect(resourceTypeOf({ types: { resourceTypeGeneral: 'Dataset', resourceType: 'Diffraction images' } }).text).toBe('Dataset: Diffraction images');
    // The code itself stays what exports map from.
    expect(resourceTypeOf({ types: { resourceTypeGeneral: 'ComputationalNotebook' } }).general).toBe('ComputationalNotebook');
  });
});

describe('resourceNounOf', () => {
  const noun = (resourceTypeGeneral: string | undefined, resourceType?: string) => resourceNounOf({ types: { resourceTypeGeneral, resourceType } } as never);
  test('names the general type as a noun in a sentence, and an unknown one a record', () => {
    expect(noun('JournalArticle')).toBe('journal article');
    for (const general of ['Other', 'Thing', undefined]) expect(noun(general)).toBe('record');
    // "Cite this audiovisual" leaves its noun out; "Cite this text" names none.
    expect(noun('Audiovisual')).toBe('audiovisual work');
    expect(['Collection', 'Image', 'Text', 'PhysicalObject'].map((t) => noun(t))).toEqual(['collection', 'image', 'document', 'physical object']);
  });
  test('uses the registered free-text type when it reads as a noun, in running-text case', () => {
    expect(noun('Text', 'Report')).toBe('report');
    expect(noun('Text', 'Journal Article')).toBe('journal article');
    expect(noun('Dissertation', 'Doctoral thesis')).toBe('doctoral thesis');
    expect(noun('Software', 'Pipeline')).toBe('pipeline');
    expect(noun('Other', 'Coin')).toBe('coin');
    expect(noun('Thing', 'Experiment Session')).toBe('experiment session');
    expect(noun('Dataset', 'ESRF Experimental Session')).toBe('ESRF experimental session');
    expect(noun('Other', 'Analysis')).toBe('analysis');
  });
  test('keeps a name as registered: acronyms, capitals inside a word, and a title-case phrase that is no kind of record', () => {
    expect(noun('Other', 'Gigantum Project')).toBe('Gigantum Project');
    expect(noun('Dataset', 'NeXus file')).toBe('NeXus file');
    expect(noun('Dataset', 'PDB entry')).toBe('PDB entry');
    expect(noun('Dataset', 'Nexus File')).toBe('Nexus File');
    expect(noun('Text', 'Technical Report')).toBe('technical report');
    expect(noun('Dataset', 'Beamtime Proposal')).toBe('beamtime proposal');
    expect(noun('Dissertation', 'Doctoral Thesis')).toBe('doctoral thesis');
  });
  test('keeps the general type when the free text is no noun for "this …", or a word of the general type', () => {
    const cases: Array<[string, string, string]> = [
      ['Text', 'BlogPosting', 'document'], ['Software', 'XML', 'software'], ['Dataset', '3D Data', 'dataset'], ['Dataset', 'Diffraction images', 'dataset'],
      ['Dataset', 'Dataset/Paleoecological Sample Data', 'dataset'], ['Image', 'Raster image pixel detector', 'image'], ['Dataset', 'raw', 'dataset'],
      ['Text', 'Other', 'document'], ['Other', 'Other', 'record'], ['Text', 'text', 'document'], ['JournalArticle', 'Article', 'journal article'], ['DataPaper', 'Paper', 'data paper'],
    ];
    expect(cases.map(([general, specific]) => noun(general, specific))).toEqual(cases.map(([, , want]) => want));
  });
});

describe('the wording of landing pages and tombstones', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await buildFixtureSite([
      {
        id: 'files-elsewhere',
        datacite: fixtureDataCite(ELSEWHERE, 'RAIN v1', {
          types: { resourceTypeGeneral: 'Dataset', resourceType: 'dataset' },
          sizes: ['1120335512 Bytes', '15 pages'],
          url: REGISTERED,
          fundingReferences: [{ funderName: 'European Research Council', funderIdentifier: 'https://doi.org/10.13039/501100000781', awardNumber: 'ERC-42', awardTitle: 'Networks of RNA' }],
        }),
        // As a bare DataCite record from another repository: no facility, beamline or technique.
        experiment: { ...fixtureExperiment({ state: 'released' }, []), facility: null, instrument: null, technique: null, proposal: null },
      },
      {
        id: 'article',
        datacite: fixtureDataCite(ARTICLE, 'Science and uncertainty', { types: { resourceTypeGeneral: 'JournalArticle', resourceType: 'Article' }, url: `https://data.example.org/doi/${ARTICLE}` }),
        experiment: fixtureExperiment({ state: 'released' }, []),
      },
      withdrawnSpec(),
      { ...withdrawnSpec('withdrawn-software'), datacite: fixtureDataCite(WITHDRAWN_SOFTWARE, 'Indexing pipeline', { types: { resourceTypeGeneral: 'Software' } }) },
      {
        id: 'text-report',
        datacite: fixtureDataCite(REPORT, 'Beamline commissioning', { types: { resourceTypeGeneral: 'Text', resourceType: 'Report' } }),
        experiment: fixtureExperiment({ state: 'released' }, []),
      },
      { ...withdrawnSpec('withdrawn-text'), datacite: fixtureDataCite(WITHDRAWN_TEXT, 'Safety notes', { types: { resourceTypeGeneral: 'Text' } }) },
      { ...metadataOnlySpec('embargoed-software'), datacite: fixtureDataCite(EMBARGOED_SOFTWARE, 'Beamline control software', { types: { resourceTypeGeneral: 'Software' } }) },
      { ...releasedMxSpec('one-file', '10.5072/aperture-one-file', 1), experiment: fixtureExperiment({ state: 'released' }, [sweepDataset('sweep-1', 1)]), listings: { 'sweep-1': sweepFiles('sweep-1', 1) } },
    ]);
  });

  test('counts one file as one file', async () => {
    const text = visible(await site.read('doi/10.5072/aperture-one-file/index.html'));
    expect(text).toMatch(/Files 1 file, [\d.]+ MB/);
    expect(text).toMatch(/1 dataset, 1 file, [\d.]+ MB in total\./);
    expect(text).toMatch(/The file \([\d.]+ MB\), in its dataset(?:'|&#39;)s folder\. Downloads resume/);
    expect(text).not.toMatch(/\b1 files\b/);
  });

  test('gives the resource type once, in words, on the badge, in the facts and in the search filter', async () => {
    const elsewhere = await site.read(`doi/${ELSEWHERE}/index.html`);
    expect(elsewhere).toContain('<span class="badge">Dataset</span>');
    expect(visible(elsewhere)).toContain('Resource type Dataset Size');
    expect(visible(elsewhere)).not.toMatch(/Dataset: dataset/i);
    const article = await site.read(`doi/${ARTICLE}/index.html`);
    expect(article).toContain('<span class="badge">Journal article: Article</span>');
    expect(article).not.toContain('JournalArticle');
    // The search page's filter shows the same words.
    const filters = await site.read('search-ids/filters.json');
    expect(filters).toContain('"Journal article"');
    expect(filters).not.toContain('JournalArticle');
  });

  test('a record that registers a size but has no files here is not "None published", and points to its registered page', async () => {
    const text = visible(await site.read(`doi/${ELSEWHERE}/index.html`));
    // A size registered as a count of bytes reads as the site's own totals do; free text stays as written.
    expect(text).toContain('Size 1.12 GB (1,120,335,512 bytes), 15 pages');
    expect(text).toContain('Files None on this site');
    expect(text).not.toContain('None published');
    expect(text).toContain(`No files of this dataset are published on this site. Its registered landing page: ${REGISTERED}`);
    expect(await site.read(`doi/${ELSEWHERE}/index.html`)).toContain(`<a href="${REGISTERED}">`);
    // A record registered with this very page is not sent back to itself.
    expect(visible(await site.read(`doi/${ARTICLE}/index.html`))).not.toContain('registered landing page');
  });

  test('funding reads as a sentence: no space before the comma or the colon', async () => {
    expect(visible(await site.read(`doi/${ELSEWHERE}/index.html`))).toContain('European Research Council, award ERC-42: Networks of RNA');
  });

  test('a tombstone says how to cite what was withdrawn, as its landing page did', async () => {
    const text = visible(await site.read('doi/10.5072/aperture-withdrawn-fixture/index.html'));
    expect(text).toContain('withdrawn on 15 September 2024');
    expect(text).toContain('Sample identity could not be confirmed.');
    expect(text).toContain('How to cite it');
    expect(text).toContain('Carberry, Josiah (2024). Lysozyme rotation data fixture-withdrawn. Aperture Fixture Facility. Diffraction images. https://doi.org/10.5072/aperture-withdrawn-fixture');
  });

  test('a tombstone names what was withdrawn by its resource type, as its landing page did', async () => {
    const html = await site.read(`doi/${WITHDRAWN_SOFTWARE}/index.html`);
    const text = visible(html);
    expect(text).toContain('This software was withdrawn on 15 September 2024');
    expect(text).toContain('Resource type Software');
    expect(text).toContain('A work that used this software before the withdrawal cites it as:');
    expect(html).toContain(`<meta name="description" content="This software (https://doi.org/${WITHDRAWN_SOFTWARE}) was withdrawn`);
    expect(text).not.toMatch(/dataset|these data/i);
    expect(visible(await site.read('doi/10.5072/aperture-withdrawn-fixture/index.html'))).toContain('This dataset was withdrawn on 15 September 2024');
  });

  test('a landing page names the record by its resource type, as its tombstone does: in the citation heading, the embargo notice and the data sections', async () => {
    const software = visible(await site.read(`doi/${EMBARGOED_SOFTWARE}/index.html`));
    expect(software).toContain('The metadata of this software is public; its files are under embargo until');
    expect(software).toContain('Cite this software');
    // Its datasets are a table of datasets, in a caption that names no type: not "Datasets in this software".
    expect(software).toContain('Datasets and their files');
    expect(software).not.toMatch(/Datasets in this/);
    // Its datasets are datasets still; the record itself is neither a dataset nor an experiment.
    expect(software).not.toMatch(/this (dataset|experiment)/i);
    expect(visible(await site.read(`doi/${ARTICLE}/index.html`))).toContain('Cite this journal article');
    const dataset = visible(await site.read('doi/10.5072/aperture-one-file/index.html'));
    expect(dataset).toContain('Cite this dataset');
    expect(dataset).toContain('Datasets and their files');
    expect(dataset).not.toMatch(/Datasets in this dataset|of this dataset, one folder per dataset/);
    expect(dataset).not.toMatch(/this experiment/i);
  });

  test('a Text record is called what its registered type says ("Cite this report"), or a document, never "this text" or "this record"', async () => {
    const report = visible(await site.read(`doi/${REPORT}/index.html`));
    expect(report).toContain('Cite this report');
    expect(report).toContain('No files of this report are published on this site.');
    const withdrawn = visible(await site.read(`doi/${WITHDRAWN_TEXT}/index.html`));
    expect(withdrawn).toContain('This document was withdrawn on 15 September 2024');
    expect(withdrawn).toContain('A work that used this document before the withdrawal cites it as:');
    expect(report + withdrawn).not.toMatch(/this (text|record)\b/i);
  });

  test('search is not offered as a search of datasets on a site that holds software and articles, and its box keeps its label', async () => {
    const home = await site.read('index.html');
    const search = await site.read('search/index.html');
    expect(home + search).not.toMatch(/Search datasets|Every dataset/);
    expect(home).toMatch(/<label for="home-q">Search the archive<\/label>\s*<input id="home-q"/);
    expect(search).toContain('<h1>Search the archive</h1>');
  });

  test('the home page lists a record without files by its creators and release, with no dangling separator or "0 files"', async () => {
    const home = await site.read('index.html');
    const card = new RegExp(`<a href="/doi/${ELSEWHERE}/">RAIN v1</a></h3>\\s*<p class="small muted">([^<]*)</p>\\s*<p class="small">([^<]*)</p>`).exec(home);
    expect(card?.slice(1).map((t) => t.trim())).toEqual(['Carberry', 'released 1 March 2024']);
  });
});
