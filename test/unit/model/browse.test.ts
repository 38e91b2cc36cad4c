import { describe, expect, test } from 'vitest';
import { browseStage, experimentPages, facetValuePages, RECORDS_PER_PAGE } from '../../../src/model/browse.ts';
import { browseFacets, byRelease, facetSlug, type FacetId, type RecordSummary } from '../../../src/model/site.ts';
import { pdbPages } from '../../../src/model/pdb-index.ts';
import { hitRateBand } from '../../../src/model/bands.ts';
import { recordSummary } from '../../helpers/record-summary.ts';

const summary = recordSummary;

describe('browse without search', () => {
  const many = Array.from({ length: 120 }, (_, i) => summary(i));

  test('all experiments, paginated, newest release first and oldest first', () => {
    const pages = experimentPages(many);
    const newest = pages.filter((p) => !p.path.startsWith('/experiments/oldest/'));
    const oldest = pages.filter((p) => p.path.startsWith('/experiments/oldest/'));
    expect(newest.map((p) => p.path)).toEqual(['/experiments/', '/experiments/page/2/', '/experiments/page/3/']);
    expect(oldest.map((p) => p.path)).toEqual(['/experiments/oldest/', '/experiments/oldest/page/2/', '/experiments/oldest/page/3/']);
    expect(newest[0].records).toHaveLength(RECORDS_PER_PAGE);
    expect(newest[2].records).toHaveLength(20);
    expect(newest[1].summaryText).toBe('Experiments 51–100 of 120, newest release first.');
    expect(newest[1].pagination).toMatchObject({ prevPath: '/experiments/', nextPath: '/experiments/page/3/', pageCount: 3 });
    // Every record once per order, and the orders are each other's reverse.
    const paths = (ps: typeof pages) => ps.flatMap((p) => p.records.map((r) => r.path));
    expect(new Set(paths(newest)).size).toBe(120);
    expect(paths(oldest)).toEqual([...paths(newest)].reverse());
    const dates = newest.flatMap((p) => p.records).map((r) => many.find((s) => s.path === r.path)!.releasedOn!);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(newest[0].records[0]).toMatchObject({ byline: 'Moreau, Okafor · ESRF ID23-1 · macromolecular crystallography', countsText: expect.stringMatching(/^2 datasets, 1,200 files · released /) });
  });

  test('every search filter is a browse facet, values ordered by magnitude where they are bands', () => {
    const facets = browseFacets([
      summary(1, { hitRateBands: [hitRateBand(0.12)], wavelengthBands: ['1.3–1.4 Å'] }),
      summary(2, { hitRateBands: [hitRateBand(0.004)], detectors: ['EIGER2 XE 16M', 'PILATUS 6M'] }),
    ]);
    expect(facets.map((f) => f.id)).toEqual(['facility', 'beamline', 'technique', 'year', 'detector', 'wavelength', 'hit-rate']);
    expect(facets.find((f) => f.id === 'hit-rate')!.values.map((v) => v.value)).toEqual(['under 1 %', '10–25 %']);
    expect(facets.find((f) => f.id === 'wavelength')!.values.map((v) => v.value)).toEqual(['0.9–1.0 Å', '1.3–1.4 Å']);
    expect(facets.find((f) => f.id === 'detector')!.values).toEqual([
      { value: 'EIGER2 XE 16M', slug: 'eiger2-xe-16m', count: 1, path: '/browse/detector/eiger2-xe-16m/' },
      { value: 'PILATUS 6M', slug: 'pilatus-6m', count: 2, path: '/browse/detector/pilatus-6m/' },
    ]);
  });

  test('a facet value with more records than a page is paginated', () => {
    const stage = browseStage(many);
    const detector = stage.routes.lists.filter((l) => l.path.startsWith('/browse/detector/pilatus-6m/'));
    expect(detector.map((l) => l.path)).toEqual(['/browse/detector/pilatus-6m/', '/browse/detector/pilatus-6m/page/2/', '/browse/detector/pilatus-6m/page/3/']);
    expect(new Set(stage.files.map((f) => f.model)).size).toBe(stage.files.length);
  });

  test('a page per PDB entry lists every record referencing it, with RCSB and PDBe links; malformed ids get none', () => {
    const pages = pdbPages([summary(1, { pdb: ['1LYZ'] }), summary(2, { pdb: ['1LYZ', '6LU7'] }), summary(3, { pdb: ['../x'] })]);
    expect(pages.map((p) => [p.id, p.path, p.records.length])).toEqual([
      ['1LYZ', '/pdb/1lyz/', 2],
      ['6LU7', '/pdb/6lu7/', 1],
    ]);
    expect(pages[0]).toMatchObject({ rcsb: 'https://www.rcsb.org/structure/1LYZ', pdbe: 'https://www.ebi.ac.uk/pdbe/entry/pdb/1lyz', countText: '2 experiments in this archive reference PDB entry 1LYZ.' });
  });

  test('a catalogue with many values gets the same browse pages as when each value filtered the whole catalogue', () => {
    // Thousands of values, several per record, and values whose slugs collide ("PILATUS 6M", "Pilatus 6M").
    const catalogue = Array.from({ length: 2000 }, (_, i) =>
      summary(i, {
        title: `Record ${i % 97}`,
        facility: ['ESRF', 'Diamond', 'PETRA III', null][i % 4],
        beamline: i % 9 === 0 ? null : `Beamline ${i % 701}`,
        technique: i % 5 === 0 ? 'serial crystallography' : 'macromolecular crystallography',
        releasedOn: i % 11 === 0 ? null : `${2010 + (i % 15)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
        year: String(2010 + (i % 17)),
        detectors: [`Detector ${i % 157}`, i % 3 === 0 ? 'PILATUS 6M' : 'Pilatus 6M', `Detector ${(i * 7) % 157}`],
        wavelengthBands: [`${(i % 13) / 10}–${(i % 13) / 10 + 0.1} Å`],
        hitRateBands: i % 4 === 0 ? [hitRateBand((i % 50) / 100)] : [],
        pdb: [`${1 + (i % 9)}ab${i % 10}`],
      }),
    );
    // The definition the stage used to apply once per value.
    const values: Record<FacetId, (s: RecordSummary) => string[]> = {
      facility: (s) => (s.facility ? [s.facility] : []),
      beamline: (s) => (s.beamline ? [s.beamline] : []),
      technique: (s) => (s.technique ? [s.technique] : []),
      year: (s) => [(s.releasedOn ?? s.year).slice(0, 4)],
      detector: (s) => s.detectors,
      wavelength: (s) => s.wavelengthBands,
      'hit-rate': (s) => s.hitRateBands,
    };
    const facets = browseFacets(catalogue);
    expect(facets.reduce((n, f) => n + f.values.length, 0)).toBeGreaterThan(600);
    const before = [
      ...experimentPages(catalogue),
      ...facets.flatMap((f) => f.values.flatMap((v) => facetValuePages(catalogue.filter((s) => values[f.id](s).some((x) => facetSlug(x) === v.slug)).sort(byRelease), f, v))),
    ];
    const stage = browseStage(catalogue);
    const lists = stage.files.map((f) => f.data).filter((d) => !('rcsb' in d));
    expect(lists).toEqual(before);
    expect(stage.routes.lists.map((l) => l.path)).toEqual(before.map((p) => p.path));
  });

  test('an entry referenced by thousands of records lists each of them once', () => {
    const catalogue = Array.from({ length: 5000 }, (_, i) => summary(i, { pdb: ['1LYZ', '1lyz', i % 2 ? '6LU7' : 'pdb_00001lyz'] }));
    const pages = pdbPages(catalogue);
    expect(pages.map((p) => [p.id, p.records.length])).toEqual([
      ['1LYZ', 5000],
      ['6LU7', 2500],
    ]);
    expect(new Set(pages[0].records.map((r) => r.path)).size).toBe(5000);
  });
});
