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
const safeRelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), 'must be a relative path without ".."');

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
  key: safeRelativePath,
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
    key: safeRelativePath,
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
}

/** Validates parsed experiment.json. Returns null (after reporting) when the record cannot be used. */
export function validateExperimentJson(raw: unknown, ctx: ValidationContext, sink: DiagnosticSink): ExperimentFields | null {
  const scoped = sink.scoped({ record: ctx.record, file: ctx.file });
  if (raw === undefined || raw === null) {
    scoped.add({ code: 'catalogue/experiment-invalid', message: 'The record has no experiment.json.' });
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
  const problems = checkRelease(release, scoped) + checkDatasets(value.datasets, scoped);
  if (problems > 0) return null;
  const datasets = value.datasets.map((d) => ({
    ...d,
    // Stored relative to the catalogue root (DatasetRecord.listing); experiment.json names it relative to its folder.
    listing: `${ctx.record}/${d.listing ?? `datasets/${d.id}.jsonl`}`,
  }));
  return { ...value, release, datasets };
}

/** Validates one parsed listing line. Returns null (after reporting) when the line is unusable. */
export function validateDatafile(value: unknown, ctx: ValidationContext, sink: DiagnosticSink): Datafile | null {
  const parsed = DatafileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const scoped = sink.scoped({ record: ctx.record, file: ctx.file });
  for (const issue of parsed.error.issues) {
    const where = pointer(...issue.path.map(pathSegment));
    scoped.add({
      code: issue.path[0] === 'sha256' || issue.path[0] === 'checksum' ? 'catalogue/checksum-invalid' : 'catalogue/datafile-invalid',
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
