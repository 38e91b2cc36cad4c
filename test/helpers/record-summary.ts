import type { RecordSummary } from '../../src/model/site.ts';

/** The i-th of a run of public records as the site-wide pages see them, released a day apart. */
export function recordSummary(i: number, over: Partial<RecordSummary> = {}): RecordSummary {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
  return {
    path: `/doi/10.5072/r${i}/`,
    doiDisplay: `10.5072/r${i}`,
    title: `Record ${i}`,
    creatorsText: 'Moreau, Okafor',
    year: '2024',
    releasedOn: `${2020 + Math.floor(i / 336)}-${month}-${day}`,
    collectedStart: null,
    facility: 'ESRF',
    beamline: 'ESRF ID23-1',
    technique: 'macromolecular crystallography',
    licence: 'CC-BY-4.0',
    state: 'released',
    datasets: 2,
    files: 1200,
    bytes: 1,
    pdb: [],
    detectors: ['PILATUS 6M'],
    wavelengthBands: ['0.9–1.0 Å'],
    hitRateBands: [],
    ...over,
  };
}
