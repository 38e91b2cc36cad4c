/**
 * Writes the datafile listings of the demo catalogue (content/<exp>/datasets/<id>.jsonl)
 * and the matching fileCount/totalBytes in experiment.json. Every line describes a file
 * that exists: its size and SHA-256 are those of the bytes scripts/demo-files.ts makes
 * for it (a synthetic frame where Aperture reads the image, a short placeholder
 * elsewhere), which scripts/generate-demo-objects.ts writes where the bucket would be.
 * Deterministic: the same table gives byte-identical files, so the output is committed
 * and this script is re-run only when the table (or the frame generator) changes.
 *
 *   PATH=$PWD/node_modules/.bin:$PATH tsx scripts/generate-demo-listings.ts [content]
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { TechnicalMetadata } from '../src/record/types.ts';
import { demoFileBytes, frameKeys, sha256Hex } from './demo-files.ts';

interface Line {
  path: string;
  size: number;
  sha256: string;
  mediaType: string;
  key: string;
  technical?: Record<string, number | string>;
}

/** Everything a generator needs to name keys: `<facility>/<proposal>/<dataset>/<path>`. */
interface Where {
  experiment: string;
  keyPrefix: string;
}

type Generator = (where: Where) => Iterable<Omit<Line, 'sha256' | 'key'>>;

const CBF = 'application/x-cbf';
const HDF5 = 'application/x-hdf5';
const SMV = 'application/x-smv';
const TEXT = 'text/plain';

/** Deterministic pseudo-random integer in [0, n) from a seed string. */
function jitter(seed: string, n: number): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) % n;
}

function pad(i: number, width: number): string {
  return String(i).padStart(width, '0');
}

/** A rotation sweep of single-image files, with per-file oscillation start. */
function sweep(
  prefix: string,
  frames: number,
  o: { start?: number; width: number; exposure: number; size: number; ext?: string; mediaType?: string; digits?: number; first?: number },
): Generator {
  return function* () {
    const { start = 0, ext = 'cbf', mediaType = CBF, digits = 5, first = 1 } = o;
    for (let i = 0; i < frames; i++) {
      const name = `${prefix}_${pad(first + i, digits)}.${ext}`;
      yield {
        path: name,
        // Compressed CBF sizes vary with content; SMV is fixed (header + pixels).
        size: ext === 'img' ? o.size : o.size + jitter(name, 400_000) - 200_000,
        mediaType,
        technical: {
          oscillation_start_deg: Math.round((start + i * o.width) * 1000) / 1000,
          oscillation_width_deg: o.width,
          exposure_time_s: o.exposure,
        },
      };
    }
  };
}

/** Stills (serial crystallography): no per-file technical metadata, which the dataset carries. */
function stills(prefix: string, frames: number, size: number): Generator {
  return function* () {
    for (let i = 1; i <= frames; i++) {
      const name = `${prefix}_${pad(i, 6)}.cbf`;
      yield { path: name, size: size + jitter(name, 200_000) - 100_000, mediaType: CBF };
    }
  };
}

/** The frames of `raw` whose deterministic "hit score" falls under the hit rate. */
function hitsOf(raw: Generator, hitRate: number): Generator {
  return function* (where) {
    for (const line of raw(where)) if (jitter(`hit:${line.path}`, 1_000_000) < hitRate * 1_000_000) yield line;
  };
}

/** An NXmx master file plus data files of `perFile` frames (EIGER/JUNGFRAU/AGIPD layout). */
function nxmx(prefix: string, frames: number, perFile: number, bytesPerFrame: number, detail: Record<string, number | string> = {}): Generator {
  return function* () {
    yield { path: `${prefix}_master.h5`, size: 4_718_592 + jitter(prefix, 90_000), mediaType: HDF5, technical: { frames, ...detail } };
    const files = Math.ceil(frames / perFile);
    for (let f = 1; f <= files; f++) {
      const n = Math.min(perFile, frames - (f - 1) * perFile);
      const name = `${prefix}_data_${pad(f, 6)}.h5`;
      yield { path: name, size: n * bytesPerFrame + jitter(name, 5_000_000), mediaType: HDF5, technical: { frames: n } };
    }
  };
}

