/**
 * A record with no files — a bare DataCite record, an experiment released without datasets —
 * offers no downloads: no "Download data (0 B)", no "Download all files: All 0 files", no empty
 * description heading. Real registered records (a coin at the American Numismatic Society, a
 * thesis) are of this kind.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, fixtureExperiment, releasedMxSpec } from '../helpers/catalogue-fixtures.ts';

const DOI = '10.5072/aperture-no-files';

/** The page's visible text, markup dropped. */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a record without files', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await buildFixtureSite([
      {
        id: 'no-files',
        datacite: fixtureDataCite(DOI, 'Silver denarius of Augustus', { descriptions: [], types: { resourceTypeGeneral: 'PhysicalObject', resourceType: 'Coin' } }),
        experiment: fixtureExperiment({ state: 'released' }, []),
      },
      releasedMxSpec(),
    ]);
  });

  test('is published, and its page says no files are published here instead of offering 0 B to download', async () => {
    expect(site.report.stage.published.map((p) => p.doi)).toContain(DOI);
    const text = visible(await site.read(`doi/${DOI}/index.html`));
    expect(text).toContain('No files of this coin are published on this site.');
    expect(text).toMatch(/Files None on this site/);
    for (const offer of ['Download data', 'Download all files', '0 files', '0 B', 'Description', 'Cite this dataset']) expect(text, offer).not.toContain(offer);
    // A coin is no dataset: it is cited as what its registered type calls it (resourceNounOf).
    expect(text).toContain('Cite this coin');
  });

  test('a record with files still offers them', async () => {
    const text = visible(await site.read('doi/10.5072/aperture-released-fixture/index.html'));
    expect(text).toMatch(/Download data \(\d/);
    expect(text).toContain('Download all files');
    expect(text).toContain('Description');
    expect(text).toContain('Cite this dataset');
  });
});
