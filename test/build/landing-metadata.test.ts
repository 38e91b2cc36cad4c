/**
 * What a DataCite record says is on its landing page, not only in its exports: every
 * description (the abstract, and Methods, TechnicalInfo, … under their own headings), each
 * marked with the language it is written in, as the title is; the record's language, formats
 * and sizes; its geographic coverage; its other identifiers. Records from Zenodo, PANGAEA or a
 * facility's own DataCite client often carry these.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, releasedMxSpec } from '../helpers/catalogue-fixtures.ts';
import { otherDescriptionsOf } from '../../src/record/descriptions.ts';
import { coverageText } from '../../src/model/format.ts';

const PAGE = 'doi/10.5072/aperture-descriptions/index.html';
const HTML_ABSTRACT_DOI = '10.5072/aperture-html-abstract';

const descriptions = [
  { description: 'Vorbereitung der Kristalle.', descriptionType: 'Methods', lang: 'de' },
  { description: 'Diffraction images of lysozyme crystals.', descriptionType: 'Abstract', lang: 'en' },
  { description: 'Crystals grown by hanging-drop vapour diffusion.\n\nFlash-cooled in liquid nitrogen.', descriptionType: 'Methods' },
  // As Zenodo registers them: HTML, sanitised as the abstract is.
  { description: '<p>Wavelength 0.9763 Å &amp; beam 80 × 20 µm</p><script>alert(1)</script><p onclick="x()">Exposure <em>0.01 s</em></p>', descriptionType: 'TechnicalInfo' },
  // Repeats the abstract: shown once.
  { description: 'Diffraction  images of lysozyme crystals.', descriptionType: 'Other' },
];

describe('otherDescriptionsOf', () => {
  test('gives every description but the abstract, in order, without repeats', () => {
    expect(otherDescriptionsOf({ descriptions } as never)).toEqual([
      { type: 'Methods', text: 'Vorbereitung der Kristalle.', lang: 'de', index: 0 },
      { type: 'Methods', text: 'Crystals grown by hanging-drop vapour diffusion.\n\nFlash-cooled in liquid nitrogen.', lang: null, index: 2 },
      { type: 'TechnicalInfo', text: descriptions[3].description, lang: null, index: 3 },
    ]);
  });

  test('leaves out the description serving as the abstract when there is no Abstract', () => {
    const series = { description: 'Beamline reports, volume 3', descriptionType: 'SeriesInformation' };
    const methods = { description: 'Collected at 100 K.', descriptionType: 'Methods' };
    expect(otherDescriptionsOf({ descriptions: [series, methods] } as never)).toEqual([{ type: 'SeriesInformation', text: 'Beamline reports, volume 3', lang: null, index: 0 }]);
  });
});

describe('the landing page of a record with several descriptions', () => {
  let site: FixtureSite;
  let html: string;
  beforeAll(async () => {
    const spec = releasedMxSpec('descriptions', '10.5072/aperture-descriptions', 2);
    spec.description = undefined;
    spec.datacite = fixtureDataCite('10.5072/aperture-descriptions', 'Lysozym-Beugungsdaten', {
      titles: [{ title: 'Lysozym-Beugungsdaten', lang: 'de' }, { title: 'Lysozyme diffraction data', titleType: 'TranslatedTitle', lang: 'en' }],
      language: 'ger',
      descriptions,
      formats: ['application/x-hdf5'],
      sizes: Array.from({ length: 5 }, (_, i) => `sweep ${i + 1}: 3,600 images`),
      geoLocations: [
        { geoLocationPlace: 'Fram Strait', geoLocationPoint: { pointLatitude: '78.92', pointLongitude: '-3.5' } },
        { geoLocationBox: { southBoundLatitude: -10, westBoundLongitude: 20, northBoundLatitude: 5, eastBoundLongitude: 30 } },
      ],
      alternateIdentifiers: [
        { alternateIdentifier: 'https://archive.example.org/exp/42', alternateIdentifierType: 'URL' },
        { alternateIdentifier: 'javascript:alert(1)', alternateIdentifierType: 'URL' },
        { alternateIdentifier: 'MX-42-<i>', alternateIdentifierType: 'Local accession' },
      ],
      creators: [
        {
          name: 'Carberry, Josiah',
          nameType: 'Personal',
          nameIdentifiers: [{ nameIdentifier: '0000 0001 2146 438X', nameIdentifierScheme: 'ISNI', schemeUri: 'http://isni.org/isni/' }],
          affiliation: [{ affiliationIdentifier: 'grid.5398.7', affiliationIdentifierScheme: 'GRID', schemeUri: 'https://www.grid.ac/institutes/' }],
        },
      ],
      fundingReferences: [{ funderIdentifier: 'https://ror.org/04wxnsj81', funderIdentifierType: 'ROR', awardNumber: 'A-1' }],
      dates: [
        { date: '2024-03-01', dateType: 'Issued' },
        { date: '2020-01-01/..', dateType: 'Coverage' },
      ],
    });
    // A catalogue's Markdown description.md beside the HTML abstract its repository registered.
    const htmlAbstract = releasedMxSpec('html-abstract', HTML_ABSTRACT_DOI, 1);
    htmlAbstract.datacite = fixtureDataCite(HTML_ABSTRACT_DOI, 'Thaumatin at room temperature', {
      descriptions: [{ description: '<p>Thaumatin at <em>room</em> temperature.</p><script>alert(2)</script><p>Two sweeps.</p>', descriptionType: 'Abstract', lang: 'en' }],
    });
    site = await buildFixtureSite([spec, htmlAbstract]);
    expect(site.report.ok).toBe(true);
    html = await site.read(PAGE);
  });

  test('shows each description under its own heading, sanitised, in its own language', () => {
    const section = (heading: string) => new RegExp(`<h2 id="description-\\d+-heading">${heading}</h2>\\s*<div class="prose" dir="auto"( lang="(\\w+)")?>([\\s\\S]*?)</div>`, 'g');
    const methods = [...html.matchAll(section('Methods'))];
    expect(methods.map((m) => [m[2] ?? null, m[3].replace(/\n/g, '')])).toEqual([
      ['de', '<p>Vorbereitung der Kristalle.</p>'],
      [null, '<p>Crystals grown by hanging-drop vapour diffusion.</p><p>Flash-cooled in liquid nitrogen.</p>'],
    ]);
    const technical = [...html.matchAll(section('Technical information'))];
    expect(technical.map((m) => m[3].replace(/\n/g, ''))).toEqual(['<p>Wavelength 0.9763 Å &#x26; beam 80 × 20 µm</p><p>Exposure <em>0.01 s</em></p>']);
    expect(html).not.toMatch(/<script>alert|onclick/);
    expect(html).not.toContain('Further description');
  });

  test('gives the language by name, the format, and folds a long list of sizes', () => {
    expect(html).toContain('<dt>Language</dt><dd>German</dd>');
    expect(html).toContain('<dt>Format</dt><dd>application/x-hdf5</dd>');
    expect(html).toMatch(/<dt>Size<\/dt><dd><details><summary>5 sizes<\/summary><ul class="facts-list"><li>sweep 1: 3,600 images<\/li>.*<li>sweep 5: 3,600 images<\/li><\/ul><\/details><\/dd>/);
  });

  test('lists the places the data cover, and the other identifiers, linking http(s) ones', () => {
    const location = /<h2 id="location-heading">Location<\/h2>\s*<ul>(.*?)<\/ul>/.exec(html)![1];
    expect(location).toBe('<li>Fram Strait — 78.92° N, 3.5° W</li><li>10° S to 5° N, 20° E to 30° E</li>');
    const ids = /<h2 id="identifiers-heading">Other identifiers<\/h2>\s*<dl class="meta">(.*?)<\/dl>/.exec(html)![1];
    expect(ids).toContain('<dt>URL</dt><dd><a href="https://archive.example.org/exp/42">https://archive.example.org/exp/42</a></dd>');
    // An unsafe URL is reported (link/unsafe-scheme) and never published, as everywhere else.
    expect(html).not.toMatch(/javascript:/i);
    expect(ids).toContain('<dt>Local accession</dt><dd><span class="mono">MX-42-&lt;i&gt;</span></dd>');
  });

  test('shows what the record registers by identifier alone, and states it in the JSON-LD too', () => {
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]);
    // A creator's ISNI, an affiliation known by its GRID id: linked on the page and in the JSON-LD.
    expect(html).toContain('<a class="person-id" href="http://isni.org/isni/000000012146438X" aria-label="ISNI 0000 0001 2146 438X of Josiah Carberry">ISNI</a>');
    expect(html).toContain('<a href="https://www.grid.ac/institutes/grid.5398.7">GRID grid.5398.7</a>');
    expect(ld.creator[0].sameAs).toBe('http://isni.org/isni/000000012146438X');
    // A funder given by its ROR id alone: a link labelled with the scheme, and a funder with @id.
    expect(html).toMatch(/<h2 id="funding-heading">Funding<\/h2>\s*<ul>\s*<li><a href="https:\/\/ror.org\/04wxnsj81">ROR<\/a>, award A-1<\/li>/);
    expect(ld.funder).toEqual([{ '@type': 'Organization', '@id': 'https://ror.org/04wxnsj81', identifier: { '@type': 'PropertyValue', propertyID: 'ROR', value: 'https://ror.org/04wxnsj81', url: 'https://ror.org/04wxnsj81' } }]);
    // A period still open, written as ISO 8601-2 writes it.
    expect(html).toContain('<dt>Coverage</dt><dd>from 1 January 2020</dd>');
    // Formats and sizes, which the page lists, are in the JSON-LD as well.
    expect([ld.encodingFormat, ld.size.length]).toEqual(['application/x-hdf5', 5]);
  });

  test('marks the title with its own language, and the abstract with its own', () => {
    expect(html).toMatch(/<h1 lang="de" dir="auto">Lysozym-Beugungsdaten<\/h1>/);
    expect(html).toMatch(/<div class="prose" dir="auto" lang="en"><p>Diffraction images of lysozyme crystals\.<\/p>/);
  });

  test('beside a description.md, shows an HTML abstract rendered and sanitised, as the other descriptions, not as raw tags', async () => {
    const html = await site.read(`doi/${HTML_ABSTRACT_DOI}/index.html`);
    expect(html).toMatch(/<h2 id="abstract-heading">Abstract<\/h2>\s*<div class="prose" dir="auto" lang="en"><p>Thaumatin at <em>room<\/em> temperature\.<\/p><p>Two sweeps\.<\/p><\/div>/);
    // Nowhere on the page, head included: the meta description and the JSON-LD state its text.
    expect(html).not.toMatch(/&lt;\/?(p|em|script)&gt;|\\u003c\/?(p|em|script)|alert\(2\)/);
    const meta = /<meta name="description" content="([^"]*)"/.exec(html)![1];
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect([meta, ld.description]).toEqual(['Thaumatin at room temperature. Two sweeps.', 'Thaumatin at room temperature. Two sweeps.']);
    // The description.md is the page body, rendered as before.
    expect(html).toMatch(/<h2 id="description-heading">Description<\/h2>\s*<div class="prose" dir="auto">[\s\S]*<strong>tetragonal<\/strong>/);
  });
});

describe('coverageText', () => {
  test('reads a polygon by the box that holds it, whatever its number of points', () => {
    const polygon: Array<[number, number]> = Array.from({ length: 200_000 }, (_, i) => [4 + (i % 7) / 100, 52 + (i % 5) / 100]);
    expect(coverageText({ place: null, point: null, box: null, polygon })).toBe('within 52° N to 52.04° N, 4° E to 4.06° E');
  });
});
