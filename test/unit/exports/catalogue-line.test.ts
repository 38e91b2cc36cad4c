import { describe, expect, test } from 'vitest';
import { catalogueLine, catalogueParts } from '../../../src/exports/catalogue-line.ts';
import { dcatDataset } from '../../../src/exports/dcat.ts';
import type { StagedRecord } from '../../../src/exports/record-dump.ts';

/** A staged record with text that could break a line format: tabs, line breaks, quotes, non-ASCII. */
function staged(): StagedRecord {
  const title = 'Lysozyme\tat 100 K\n“cryo” — Å';
  const doi = '10.5072/line-1';
  return {
    dump: {
      doi,
      doiUrl: `https://doi.org/${doi}`,
      url: `https://data.example.org/doi/${doi}/`,
      api: `https://data.example.org/api/records/${doi}.json`,
      state: 'findable',
      attributes: { titles: [{ title }], descriptions: [{ description: 'a\r\nb\u2028c' }] },
      aperture: { lastModified: '2025-02-03', datasets: [], metadata: {} },
    } as unknown as StagedRecord['dump'],
    slug: doi,
    path: `/doi/${doi}/`,
    title,
    description: 'Tabs\tand\nbreaks',
    creators: ['Élise Moreau'],
    keywords: ['lysozyme'],
    publisher: 'Facility',
    licenceUrl: null,
    released: '2025-02-03',
    datasetPages: [{ id: 'sweep', pages: 2 }],
  };
}

describe('a staged record line', () => {
  test('is one line whose parts are exactly the JSON the catalogue-wide outputs write', () => {
    const record = staged();
    const line = catalogueLine(record);
    expect(line).not.toContain('\n');
    const parts = catalogueParts(Buffer.from(line));
    expect(parts.facts).toMatchObject({ doi: record.dump.doi, slug: record.slug, path: record.path, lastModified: '2025-02-03', datasetPages: record.datasetPages });
    expect(parts.facts.feed.title).toBe(record.title);
    expect(parts.dump.toString()).toBe(JSON.stringify(record.dump));
    expect(parts.dcat.toString()).toBe(JSON.stringify(dcatDataset(record)));
    expect(JSON.parse(parts.index.toString())).toEqual({ doi: record.dump.doi, title: record.title, state: 'findable', url: record.dump.url, api: record.dump.api, lastModified: '2025-02-03' });
  });

  test('a line that is not one is refused, not half-read', () => {
    expect(() => catalogueParts(Buffer.from('{"doi":"10.5072/x"}'))).toThrow(/four fields/);
  });
});
