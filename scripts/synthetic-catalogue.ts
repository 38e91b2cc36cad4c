/**
 * A synthetic catalogue at facility scale, in the documented format (docs/catalogue.md):
 * the records a facility archive really holds (five creators with ORCID iDs and ROR
 * affiliations, ~20 related identifiers, ~1,500-character abstracts, several datasets of
 * detector files with paths, sizes and SHA-256), so benchmarks and scale tests measure
 * realistic work. Deterministic: each experiment draws from its own generator seeded by
 * (seed, index), so the same options give byte-identical files and any experiment can be
 * made without the others. Streaming: experiments are produced one at a time and listings
 * line by line, so 100,000 experiments or a 200,000-file dataset cost constant memory.
 *
 * Plain Node TypeScript (only erasable syntax, node: modules only) so `node` runs it
 * without a compiler: `npm run generate` and `npm run bench:build` start at once.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';

export interface GenerateOptions {
  experiments: number;
  seed: number;
  /** Datasets per experiment (the last is processed data when there are three or more). */
  datasets: number;
  /** Files per raw dataset. */
  files: number;
  /** Adds one experiment holding one dataset of this many files (0: none). */
  giantFiles: number;
  /** A realistic mix of release states instead of every record released. */
  mix: boolean;
  /** Fraction (0..1) of experiments made invalid, one way each; listings get malformed lines too. */
  invalid: number;
}

export const DEFAULT_OPTIONS: GenerateOptions = { experiments: 1000, seed: 1, datasets: 3, files: 50, giantFiles: 0, mix: false, invalid: 0 };

export type ReleaseState = 'released' | 'metadata-only' | 'withdrawn' | 'unpublished';

/** The ways a record is broken by `invalid`, each caught by a different check of the build. */
export const INVALID_KINDS = ['malformed-json', 'missing-title', 'orcid-checksum', 'release-state', 'unknown-field', 'listing-lines'] as const;
export type InvalidKind = (typeof INVALID_KINDS)[number];

export interface SyntheticExperiment {
  id: string;
  state: ReleaseState;
  invalid: InvalidKind | null;
  /** File name (relative to the experiment folder) → contents; listings are in `listings`. */
  files: Array<[string, string]>;
  listings: Array<{ file: string; lines: () => Iterable<string> }>;
}

// ---------------------------------------------------------------------------------------
// Deterministic randomness

/** sfc32, seeded from a string through cyrb128: fast, and the same on every machine. */
export function rng(seedText: string): () => number {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seedText.length; i++) {
    const k = seedText.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  let a = Math.imul(h3 ^ (h1 >>> 18), 597399067) >>> 0;
  let b = Math.imul(h4 ^ (h2 >>> 22), 2869860233) >>> 0;
  let c = Math.imul(h1 ^ (h3 >>> 17), 951274213) >>> 0;
  let d = Math.imul(h2 ^ (h4 >>> 19), 2716044179) >>> 0;
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** 64 lower-case hex digits: the shape of a SHA-256 (the files do not exist to hash). */
export function fakeSha256(r: Rand): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += Math.floor(r() * 4294967296).toString(16).padStart(8, '0');
  return hex;
}

