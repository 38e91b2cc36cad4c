/**
 * A DataCite record's descriptions are all on its landing page: the abstract, and each other
 * description (Methods, TechnicalInfo, …) under its own heading, each marked with the language
 * it is written in, as the title is. Records from Zenodo, PANGAEA or a facility's own DataCite
 * client often put how the data were collected in a Methods description.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, releasedMxSpec } from '../helpers/catalogue-fixtures.ts';
import { otherDescriptionsOf } from '../../src/record/descriptions.ts';

const PAGE = 'doi/10.5072/aperture-descriptions/index.html';

const descriptions = [
  { description: 'Vorbereitung der Kristalle.', descriptionType: 'Methods', lang: 'de' },
  { description: 'Diffraction images of lysozyme crystals.', descriptionType: 'Abstract', lang: 'en' },
  { description: 'Crystals grown by hanging-drop vapour diffusion.\n\nFlash-cooled in liquid nitrogen.', descriptionType: 'Methods' },
  { description: 'Wavelength 0.9763 Å & beam 80 × 20 µm <b>', descriptionType: 'TechnicalInfo' },
  // Repeats the abstract: shown once.
  { description: 'Diffraction  images of lysozyme crystals.', descriptionType: 'Other' },
];

describe('otherDescriptionsOf', () => {
  test('gives every description but the abstract, in order, without repeats', () => {
    expect(otherDescriptionsOf({ descriptions } as never)).toEqual([
      { type: 'Methods', text: 'Vorbereitung der Kristalle.', lang: 'de' },
      { type: 'Methods', text: 'Crystals grown by hanging-drop vapour diffusion.\n\nFlash-cooled in liquid nitrogen.', lang: null },
      { type: 'TechnicalInfo', text: 'Wavelength 0.9763 Å & beam 80 × 20 µm <b>', lang: null },
    ]);
  });

  test('leaves out the description serving as the abstract when there is no Abstract', () => {
    const series = { description: 'Beamline reports, volume 3', descriptionType: 'SeriesInformation' };
    const methods = { description: 'Collected at 100 K.', descriptionType: 'Methods' };
    expect(otherDescriptionsOf({ descriptions: [series, methods] } as never)).toEqual([{ type: 'SeriesInformation', text: 'Beamline reports, volume 3', lang: null }]);
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
      language: 'en',
      descriptions,
    });
    site = await buildFixtureSite([spec]);
    expect(site.report.ok).toBe(true);
    html = await site.read(PAGE);
  });

  test('shows each description under its own heading, escaped, in its own language', () => {
    const section = (heading: string) => new RegExp(`<h2 id="description-\\d+-heading">${heading}</h2>\\s*<div class="prose"( lang="(\\w+)")?>([\\s\\S]*?)</div>`, 'g');
    const methods = [...html.matchAll(section('Methods'))];
    expect(methods.map((m) => [m[2] ?? null, m[3]])).toEqual([
      ['de', '<p>Vorbereitung der Kristalle.</p>'],
      [null, '<p>Crystals grown by hanging-drop vapour diffusion.</p><p>Flash-cooled in liquid nitrogen.</p>'],
    ]);
    const technical = [...html.matchAll(section('Technical information'))];
    expect(technical.map((m) => m[3])).toEqual(['<p>Wavelength 0.9763 Å &amp; beam 80 × 20 µm &lt;b&gt;</p>']);
    expect(html).not.toContain('Further description');
  });

  test('marks the title with its own language, and the abstract with its own', () => {
    expect(html).toMatch(/<h1 lang="de">Lysozym-Beugungsdaten<\/h1>/);
    expect(html).toMatch(/<div class="prose" lang="en"><p>Diffraction images of lysozyme crystals\.<\/p>/);
  });
});
