/**
 * experiment.json → typed release, facility, technique and datasets (docs/catalogue.md),
 * and one listing line → Datafile. Structure is checked with zod (issues mapped to JSON
 * pointers); the rules zod cannot say (unique dataset ids, derivedFrom targets, what each
 * release state requires) follow. Problems become diagnostics, never exceptions.
 */
import { z } from 'zod';
import { pointer, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { DiagnosticCode } from '../diagnostics/codes.ts';
import type { ReleaseState } from '../catalogue/types.ts';
import type { Datafile, ExperimentRecord, ReleaseInfo } from '../record/types.ts';
import { CHECKSUM_HEX_LENGTH, OTHER_CHECKSUM_ALGORITHMS } from '../record/checksum.ts';
import { ID_PATTERN } from '../record/identity.ts';

/** Record and dataset ids (defined by the record core's identity). */
export { ID_PATTERN };
const RELEASE_STATES: readonly ReleaseState[] = ['released', 'metadata-only', 'unpublished', 'withdrawn'];

/** A real calendar date, YYYY-MM-DD. */
const isoDate = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');
const nonNegativeInt = z.number().int().nonnegative();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');
/** A path inside the catalogue: relative, forward slashes, no `..` segment, so it cannot escape its folder. */
const safeRelativePath = z.string().superRefine((p, ctx) => {
  const problem = pathProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An object-store key: an address, not a file name, so only what could climb out of the bucket prefix or split a line is refused. */
const safeKey = z.string().superRefine((k, ctx) => {
  const problem =
    k === '' ? 'must not be empty'
    : k.length > MAX_PATH_LENGTH ? `is ${k.length} characters long; keys are at most ${MAX_PATH_LENGTH}`
    : CONTROLS.test(k) ? 'contains a control character (a line break or tab?)'
    : k.startsWith('/') ? 'starts with "/"; keys are relative to the bucket'
    : k.includes('\\') ? 'contains a backslash; separate folders with "/"'
    : k.split('/').some((s) => s === '..' || s === '.') ? 'has a "." or ".." segment'
    : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Longest path (characters) and path segment (UTF-8 bytes) accepted: what common file systems hold. */
export const MAX_PATH_LENGTH = 4096;
export const MAX_SEGMENT_BYTES = 255;
/** Bidirectional controls reorder what a reader sees (`evil\u202Etxt.exe` shows as `evilexe.txt`). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Why a relative path cannot be used as a download path, or null. Each cause is named
 * (a backslash is not a `..` problem); the rules are what every file system, the ZIP and
 * each manifest format can hold without rewriting (docs/security.md).
 */
export function pathProblem(p: string): string | null {
  if (p === '') return 'must not be empty';
  if (p.length > MAX_PATH_LENGTH) return `is ${p.length} characters long; paths are at most ${MAX_PATH_LENGTH}`;
  if (CONTROLS.test(p)) return 'contains a control character (a line break or tab?)';
  if (BIDI_CONTROLS.test(p)) return 'contains a bidirectional control character, which would display the name in another order than it is';
  if (/^[A-Za-z]:/.test(p)) return `starts with a Windows drive (${p.slice(0, 2)}); paths are relative to the dataset folder`;
  if (p.includes('\\')) return 'contains a backslash; separate folders with "/"';
  if (p.startsWith('/')) return 'starts with "/"; paths are relative to the dataset folder';
  const segments = p.split('/');
  if (segments.includes('..')) return 'has a ".." segment, which would leave the dataset folder';
  if (segments.includes('.')) return 'has a "." segment; write the path without "./"';
  if (segments.includes('')) return p.endsWith('/') ? 'ends with "/"; a path names a file' : 'has an empty segment ("//")';
  const trailing = segments.find((s) => /[. ]$/.test(s));
  if (trailing !== undefined) return `has a segment ending in a dot or space (${JSON.stringify(trailing.slice(-40))}), which Windows drops`;
  const long = segments.find((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES);
  if (long !== undefined) return `has a segment of ${Buffer.byteLength(long)} bytes; file names are at most ${MAX_SEGMENT_BYTES}`;
  return null;
}

/** Characters Windows file names cannot hold (the controls are refused for every system above). */
const NOT_ON_WINDOWS = /[<>:"|?*]/;
/** Device names Windows reserves in every folder, with any extension (`aux.cbf`, `COM1.h5`). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\.|$)/i;

/**
 * Why a usable path cannot be saved under its name on Windows, or null. Only a warning: the
 * file downloads everywhere else and the name is the data's own; but download.sh stops at
 * it there (curl cannot create the file) and a ZIP extracts it renamed or not at all.
 */
export function portabilityProblem(p: string): string | null {
  for (const segment of p.split('/')) {
    const c = NOT_ON_WINDOWS.exec(segment);
    if (c) return `${JSON.stringify(segment.slice(0, 80))} holds ${JSON.stringify(c[0])}, which Windows does not allow in a file name`;
    if (WINDOWS_DEVICE.test(segment)) return `${JSON.stringify(segment.slice(0, 80))} is a device name Windows reserves in every folder`;
  }
  return null;
}

const optionalNumber = z.number().finite().nullable().optional();
export const TechnicalMetadataSchema = z.strictObject({
  detector: z.string().nullable().optional(),
  wavelength_angstrom: optionalNumber,
  distance_mm: optionalNumber,
  beam_centre_x_px: optionalNumber,
  beam_centre_y_px: optionalNumber,
  pixel_size_x_mm: optionalNumber,
  pixel_size_y_mm: optionalNumber,
  exposure_time_s: optionalNumber,
  oscillation_start_deg: optionalNumber,
  oscillation_width_deg: optionalNumber,
  frames: nonNegativeInt.nullable().optional(),
  width_px: nonNegativeInt.nullable().optional(),
  height_px: nonNegativeInt.nullable().optional(),
});

const BundleSchema = z.strictObject({
  format: z.string().min(1),
  key: safeKey,
  size: nonNegativeInt,
  sha256,
});

const DatasetSchema = z.strictObject({
  id: z.string().regex(ID_PATTERN, 'must match [a-z0-9][a-z0-9._-]*'),
  title: z.string().trim().min(1),
  description: z.string().nullable().default(null),
  kind: z.enum(['raw', 'processed', 'hits']),
  derivedFrom: z.string().nullable().default(null),
  hitRate: z.number().min(0).max(1).nullable().default(null),
  fileCount: nonNegativeInt,
  totalBytes: nonNegativeInt,
  technical: TechnicalMetadataSchema.nullable().default(null),
  bundles: z.array(BundleSchema).default([]),
  listing: safeRelativePath.refine((p) => p.endsWith('.jsonl'), 'must name a .jsonl file').nullable().default(null),
});

const ReleaseSchema = z.strictObject({
  // Checked apart (releaseState) so a bad state degrades to unpublished instead of failing the record.
  state: z.unknown().optional(),
  releasedOn: isoDate.nullable().default(null),
  filesAvailableFrom: isoDate.nullable().default(null),
  withdrawnOn: isoDate.nullable().default(null),
  withdrawalReason: z.string().trim().min(1).nullable().default(null),
});

const ExperimentSchema = z.strictObject({
  release: ReleaseSchema.default({ releasedOn: null, filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null }),
  facility: z.string().trim().min(1).nullable().default(null),
  instrument: z.string().trim().min(1).nullable().default(null),
  technique: z
    .strictObject({
      name: z.string().trim().min(1),
      panet: z.string().regex(/^PaNET\d{5}$/, 'must be a PaNET term id like PaNET01245').nullable().default(null),
    })
    .nullable()
    .default(null),
  proposal: z.string().trim().min(1).nullable().default(null),
  collected: z
    .strictObject({ start: isoDate.nullable().default(null), end: isoDate.nullable().default(null) })
    .default({ start: null, end: null }),
  datasets: z.array(DatasetSchema).default([]),
});

/** A checksum other than SHA-256; its value must be as long as the algorithm's digest. */
const OtherChecksumSchema = z
  .strictObject({ algorithm: z.enum(OTHER_CHECKSUM_ALGORITHMS), value: z.string() })
  .superRefine((c, ctx) => {
    const digits = CHECKSUM_HEX_LENGTH[c.algorithm];
    if (!new RegExp(`^[0-9a-f]{${digits}}$`).test(c.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `a ${c.algorithm} checksum must be ${digits} lower-case hex digits` });
    }
  });

export const DatafileSchema = z
  .strictObject({
    path: safeRelativePath,
    size: nonNegativeInt,
    sha256: sha256.optional(),
    checksum: OtherChecksumSchema.optional(),
    mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type like application/x-cbf'),
    key: safeKey,
    technical: TechnicalMetadataSchema.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.sha256 !== undefined && f.checksum !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['checksum'], message: 'give either sha256 or checksum, not both' });
    }
  });

export type ExperimentFields = Omit<
  ExperimentRecord,
  'id' | 'doi' | 'slug' | 'datacite' | 'descriptionMarkdown' | 'digest' | 'files'
>;

export interface ValidationContext {
  /** Record id (experiment folder name). */
  record: string;
  /** File the value was read from, relative to the catalogue root; null when there is none. */
  file: string | null;
  /** For listing lines: the 1-based line number, used as the pointer prefix. */
  line?: number;
  /** Where the record's dataset listings are named, when they are no files in its folder (RawExperiment.files.listings). */
  listings?: string;
}

/** Validates parsed experiment.json. Returns null (after reporting) when the record cannot be used. */
export function validateExperimentJson(raw: unknown, ctx: ValidationContext, sink: DiagnosticSink): ExperimentFields | null {
  const scoped = sink.scoped({ record: ctx.record, file: ctx.file });
  if (raw === undefined || raw === null) {
    // A file that is there but could not be read (malformed, a duplicate key) was reported by the reader.
    if (raw === null) scoped.add({ code: 'catalogue/experiment-invalid', message: 'experiment.json holds null, not an object.' });
    else if (ctx.file === null) scoped.add({ code: 'catalogue/experiment-invalid', message: 'The record has no experiment.json.' });
    return null;
  }
  const state = releaseState(raw, scoped);
  const parsed = ExperimentSchema.safeParse(raw);
  if (!parsed.success) {
    reportIssues(parsed.error.issues, 'catalogue/experiment-invalid', scoped);
    return null;
  }
  const value = parsed.data;
  const release: ReleaseInfo = { ...value.release, state };
  // A bare DataCite file has no experiment.json: its release date comes from its Issued date or
  // publicationYear, and when those are missing the DataCite check says so; "releasedOn" would name a field the curator never wrote.
  const synthesised = ctx.file === null;
  const problems = (synthesised ? 0 : checkRelease(release, scoped)) + checkDatasets(value.datasets, scoped);
  if (problems > 0) return null;
  const datasets = value.datasets.map((d) => ({
    ...d,
    // Stored relative to the catalogue root (DatasetRecord.listing); experiment.json names it relative to its folder.
    listing: ctx.listings ?? `${ctx.record}/${d.listing ?? `datasets/${d.id}.jsonl`}`,
  }));
  return { ...value, release, datasets };
}

/** Validates one parsed listing line. Returns null (after reporting) when the line is unusable. */
export function validateDatafile(value: unknown, ctx: ValidationContext, sink: DiagnosticSink): Datafile | null {
  const parsed = DatafileSchema.safeParse(value);
  if (parsed.success) {
    const problem = portabilityProblem(parsed.data.path);
    if (problem) {
      sink.add({
        code: 'catalogue/path-not-portable',
        record: ctx.record,
        file: ctx.file,
        pointer: ctx.line === undefined ? '/path' : `${ctx.line}:1`,
        message: `Listing line ${ctx.line ?? '?'} at /path: ${problem}; readers on Windows cannot save the file under this name.`,
      });
    }
    return parsed.data;
  }
  const scoped = sink.scoped({ record: ctx.record, file: ctx.file });
  for (const issue of parsed.error.issues) {
    const where = pointer(...issue.path.map(pathSegment));
    scoped.add({
      code: issue.path[0] === 'sha256' || issue.path[0] === 'checksum' ? 'catalogue/checksum-invalid' : issue.code === 'custom' && (issue.path[0] === 'path' || issue.path[0] === 'key') ? 'catalogue/path-unsafe' : 'catalogue/datafile-invalid',
      // Listing lines are text: the pointer is line:column, the field goes in the message.
      pointer: ctx.line === undefined ? where || null : `${ctx.line}:1`,
      message: `Listing line ${ctx.line ?? '?'}${where ? ` at ${where}` : ''}: ${issue.message}.`,
    });
  }
  return null;
}

/** An unknown or missing state never publishes: it is reported and treated as unpublished. */
function releaseState(raw: unknown, sink: DiagnosticSink): ReleaseState {
  const release = isObject(raw) ? raw.release : undefined;
  const state = isObject(release) ? release.state : undefined;
  if (typeof state === 'string' && (RELEASE_STATES as readonly string[]).includes(state)) return state as ReleaseState;
  sink.add({
    code: 'catalogue/release-state',
    pointer: pointer('release', 'state'),
    message:
      state === undefined
        ? 'release.state is missing; the record is treated as unpublished.'
        : `release.state ${JSON.stringify(state)} is not one of ${RELEASE_STATES.join(', ')}; the record is treated as unpublished.`,
  });
  return 'unpublished';
}

function checkRelease(release: ReleaseInfo, sink: DiagnosticSink): number {
  const missing: Array<[keyof ReleaseInfo, string]> = [];
  if (release.state === 'released' || release.state === 'metadata-only' || release.state === 'withdrawn') {
    if (!release.releasedOn) missing.push(['releasedOn', `a ${release.state} record needs the date its DOI became public`]);
  }
  if (release.state === 'metadata-only' && !release.filesAvailableFrom) {
    missing.push(['filesAvailableFrom', 'a metadata-only record needs the date its files open']);
  }
  if (release.state === 'withdrawn') {
    if (!release.withdrawnOn) missing.push(['withdrawnOn', 'a withdrawn record needs its withdrawal date']);
    if (!release.withdrawalReason) missing.push(['withdrawalReason', 'a withdrawn record needs the reason, shown on its tombstone']);
  }
  for (const [field, why] of missing) {
    sink.add({ code: 'catalogue/experiment-invalid', pointer: pointer('release', field), message: `release.${field} is missing: ${why}.` });
  }
  return missing.length;
}

function checkDatasets(datasets: Array<{ id: string; derivedFrom: string | null; kind: string; hitRate: number | null }>, sink: DiagnosticSink): number {
  let problems = 0;
  const ids = new Set(datasets.map((d) => d.id));
  const seen = new Set<string>();
  datasets.forEach((d, i) => {
    if (seen.has(d.id)) {
      problems++;
      sink.add({ code: 'catalogue/duplicate-id', pointer: pointer('datasets', i, 'id'), message: `Dataset id "${d.id}" is used twice in this experiment.` });
    }
    seen.add(d.id);
    if (d.derivedFrom !== null && (!ids.has(d.derivedFrom) || d.derivedFrom === d.id)) {
      problems++;
      sink.add({
        code: 'catalogue/experiment-invalid',
        pointer: pointer('datasets', i, 'derivedFrom'),
        message: `derivedFrom "${d.derivedFrom}" does not name another dataset of this experiment.`,
      });
    }
    if (d.kind === 'hits' && d.derivedFrom === null) {
      problems++;
      sink.add({
        code: 'catalogue/experiment-invalid',
        pointer: pointer('datasets', i, 'derivedFrom'),
        message: 'A hits-only dataset must name the raw dataset it was selected from (derivedFrom).',
      });
    }
  });
  return problems;
}

function reportIssues(issues: readonly z.core.$ZodIssue[], code: DiagnosticCode, sink: DiagnosticSink): void {
  for (const issue of issues) {
    const where = pointer(...issue.path.map(pathSegment));
    sink.add({ code, pointer: where || null, message: `${where || 'experiment.json'}: ${issue.message}.` });
  }
}

function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}