/** ISO 7064 MOD 11-2, the ORCID check character over the first 15 digits. */
export function orcidCheckCharacter(digits15: string): string {
  let total = 0;
  for (const ch of digits15) total = (total + Number(ch)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/** An ORCID iD in the ranges ORCID issues (0000-0001-5000-0007 … 0000-0003-…), check digit valid. */
export function fakeOrcid(r: Rand): string {
  const digits = `000000${int(r, 1, 3)}${pad(int(r, 0, 99_999_999), 8)}`;
  const full = digits + orcidCheckCharacter(digits);
  return `https://orcid.org/${full.slice(0, 4)}-${full.slice(4, 8)}-${full.slice(8, 12)}-${full.slice(12)}`;
}

// ---------------------------------------------------------------------------------------
// Vocabulary (real facilities, RORs and funder ids; invented people)

const FACILITIES = [
  { code: 'esrf', display: 'ESRF', name: 'European Synchrotron Radiation Facility', ror: 'https://ror.org/02550n020', beamlines: ['ID23-1', 'ID23-2', 'ID30A-1', 'ID30A-3', 'ID30B'], keyRoot: 'esrf' },
  { code: 'diamond', display: 'Diamond', name: 'Diamond Light Source', ror: 'https://ror.org/05etxs293', beamlines: ['I03', 'I04', 'I04-1', 'I24'], keyRoot: 'dls' },
  { code: 'petra', display: 'PETRA III', name: 'Deutsches Elektronen-Synchrotron DESY', ror: 'https://ror.org/01js2sh04', beamlines: ['P11', 'P13', 'P14'], keyRoot: 'desy' },
  { code: 'sls', display: 'SLS', name: 'Paul Scherrer Institute', ror: 'https://ror.org/03eh3y714', beamlines: ['X06SA', 'X06DA', 'X10SA'], keyRoot: 'psi' },
  { code: 'aus', display: 'Australian Synchrotron', name: 'Australian Nuclear Science and Technology Organisation', ror: 'https://ror.org/05j7fep28', beamlines: ['MX1', 'MX2'], keyRoot: 'ansto' },
] as const;

const AFFILIATIONS = [
  ['European Molecular Biology Laboratory', 'https://ror.org/03mstc592'],
  ['European Molecular Biology Laboratory Hamburg', 'https://ror.org/050589e39'],
  ['MRC Laboratory of Molecular Biology', 'https://ror.org/00tw3jy02'],
  ['University of Oxford', 'https://ror.org/052gg0110'],
  ['University of Virginia', 'https://ror.org/0153tk833'],
  ['University at Buffalo', 'https://ror.org/01y64my43'],
  ['SLAC National Accelerator Laboratory', 'https://ror.org/05gzmn429'],
  ['European XFEL', 'https://ror.org/01wp2jz98'],
] as const;

const FUNDERS = [
  ['European Research Council', 'https://doi.org/10.13039/501100000781', 'ERC'],
  ['European Commission', 'https://doi.org/10.13039/501100000780', 'EC'],
  ['Wellcome Trust', 'https://doi.org/10.13039/100004440', 'WT'],
  ['National Institutes of Health', 'https://doi.org/10.13039/100000002', 'R01GM'],
  ['Deutsche Forschungsgemeinschaft', 'https://doi.org/10.13039/501100001659', 'DFG'],
  ['Swiss National Science Foundation', 'https://doi.org/10.13039/501100001711', 'SNSF'],
  ['Biotechnology and Biological Sciences Research Council', 'https://doi.org/10.13039/501100000268', 'BB/'],
] as const;

const GIVEN = ['Élise', 'Anders', 'Chidi', 'Mei', 'Rafael', 'Ingrid', 'Tomasz', 'Aiko', 'Sofía', 'Jonas', 'Priya', 'Luca', 'Nadia', 'Kwame', 'Hannah', 'Mateo', 'Yuki', 'Fatima', 'Oskar', 'Lena', 'Dmitri', 'Amara', 'Ji-woo', 'Siobhán'];
const FAMILY = ['Moreau', 'Lindqvist', 'Okafor', 'Zhang', 'Ferreira', 'Halvorsen', 'Nowak', 'Tanaka', 'García', 'Becker', 'Raman', 'Bianchi', 'Haddad', 'Mensah', 'Schmidt', 'López', 'Sato', 'Benali', 'Andersson', 'Weber', 'Ivanov', 'Diallo', 'Park', "O'Connell"];

const PROTEINS = [
  ['hen egg-white lysozyme', 'tetragonal'],
  ['thaumatin', 'tetragonal'],
  ['proteinase K', 'tetragonal'],
  ['insulin', 'cubic'],
  ['trypsin', 'orthorhombic'],
  ['SARS-CoV-2 main protease', 'monoclinic'],
  ['photoactive yellow protein', 'hexagonal'],
  ['glucose isomerase', 'orthorhombic'],
  ['carbonic anhydrase II', 'monoclinic'],
  ['a bacterial ABC transporter', 'triclinic'],
  ['human kinase domain PKX1', 'orthorhombic'],
  ['a GH5 endoglucanase', 'trigonal'],
] as const;

const SENTENCES = [
  'Crystals were grown by sitting-drop vapour diffusion at 20 °C and cryo-cooled in liquid nitrogen after a brief soak in mother liquor supplemented with 25% glycerol.',
  'Data were collected with the rotation method in shutterless mode, with fine slicing chosen to minimise spot overlap along the longest cell axis.',
  'The beam was attenuated to keep the dose below 10 MGy per sweep, as estimated with RADDOSE-3D from the measured flux and crystal dimensions.',
  'Each sweep was integrated with XDS and scaled with AIMLESS; a second, independent processing with DIALS agrees within the estimated errors.',
  'Anomalous signal from the intrinsic sulfur atoms extends to about 2.4 Å and was sufficient to locate the sulfur substructure.',
  'The files are the unmerged diffraction images exactly as written by the detector, with the header metadata needed to reprocess them.',
  'Several crystals were screened before the best-diffracting one was used for the full sweeps described in the datasets of this record.',
  'Ice rings are visible in a few images of the second sweep and were excluded during integration without affecting completeness.',
  'The structure was solved by molecular replacement with the deposited model listed in the related identifiers, and refined against these data.',
  'Ligand occupancy was assessed from polder maps; the ligand is fully ordered in two of the four chains of the asymmetric unit.',
  'Beamline parameters (wavelength, detector distance, beam centre) are recorded per dataset and were checked against a powder standard the same day.',
  'These data are released under an open licence so that the community can reuse them for methods development and validation.',
  'The experiment was part of a proposal to study conformational changes on ligand binding at room and cryogenic temperature.',
  'Processing logs, integrated reflections and the merged MTZ file are included in the processed dataset alongside the raw images.',
] as const;

// ---------------------------------------------------------------------------------------
// One experiment

interface Creator {
  given: string;
  family: string;
  orcid: string;
  affiliation: readonly [string, string];
}

function abstractText(r: Rand, protein: string, form: string, facility: string, beamline: string, resolution: string): string {
  let text = `Diffraction data from ${form} crystals of ${protein}, collected at ${facility} beamline ${beamline}, diffracting to ${resolution} Å.`;
  // Fisher–Yates: a shuffle that does not depend on the engine's sort.
  const order = [...SENTENCES.keys()];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const i of order) {
    if (text.length >= 1450) break;
    text += ' ' + SENTENCES[i];
  }
  return text + ' This record is synthetic (DataCite test prefix 10.5072): the DOI does not resolve and no data were collected.';
}

function relatedIdentifiers(r: Rand): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0, n = int(r, 3, 5); i < n; i++) {
    const id = `${int(r, 1, 9)}${alnum[int(r, 0, 35)]}${alnum[int(r, 0, 35)]}${alnum[int(r, 0, 35)]}`;
    out.push({ relatedIdentifier: `10.2210/pdb${id}/pdb`, relatedIdentifierType: 'DOI', relationType: i === 0 ? 'IsSupplementTo' : 'References', resourceTypeGeneral: 'Dataset' });
  }
  for (let i = 0, n = int(r, 3, 4); i < n; i++) {
    out.push({ relatedIdentifier: String(int(r, 20_000_000, 39_999_999)), relatedIdentifierType: 'PMID', relationType: i === 0 ? 'IsCitedBy' : 'References' });
  }
  const articles = [
    () => `10.1107/S20597983${pad(int(r, 20, 25), 2)}${pad(int(r, 0, 9999), 4)}`,
    () => `10.1038/s41586-0${pad(int(r, 20, 25), 2)}-${pad(int(r, 0, 99999), 5)}-${int(r, 0, 9)}`,
    () => `10.1016/j.str.20${pad(int(r, 18, 25), 2)}.${pad(int(r, 1, 12), 2)}.${pad(int(r, 1, 30), 3)}`,
    () => `10.1073/pnas.2${pad(int(r, 0, 999_999_999), 9)}`,
    () => `10.1126/science.a${alnum.slice(0, 26)[int(r, 0, 25)]}${pad(int(r, 0, 9999), 4)}`,
  ];
  for (let i = 0, n = int(r, 5, 6); i < n; i++) {
    out.push({ relatedIdentifier: pick(r, articles)(), relatedIdentifierType: 'DOI', relationType: pick(r, ['IsCitedBy', 'IsSupplementTo', 'References'] as const), resourceTypeGeneral: 'JournalArticle' });
  }
  for (let i = 0; i < 2; i++) {
    out.push({ relatedIdentifier: `https://www.ncbi.nlm.nih.gov/pmc/articles/PMC${int(r, 1_000_000, 9_999_999)}/`, relatedIdentifierType: 'URL', relationType: 'IsCitedBy' });
  }
  out.push({ relatedIdentifier: `10.5281/zenodo.${int(r, 1_000_000, 9_999_999)}`, relatedIdentifierType: 'DOI', relationType: 'References', resourceTypeGeneral: 'Software' });
  while (out.length < 20) {
    out.push({ relatedIdentifier: `10.5072/aperture-synthetic.related-${int(r, 0, 999_999)}`, relatedIdentifierType: 'DOI', relationType: pick(r, ['IsVariantFormOf', 'IsPartOf', 'IsPreviousVersionOf', 'Cites'] as const), resourceTypeGeneral: 'Dataset' });
  }
  return out;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