/** Run files of an XFEL (one HDF5 or CXI file per chunk of events). */
function runFiles(prefix: string, files: number, ext: 'h5' | 'cxi', meanSize: number, framesPerFile: number): Generator {
  return function* () {
    for (let f = 1; f <= files; f++) {
      const name = `${prefix}_${pad(f, 4)}.${ext}`;
      yield { path: name, size: meanSize + jitter(name, Math.floor(meanSize / 10)), mediaType: HDF5, technical: { frames: framesPerFile } };
    }
  };
}

function fixed(files: Array<[string, number, string]>): Generator {
  return function* () {
    for (const [name, size, mediaType] of files) yield { path: name, size, mediaType };
  };
}

const chip07 = stills('images/chip07', 20_000, 6_100_000);

/** `<experiment>/<dataset>` → how its files look. */
const LISTINGS: Record<string, Generator> = {
  'esrf-dc-2493599001/nmt-rb555-femur': fixed([
    ['femur_coarse_10um.h5', 48_318_382_080, HDF5],
    ['femur_roi_0.856um_001.h5', 62_277_025_792, HDF5],
    ['femur_roi_0.856um_002.h5', 62_277_025_792, HDF5],
    ['femur_roi_0.856um_003.h5', 61_203_283_968, HDF5],
  ]),
  'esrf-dc-2493599001/nmt-rb555-maxilla': fixed([
    ['maxilla_coarse_3.16um.h5', 52_613_349_376, HDF5],
    ['maxilla_roi_0.856um_001.h5', 62_277_025_792, HDF5],
  ]),
  'esrf-es-2210534378/session': function* (where) {
    for (let s = 1; s <= 12; s++) yield* nxmx(`xtal${pad(s, 2)}/xtal${pad(s, 2)}_1`, 1800, 100, 1_350_000, { oscillation_width_deg: 0.2 })(where);
  },
  'esrf-id23-1-lysozyme/lyso-1': sweep('images/lyso_1', 900, { width: 0.2, exposure: 0.04, size: 6_224_107 }),
  'esrf-id23-1-lysozyme/lyso-1-xds': fixed([
    ['XDS.INP', 2_811, TEXT],
    ['CORRECT.LP', 402_118, TEXT],
    ['XDS_ASCII.HKL', 48_771_230, TEXT],
    ['lyso_1_scaled.mtz', 9_877_504, 'application/octet-stream'],
  ]),
  'diamond-i03-thaumatin/thau-01': nxmx('thau_01', 3600, 100, 3_900_000, { oscillation_width_deg: 0.1 }),
  'diamond-i03-thaumatin/thau-02': nxmx('thau_02', 3600, 100, 3_900_000, { oscillation_width_deg: 0.1 }),
  'diamond-i04-withdrawn/gfp-1': sweep('gfp_1', 360, { width: 0.5, exposure: 0.1, size: 6_150_000, digits: 4 }),
  'aus-mx2-proteinase-k/protk-cryo': nxmx('protk_cryo', 3600, 100, 4_100_000, { oscillation_width_deg: 0.1 }),
  'aus-mx2-proteinase-k/protk-rt': nxmx('protk_rt', 1800, 100, 2_600_000, { oscillation_width_deg: 0.1 }),
  'sls-x06sa-insulin/ins-sad': sweep('ins_sad_1', 1800, { width: 0.2, exposure: 0.1, size: 5_900_000 }),
  'petra-p11-ssx-lysozyme/chip-07': chip07,
  'petra-p11-ssx-lysozyme/chip-07-hits': hitsOf(chip07, 0.118),
  'swissfel-alvra-photoactive/run-0042-dark': runFiles('run0042/run0042_JF16M', 50, 'h5', 16_106_127_360, 1000),
  'swissfel-alvra-photoactive/run-0042-dark-hits': runFiles('run0042/run0042_hits', 11, 'cxi', 3_435_973_837, 973),
  'swissfel-alvra-photoactive/run-0043-1ps': runFiles('run0043/run0043_JF16M', 50, 'h5', 16_106_127_360, 1000),
  'swissfel-alvra-photoactive/run-0043-1ps-hits': runFiles('run0043/run0043_hits', 10, 'cxi', 3_221_225_472, 935),
  'lcls-cxi-nanocrystals/r0095': runFiles('r0095/cxilp1219-r0095-c', 120, 'h5', 2_147_483_648, 1000),
  'lcls-cxi-nanocrystals/r0095-hits': runFiles('r0095-hits/r0095-hits', 8, 'cxi', 1_932_735_283, 915),
  'als-821-smv-trypsin/tryp-1': sweep('tryp_1', 180, { width: 1, exposure: 1, size: 18_874_880, ext: 'img', mediaType: SMV, digits: 3 }),
  'euxfel-spb-mpro/r0113': runFiles('r0113/CORR-R0113-AGIPD', 160, 'h5', 8_589_934_592, 2200),
  'euxfel-spb-mpro/r0113-hits': runFiles('r0113-hits/r0113-hits', 16, 'cxi', 4_294_967_296, 2046),
  'euxfel-spb-mpro/merged': fixed([
    ['mpro.stream', 5_368_709_120, TEXT],
    ['mpro.hkl', 8_811_203, TEXT],
    ['mpro.mtz', 3_112_960, 'application/octet-stream'],
  ]),
  'esrf-id30a3-unreleased/zqx7-1': nxmx('zqx7_1', 1200, 100, 1_350_000, { oscillation_width_deg: 0.1 }),
  'diamond-i04-multicrystal/xtal-01': sweep('xtal_01', 100, { width: 0.5, exposure: 0.05, size: 6_150_000, digits: 4 }),
  'diamond-i04-multicrystal/xtal-02': sweep('xtal_02', 100, { start: 45, width: 0.5, exposure: 0.05, size: 6_150_000, digits: 4 }),
  'diamond-i04-multicrystal/multiplex': fixed([
    ['scaled.mtz', 5_242_880, 'application/octet-stream'],
    ['scaled_unmerged.mtz', 31_457_280, 'application/octet-stream'],
    ['xia2.multiplex.html', 2_411_520, 'text/html'],
    ['xia2.multiplex.log', 388_221, TEXT],
  ]),
};

