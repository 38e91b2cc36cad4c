/**
 * Methods, TechnicalInfo, TableOfContents, SeriesInformation and Other descriptions are the
 * record's text too: the page shows each under its own heading, search finds their words, and
 * the DataCite export keeps every one with its type.
 */
import { describe, expect, test } from 'vitest';
import { toLandingPage } from '../../../src/model/landing.ts';
import { searchDocument } from '../../../src/index/search-document.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import { experimentRecord } from '../citation/factory.ts';

// One made-up word per description, so a hit can only come from that description.
const WORDS = { Methods: 'cryocooledzeta', TechnicalInfo: 'pixelbinningomega', TableOfContents: 'chapterlistkappa', SeriesInformation: 'commissioningseriesrho', Other: 'miscellanynotesigma' } as const;
const record = experimentRecord({}, {
  descriptions: [
    { description: 'Rotation data of lysozyme crystals collected at 100 K on the example beamline.', descriptionType: 'Abstract' },
    ...Object.entries(WORDS).map(([descriptionType, word]) => ({ description: `Text with ${word} in it.`, descriptionType })),
  ],
});

describe('descriptions other than the abstract', () => {
  const page = toLandingPage(record, { siteUrl: 'https://data.example.org', publicBaseUrl: null, filesPerPage: 50, now: '2026-11-01T00:00:00Z' } as never);

  test('the page shows each, search finds each one\'s words', () => {
    expect(page.otherDescriptions?.map((d) => d.html).join(' ')).toContain(WORDS.Methods);
    expect(page.otherDescriptions).toHaveLength(5);
    const doc = searchDocument(page);
    for (const word of Object.values(WORDS)) expect(doc, word).toContain(word);
  });

  test('the DataCite XML keeps each with its descriptionType', () => {
    const xml = toDataCiteXml(record.datacite);
    for (const [type, word] of Object.entries(WORDS)) expect(xml).toMatch(new RegExp(`descriptionType="${type}"[^>]*>Text with ${word}`));
  });
});