interface DatasetPlan {
  id: string;
  title: string;
  kind: 'raw' | 'processed';
  derivedFrom: string | null;
  detector: string;
  format: 'cbf' | 'hdf5' | 'processed';
  files: number;
  width: number;
  frames: number;
}

const CBF = 'application/x-cbf';
const HDF5 = 'application/x-hdf5';

/** The listing of one dataset, line by line; fileCount/totalBytes come from the same walk. */
function* datasetLines(seedText: string, keyPrefix: string, d: DatasetPlan, malformedEvery: number): Generator<{ line: string; size: number }> {
  const r = rng(seedText);
  const stem = d.id.replace(/-/g, '_');
  for (let i = 1; i <= d.files; i++) {
    if (malformedEvery > 0 && i % malformedEvery === 0) {
      // A line a broken export would write: not JSON, so the build reports it by line number.
      yield { line: `{"path":"images/${stem}_${pad(i, 5)}.cbf","size":`, size: -1 };
      continue;
    }
    let file: Record<string, unknown>;
    if (d.format === 'cbf') {
      const name = `images/${stem}_${pad(i, 5)}.cbf`;
      const size = 6_224_107 + int(r, -200_000, 200_000);
      file = {
        path: name,
        size,
        sha256: fakeSha256(r),
        mediaType: CBF,
        key: `${keyPrefix}/${d.id}/${name}`,
        technical: { oscillation_start_deg: Math.round((i - 1) * d.width * 1e6) / 1e6, oscillation_width_deg: d.width, exposure_time_s: 0.02 },
      };
    } else if (d.format === 'hdf5') {
      const name = i === 1 ? `${stem}_master.h5` : `${stem}_data_${pad(i - 1, 6)}.h5`;
      const size = i === 1 ? 1_843_200 + int(r, 0, 40_000) : 402_653_184 + int(r, -30_000_000, 30_000_000);
      file = { path: name, size, sha256: fakeSha256(r), mediaType: HDF5, key: `${keyPrefix}/${d.id}/${name}` };
    } else {
      const names = ['XDS_ASCII.HKL', 'CORRECT.LP', 'INTEGRATE.LP', 'aimless.log', 'merged.mtz', 'unmerged.mtz'];
      const name = i <= names.length ? names[i - 1] : `extra/run_${pad(i, 4)}.log`;
      const size = int(r, 40_000, 60_000_000);
      file = { path: name, size, sha256: fakeSha256(r), mediaType: name.endsWith('.mtz') ? 'application/octet-stream' : 'text/plain', key: `${keyPrefix}/${d.id}/${name}` };
    }
    yield { line: JSON.stringify(file), size: file.size as number };
  }
}

