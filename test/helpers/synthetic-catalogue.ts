/**
 * A minimal deterministic generator of large catalogues for the scale test
 * (test/build/scale.test.ts): N experiments in the docs/catalogue.md format, varied over
 * facilities, beamlines, techniques and release years, with a few withdrawn, metadata-only
 * and unpublished records. Records are written one at a time, so memory stays flat in N.
 * (`npm run generate`, issue 9 point 1, is the full generator with realistic sizes.)
 */
import path from 'node:path';
import { writeFixtureCatalogue, fixtureDataCite, fixtureExperiment, sweepFiles } from './catalogue-fixtures.ts';

/** mulberry32: a small seeded PRNG, so the same seed writes the same catalogue. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FACILITIES = [
  { facility: 'Fixture Light Source', instruments: ['FX1', 'FX2', 'FX3'] },
  { facility: 'Second Synchrotron', instruments: ['B21', 'I04'] },
  { facility: 'Test XFEL', instruments: ['SPB/SFX'] },
];
const TECHNIQUES = [
  { name: 'macromolecular crystallography', panet: 'PaNET01245' },
  { name: 'small-angle X-ray scattering', panet: 'PaNET01127' },
  { name: 'serial femtosecond crystallography', panet: 'PaNET01246' },
];

export interface SyntheticRecord {
  id: string;
  doi: string;
  title: string;
  state: 'released' | 'metadata-only' | 'withdrawn' | 'unpublished';
  /** Files in its one dataset. */
  files: number;
}

const STATES = ['withdrawn', 'metadata-only', 'unpublished'] as const;

function syntheticRecord(i: number, next: () => number): SyntheticRecord {
  const roll = next();
  // The first three records have the rarer states, so even a small catalogue has each.
  const state = STATES[i] ?? (roll < 0.01 ? 'withdrawn' : roll < 0.02 ? 'metadata-only' : roll < 0.025 ? 'unpublished' : 'released');
  // Padded numbers: no record's DOI or title is a prefix of another's (the release audit
  // searches the output for unpublished records' DOIs and titles as plain text).
  const n = String(i).padStart(6, '0');
  return { id: `synthetic-${n}`, doi: `10.5072/aperture-synthetic-${n}`, title: `Synthetic experiment ${n}`, state, files: 1 + Math.floor(next() * 4) };
}

/** Writes `n` experiments into `dir`; returns what was written, one small line per record. */
export async function writeSyntheticCatalogue(dir: string, n: number, seed = 1): Promise<SyntheticRecord[]> {
  const next = random(seed);
  const written: SyntheticRecord[] = [];
  for (let i = 0; i < n; i++) {
    const record = syntheticRecord(i, next);
    const site = FACILITIES[Math.floor(next() * FACILITIES.length)];
    const instrument = site.instruments[Math.floor(next() * site.instruments.length)];
    const technique = TECHNIQUES[Math.floor(next() * TECHNIQUES.length)];
    const year = 2015 + Math.floor(next() * 11);
    const release =
      record.state === 'withdrawn'
        ? { state: 'withdrawn', releasedOn: `${year}-03-01`, withdrawnOn: `${year}-09-15`, withdrawalReason: 'Synthetic withdrawal.' }
        : record.state === 'metadata-only'
          ? { state: 'metadata-only', releasedOn: `${year}-03-01`, filesAvailableFrom: '2030-01-01' }
          : record.state === 'unpublished'
            ? { state: 'unpublished', releasedOn: null }
            : { state: 'released', releasedOn: `${year}-03-01` };
    const files = [...sweepFiles(`${record.id}-sweep`, record.files)];
    const dataset = {
      id: 'sweep-1',
      title: `Rotation sweep of ${record.id}`,
      description: null,
      kind: 'raw',
      derivedFrom: null,
      hitRate: null,
      fileCount: record.files,
      totalBytes: files.reduce((sum, f) => sum + Number(f.size), 0),
      technical: { detector: 'PILATUS 6M', frames: record.files },
      bundles: [],
      listing: 'datasets/sweep-1.jsonl',
    };
    await writeFixtureCatalogue(dir, [
      {
        id: record.id,
        datacite: fixtureDataCite(record.doi, record.title, { publicationYear: year, dates: [{ date: `${year}-03-01`, dateType: 'Issued' }] }),
        experiment: { ...fixtureExperiment(release, [dataset]), facility: site.facility, instrument, technique, proposal: `SY-${i}` },
        listings: { 'sweep-1': files },
      },
    ]);
    written.push(record);
  }
  return written;
}

export function syntheticRecordFolder(dir: string, record: SyntheticRecord): string {
  return path.join(dir, record.id);
}
