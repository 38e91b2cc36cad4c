import { describe, expect, test } from 'vitest';
import { CSL_ROWS, cslName, dateParts, toCsl } from '../../../src/citation/csl.ts';
import { dataciteRecord } from './factory.ts';
// The mapping citation-js reads CSL keyword with.
import { Converters } from '@citation-js/plugin-bibtex/lib/mapping/shared.js';
import { normaliseDoi } from '../../../src/record/doi.ts';

function row(target: string, source?: string) {
  const r = CSL_ROWS.find((x) => x.target === target && (source === undefined || x.source === source));
  if (!r) throw new Error(`no row for ${target}`);
  return r;
}

describe('CSL_ROWS (DataCite → CSL-JSON), row by row', () => {
  test('type: Dataset → dataset, Text → article-journal, Software → software, unknown → article', () => {
    const t = (g: string) => row('type').convert(dataciteRecord({ types: { resourceTypeGeneral: g } }));
    expect([t('Dataset'), t('Text'), t('Software'), t('Image'), t('InteractiveResource')]).toEqual([
      'dataset', 'article-journal', 'software', 'graphic', 'article',
    ]);
  });
  test('id is the DOI URL and DOI the bare DOI, both lower-cased', () => {
    const a = dataciteRecord({ doi: '10.15151/ESRF-ES-123' });
    expect(row('id').convert(a)).toBe('https://doi.org/10.15151/esrf-es-123');
    expect(row('DOI').convert(a)).toBe('10.15151/esrf-es-123');
    expect(row('URL').convert(a)).toBe('https://doi.org/10.15151/esrf-es-123');
  });
  test('title is the main title only, not the subtitle', () => {
    const a = dataciteRecord({ titles: [{ title: 'Sub', titleType: 'Subtitle' }, { title: 'Main' }] });
    expect(row('title').convert(a)).toBe('Main');
  });
  test('author: family/given for people, literal for organisations, "Family, Given" split', () => {
    expect(row('author').convert(dataciteRecord())).toEqual([{ family: 'Garcia', given: 'Ana' }, { literal: 'Aperture Beamline Team' }]);
    expect(cslName({ name: 'Fenner, Martin' })).toEqual({ family: 'Fenner', given: 'Martin' });
    expect(cslName({ name: 'Smith, Jones and Co', nameType: 'Organizational' })).toEqual({ literal: 'Smith, Jones and Co' });
  });
  test('editor and translator come from contributors of those types', () => {
    const a = dataciteRecord({
      contributors: [
        { name: 'Ross, Cody', givenName: 'Cody', familyName: 'Ross', contributorType: 'Editor' },
        { name: 'Doe, Jane', givenName: 'Jane', familyName: 'Doe', contributorType: 'Translator' },
        { name: 'Someone', contributorType: 'DataCurator' },
      ],
    });
    expect(row('editor').convert(a)).toEqual([{ family: 'Ross', given: 'Cody' }]);
    expect(row('translator').convert(a)).toEqual([{ family: 'Doe', given: 'Jane' }]);
    expect(row('editor').convert(dataciteRecord())).toBeUndefined();
  });
  test('issued: the Issued date when present, else the publication year', () => {
    expect(row('issued').convert(dataciteRecord())).toEqual({ 'date-parts': [[2024, 3, 1]] });
    expect(row('issued').convert(dataciteRecord({ dates: [], publicationYear: '2019' }))).toEqual({ 'date-parts': [[2019]] });
  });
  test('publisher: string or object form', () => {
    expect(row('publisher').convert(dataciteRecord())).toBe('Example Synchrotron Data Archive');
    expect(row('publisher').convert(dataciteRecord({ publisher: 'Dryad' }))).toBe('Dryad');
  });
  test('version, abstract, language', () => {
    const a = dataciteRecord({ descriptions: [{ description: 'Methods text', descriptionType: 'Methods' }, { description: 'The abstract', descriptionType: 'Abstract' }] });
    expect(row('version').convert(a)).toBe('1.0');
    expect(row('abstract').convert(a)).toBe('The abstract');
    expect(row('language').convert(a)).toBe('en');
    expect(row('version').convert(dataciteRecord({ version: null }))).toBeUndefined();
  });
  test('keyword (joined) and categories (list) from subjects', () => {
    expect(row('keyword').convert(dataciteRecord())).toBe('macromolecular crystallography, lysozyme');
    expect(row('categories').convert(dataciteRecord())).toEqual(['macromolecular crystallography', 'lysozyme']);
    expect(row('keyword').convert(dataciteRecord({ subjects: [] }))).toBeUndefined();
  });
  test('a subject holding a comma stays one keyword when citation-js splits keyword', () => {
    const a = dataciteRecord({ subjects: [{ subject: 'Crystallography, X-ray' }, { subject: 'lysozyme' }] });
    // citation-js reads CSL keyword into BibTeX keywords by splitting at every comma.
    expect(Converters.KEYWORDS.toSource(String(row('keyword').convert(a))).map((k: string) => k.trim())).toEqual(['Crystallography; X-ray', 'lysozyme']);
    expect(row('categories').convert(a)).toEqual(['Crystallography, X-ray', 'lysozyme']);
  });
  test('container-title, volume, issue, page from container or an IsPublishedIn related item', () => {
    const a = dataciteRecord({ container: { type: 'Journal', title: 'Acta Cryst. D', volume: '80', issue: '2', firstPage: '10', lastPage: '20' } });
    expect([row('container-title').convert(a), row('volume').convert(a), row('issue').convert(a), row('page').convert(a)]).toEqual(['Acta Cryst. D', '80', '2', '10-20']);
    const b = dataciteRecord({ relatedItems: [{ relationType: 'IsPublishedIn', relatedItemType: 'Journal', titles: [{ title: 'J. Synchrotron Rad.' }] }] });
    expect(row('container-title').convert(b)).toBe('J. Synchrotron Rad.');
    expect(row('container-title').convert(dataciteRecord())).toBeUndefined();
  });
  test('copyright: SPDX name when the licence is known by id or URI, else the first statement', () => {
    expect(row('copyright').convert(dataciteRecord())).toBe('Creative Commons Attribution 4.0 International');
    const byUri = dataciteRecord({ rightsList: [{ rights: 'CC0 1.0 Universal (CC0 1.0) Public Domain Dedication', rightsUri: 'http://creativecommons.org/publicdomain/zero/1.0/' }] });
    expect(row('copyright').convert(byUri)).toBe('Creative Commons Zero v1.0 Universal');
    expect(row('copyright').convert(dataciteRecord({ rightsList: [{ rights: 'Facility data policy' }] }))).toBe('Facility data policy');
  });
  test('titles and names lose XML indentation whitespace', () => {
    const a = dataciteRecord({ titles: [{ title: 'Providence Creek\n      meteorological data' }] });
    expect(row('title').convert(a)).toBe('Providence Creek meteorological data');
  });
});

describe('toCsl(attrs)', () => {
  test('leaves out what the record does not have', () => {
    const item = toCsl(dataciteRecord({ subjects: undefined, version: undefined, language: undefined, rightsList: undefined }));
    expect(Object.keys(item)).not.toContain('keyword');
    expect(Object.keys(item)).not.toContain('version');
    expect(item.type).toBe('dataset');
  });
  test('normaliseDoi strips resolver prefixes and lower-cases', () => {
    expect(normaliseDoi('https://doi.org/10.5061/DRYAD.8515')).toBe('10.5061/dryad.8515');
    expect(normaliseDoi('doi:10.5061/X')).toBe('10.5061/x');
  });
  test('dateParts rejects non-dates', () => {
    expect(dateParts('unknown')).toBeUndefined();
    expect(dateParts('2020-05-04T10:00:00Z')).toEqual({ 'date-parts': [[2020, 5, 4]] });
  });
});