function totals(lines: Iterable<{ size: number }>): { fileCount: number; totalBytes: number } {
  let fileCount = 0;
  let totalBytes = 0;
  for (const l of lines) {
    if (l.size < 0) continue;
    fileCount += 1;
    totalBytes += l.size;
  }
  return { fileCount, totalBytes };
}

/** Where experiment `index` was measured and its id: the first draws of its generator `r`. */
function experimentIdentity(r: Rand, index: number, o: GenerateOptions): { facility: (typeof FACILITIES)[number]; beamline: string; id: string } {
  const facility = pick(r, FACILITIES);
  const beamline = pick(r, facility.beamlines);
  const giant = o.giantFiles > 0 && index === o.experiments;
  return { facility, beamline, id: giant ? `${facility.code}-giant-${pad(o.seed, 4)}` : `${facility.code}-${beamline.toLowerCase().replace(/[^a-z0-9]+/g, '')}-${pad(index, 6)}` };
}

/**
 * With the mix of release states, one record in ten names the record before it (a new
 * version, a citation, a collection), so some public records name withdrawn and unreleased
 * ones, as real catalogues do. Its own generator: the other records are the same either way.
 */
function siblingRelations(index: number, o: GenerateOptions): Array<Record<string, string>> {
  if (!o.mix || index === 0 || index === o.experiments) return [];
  const r = rng(`${o.seed}:${index}:sibling`);
  if (r() >= 0.1) return [];
  const sibling = experimentIdentity(rng(`${o.seed}:${index - 1}`), index - 1, o).id;
  return [{ relatedIdentifier: `10.5072/aperture-synthetic.${sibling}`, relatedIdentifierType: 'DOI', relationType: pick(r, ['IsNewVersionOf', 'Cites', 'IsPartOf'] as const), resourceTypeGeneral: 'Dataset' }];
}