interface ExperimentJson {
  proposal: string | null;
  facility: string | null;
  technique?: { name?: string | null } | null;
  datasets: Array<{ id: string; kind: string; derivedFrom: string | null; fileCount: number; totalBytes: number; listing: string | null; technical: TechnicalMetadata | null }>;
}

async function main(root: string): Promise<void> {
  const experiments = new Set(Object.keys(LISTINGS).map((k) => k.split('/')[0]));
  let total = 0;
  for (const experiment of [...experiments].sort()) {
    const file = path.join(root, experiment, 'experiment.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as ExperimentJson;
    for (const dataset of json.datasets) {
      const generator = LISTINGS[`${experiment}/${dataset.id}`];
      if (!generator) throw new Error(`No listing generator for ${experiment}/${dataset.id}`);
      const keyPrefix = [slug(json.facility ?? experiment), slug(json.proposal ?? 'none'), dataset.id].join('/');
      const listing = dataset.listing ?? `datasets/${dataset.id}.jsonl`;
      const parent = json.datasets.find((d) => d.id === dataset.derivedFrom);
      const declared = { ...parent?.technical, ...dataset.technical };
      const stills = dataset.technical?.oscillation_width_deg === 0 || parent?.technical?.oscillation_width_deg === 0;
      const { count, bytes } = await writeListing(path.join(root, experiment, listing), generator({ experiment, keyPrefix }), keyPrefix, declared, stills);
      dataset.fileCount = count;
      dataset.totalBytes = bytes;
      total += count;
    }
    await writeFile(file, JSON.stringify(json, null, 2) + '\n');
  }
  console.error(`wrote listings for ${experiments.size} experiments, ${total} files`);
}

async function writeListing(
  file: string,
  generated: Iterable<Omit<Line, 'sha256' | 'key'>>,
  keyPrefix: string,
  declared: TechnicalMetadata,
  stills: boolean,
): Promise<{ count: number; bytes: number }> {
  const lines = [...generated].map((line) => ({ ...line, key: `${keyPrefix}/${line.path}` }));
  const frames = await frameKeys(lines);
  const out = createWriteStream(file);
  let count = 0;
  let bytes = 0;
  for (const line of lines) {
    const content = await demoFileBytes(line, declared, frames.has(line.key), stills);
    // The listing's size is the object's: the demo's downloads must verify.
    const full: Line = { path: line.path, size: content.byteLength, sha256: sha256Hex(content), mediaType: line.mediaType, key: line.key };
    if (line.technical) full.technical = line.technical;
    if (!out.write(JSON.stringify(full) + '\n')) await once(out, 'drain');
    count++;
    bytes += content.byteLength;
  }
  out.end();
  await once(out, 'finish');
  return { count, bytes };
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-|-$/g, '');
}

await main(process.argv[2] ?? path.join(import.meta.dirname, '..', 'content'));