/** Experiment `index` (0-based) of the catalogue the options describe. */
export function syntheticExperiment(index: number, o: GenerateOptions): SyntheticExperiment {
  const seedText = `${o.seed}:${index}`;
  const r = rng(seedText);
  const giant = o.giantFiles > 0 && index === o.experiments;
  const { facility, beamline, id } = experimentIdentity(r, index, o);
  const doi = `10.5072/aperture-synthetic.${id}`;
  const roll = r();
  const state: ReleaseState = !o.mix || giant ? 'released' : roll < 0.9 ? 'released' : roll < 0.95 ? 'metadata-only' : roll < 0.98 ? 'withdrawn' : 'unpublished';
  const invalid: InvalidKind | null = !giant && o.invalid > 0 && r() < o.invalid ? pick(r, INVALID_KINDS) : null;

  // Released at the latest in 2025, so no synthetic record is published after today (a `date/future-publication` warning).
  const year = int(r, 2016, 2024);
  const month = int(r, 1, 12);
  const day = int(r, 1, 27);
  const collected = isoDate(year, month, day);
  const collectedEnd = isoDate(year, month, day + 1);
  const released = isoDate(year + 1, month, day);
  const [protein, form] = pick(r, PROTEINS);
  const resolution = (int(r, 90, 280) / 100).toFixed(2);
  const proposal = `${facility.code === 'esrf' ? 'MX' : facility.code === 'diamond' ? 'mx' : 'P'}-${int(r, 10_000, 99_999)}`;
  const keyPrefix = `${facility.keyRoot}/${proposal.toLowerCase()}`;

  const creators: Creator[] = [];
  for (let i = 0; i < 5; i++) {
    creators.push({ given: pick(r, GIVEN), family: pick(r, FAMILY), orcid: fakeOrcid(r), affiliation: i < 2 ? [facility.name, facility.ror] : pick(r, AFFILIATIONS) });
  }
  if (invalid === 'orcid-checksum') {
    const o0 = creators[0].orcid;
    const last = o0.slice(-1);
    creators[0].orcid = o0.slice(0, -1) + (last === '0' ? '1' : last === 'X' ? '0' : String((Number(last) + 1) % 10));
  }

  const width = pick(r, [0.05, 0.1, 0.1, 0.2] as const);
  const plans: DatasetPlan[] = [];
  const rawCount = giant ? 1 : o.datasets >= 3 ? o.datasets - 1 : o.datasets;
  for (let i = 1; i <= rawCount; i++) {
    const format = i % 2 === 1 ? 'cbf' : 'hdf5';
    const files = giant ? o.giantFiles : o.files;
    plans.push({
      id: `xtal-${i}`,
      title: `Crystal ${i}, ${format === 'cbf' ? `${files} × ${width}° sweep` : `EIGER2 sweep in ${Math.max(1, files - 1)} data files`}`,
      kind: 'raw',
      derivedFrom: null,
      detector: format === 'cbf' ? 'PILATUS 6M' : 'EIGER2 X 16M',
      format,
      files,
      width,
      frames: format === 'cbf' ? files : Math.max(1, files - 1) * 100,
    });
  }
  if (!giant && o.datasets >= 3) {
    plans.push({ id: 'xtal-1-processed', title: 'Crystal 1, integration and scaling', kind: 'processed', derivedFrom: 'xtal-1', detector: '', format: 'processed', files: Math.min(o.files, 6), width, frames: 0 });
  }
  const wavelength = Math.round((0.9 + r() * 0.4) * 1e4) / 1e4;
  const distance = Math.round((150 + r() * 250) * 10) / 10;
  const listings: SyntheticExperiment['listings'] = [];
  const datasets = plans.map((d, n) => {
    const seed = `${seedText}:${d.id}`;
    const malformedEvery = invalid === 'listing-lines' && n === 0 ? Math.max(2, Math.floor(d.files / 3)) : giant && o.invalid > 0 ? Math.max(2, Math.round(1 / o.invalid)) * 100 : 0;
    const counts = totals(datasetLines(seed, keyPrefix, d, malformedEvery));
    // Every state has its listing: the archive knows its files; the site decides what to show.
    listings.push({ file: `datasets/${d.id}.jsonl`, lines: () => mapLines(datasetLines(seed, keyPrefix, d, malformedEvery)) });
    return {
      id: d.id,
      title: d.title,
      description: d.kind === 'processed' ? 'XDS_ASCII.HKL, CORRECT.LP and the merged MTZ.' : null,
      kind: d.kind,
      derivedFrom: d.derivedFrom,
      hitRate: null,
      fileCount: counts.fileCount,
      totalBytes: counts.totalBytes,
      technical:
        d.kind === 'raw'
          ? { detector: d.detector, wavelength_angstrom: wavelength, distance_mm: distance, oscillation_width_deg: d.width, frames: d.frames }
          : null,
      bundles: [],
      listing: `datasets/${d.id}.jsonl`,
    };
  });

  const release = {
    state: invalid === 'release-state' ? 'relased' : state,
    releasedOn: state === 'unpublished' ? null : released,
    filesAvailableFrom: state === 'metadata-only' ? isoDate(2030, month, day) : null,
    withdrawnOn: state === 'withdrawn' ? isoDate(year + 2, month, day) : null,
    withdrawalReason: state === 'withdrawn' ? 'The indexing of sweep 2 was found to be wrong; a corrected record replaces this one.' : null,
  };
  const experiment: Record<string, unknown> = {
    release,
    facility: facility.display,
    instrument: beamline,
    technique: { name: 'macromolecular crystallography', panet: 'PaNET01245' },
    proposal,
    collected: { start: collected, end: collectedEnd },
    datasets,
  };
  if (invalid === 'unknown-field') experiment.beamtimeNotes = 'a field the format does not define';

  const title = `${protein[0].toUpperCase()}${protein.slice(1)}, ${form}, ${resolution} Å rotation data from ${facility.display} ${beamline}`;
  const funder = pick(r, FUNDERS);
  const datacite: Record<string, unknown> = {
    doi,
    creators: creators.map((c) => ({
      name: `${c.family}, ${c.given}`,
      nameType: 'Personal',
      givenName: c.given,
      familyName: c.family,
      nameIdentifiers: [{ nameIdentifier: c.orcid, nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
      affiliation: [{ name: c.affiliation[0], affiliationIdentifier: c.affiliation[1], affiliationIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' }],
    })),
    titles: invalid === 'missing-title' ? [] : [{ title, lang: 'en' }],
    publisher: { name: facility.name },
    publicationYear: year + 1,
    types: { resourceTypeGeneral: 'Dataset', resourceType: 'Diffraction images' },
    subjects: [{ subject: 'macromolecular crystallography' }, { subject: protein }, { subject: 'rotation method' }],
    dates: [
      { date: released, dateType: 'Issued' },
      { date: `${collected}/${collectedEnd}`, dateType: 'Collected' },
    ],
    language: 'en',
    rightsList: [
      r() < 0.85
        ? { rights: 'Creative Commons Attribution 4.0 International', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'CC-BY-4.0', rightsIdentifierScheme: 'SPDX', schemeUri: 'https://spdx.org/licenses/' }
        : { rights: 'Creative Commons Zero v1.0 Universal', rightsUri: 'https://creativecommons.org/publicdomain/zero/1.0/legalcode', rightsIdentifier: 'CC0-1.0', rightsIdentifierScheme: 'SPDX', schemeUri: 'https://spdx.org/licenses/' },
    ],
    descriptions: [{ description: abstractText(r, protein, form, facility.name, beamline, resolution), descriptionType: 'Abstract', lang: 'en' }],
    relatedIdentifiers: [...relatedIdentifiers(r), ...siblingRelations(index, o)],
    fundingReferences: [{ funderName: funder[0], funderIdentifier: funder[1], funderIdentifierType: 'Crossref Funder ID', awardNumber: `${funder[2]}-${int(r, 100_000, 999_999)}` }],
  };
  let dataciteText = JSON.stringify(datacite, null, 2) + '\n';
  if (invalid === 'malformed-json') dataciteText = dataciteText.slice(0, Math.floor(dataciteText.length / 2));

  const description = [
    `## ${title}`,
    '',
    `Collected on ${collected} during proposal ${proposal} at ${facility.display} ${beamline}.`,
    '',
    '| Dataset | Files | Kind |',
    '| --- | --- | --- |',
    ...datasets.map((d) => `| ${d.title} | ${d.fileCount} | ${d.kind} |`),
    '',
    '- Reprocess the raw images with XDS or DIALS; the headers carry the geometry.',
    '- Cite this record with its DOI as well as the article that describes the structure.',
    '',
  ].join('\n');

  return {
    id,
    state,
    invalid,
    files: [
      ['datacite.json', dataciteText],
      ['experiment.json', JSON.stringify(experiment, null, 2) + '\n'],
      ['description.md', description],
    ],
    listings,
  };
}

function* mapLines(lines: Iterable<{ line: string }>): Generator<string> {
  for (const l of lines) yield l.line;
}

// ---------------------------------------------------------------------------------------
// Writing

export interface GenerateSummary {
  experiments: number;
  states: Record<ReleaseState, number>;
  invalid: Partial<Record<InvalidKind, number>>;
  files: number;
  listingLines: number;
  bytes: number;
}

async function writeListing(file: string, lines: Iterable<string>): Promise<{ lines: number; bytes: number }> {
  const out = createWriteStream(file);
  let n = 0;
  let bytes = 0;
  let chunk = '';
  for (const line of lines) {
    chunk += line + '\n';
    n += 1;
    if (chunk.length >= 1 << 16) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return { lines: n, bytes };
}

export async function writeExperiment(dir: string, e: SyntheticExperiment, summary: GenerateSummary): Promise<void> {
  const folder = path.join(dir, e.id);
  await mkdir(path.join(folder, 'datasets'), { recursive: true });
  for (const [name, text] of e.files) {
    await writeFile(path.join(folder, name), text);
    summary.files += 1;
    summary.bytes += Buffer.byteLength(text);
  }
  for (const l of e.listings) {
    const written = await writeListing(path.join(folder, l.file), l.lines());
    summary.files += 1;
    summary.listingLines += written.lines;
    summary.bytes += written.bytes;
  }
}

/** Writes the catalogue into `dir` (which must not hold another), a few experiments in flight at a time. */
export async function generateCatalogue(dir: string, o: GenerateOptions, onProgress?: (done: number) => void): Promise<GenerateSummary> {
  const summary: GenerateSummary = { experiments: 0, states: { released: 0, 'metadata-only': 0, withdrawn: 0, unpublished: 0 }, invalid: {}, files: 0, listingLines: 0, bytes: 0 };
  await mkdir(dir, { recursive: true });
  const total = o.experiments + (o.giantFiles > 0 ? 1 : 0);
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const e = syntheticExperiment(i, o);
    summary.experiments += 1;
    summary.states[e.state] += 1;
    if (e.invalid) summary.invalid[e.invalid] = (summary.invalid[e.invalid] ?? 0) + 1;
    const p: Promise<void> = writeExperiment(dir, e, summary).then(() => void inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 16) await Promise.race(inFlight);
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1);
  }
  await Promise.all(inFlight);
  return summary;
}
