/**
 * The validate stage over a whole catalogue, streamed: each record validated on its own,
 * plus the one catalogue-wide rule, DOI uniqueness (case-insensitive; the first record
 * in catalogue order keeps the DOI, later ones are left out with an error).
 */
import type { CatalogueSource, RawExperiment } from '../catalogue/types.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { validateRecord } from './validate-record.ts';
import { validateDatafile } from './experiment.ts';
import { ListingProblems } from './listing-problems.ts';
import { formatCount } from '../record/number-text.ts';

export interface ValidatedRecord {
  raw: RawExperiment;
  /** null when the record is invalid or duplicates an earlier DOI (diagnostics say which). */
  record: ExperimentRecord | null;
  duplicate: boolean;
}

export async function* validateCatalogue(source: CatalogueSource, sink: DiagnosticSink): AsyncGenerator<ValidatedRecord> {
  const seen = new Map<string, string>();
  for await (const raw of source.experiments(sink)) {
    const record = validateWithinBoundary(raw, sink);
    if (!record) {
      yield { raw, record: null, duplicate: false };
      continue;
    }
    const first = seen.get(record.doi);
    if (first) {
      sink.add({
        code: 'doi/duplicate',
        record: record.id,
        file: record.files.datacite,
        pointer: '/doi',
        message: `DOI ${record.datacite.doi} is already used by record "${first}" (DOIs are case-insensitive); this record is left out.`,
      });
      yield { raw, record: null, duplicate: true };
      continue;
    }
    seen.set(record.doi, record.id);
    yield { raw, record, duplicate: false };
  }
}

/**
 * validateRecord inside the record's own failure boundary: a check that throws on some
 * input nobody foresaw costs that record (with a diagnostic naming the cause), not the catalogue.
 */
function validateWithinBoundary(raw: RawExperiment, sink: DiagnosticSink): ExperimentRecord | null {
  try {
    return validateRecord(raw, sink);
  } catch (error) {
    sink.add({
      code: 'catalogue/read-failed',
      record: raw.id,
      file: raw.files.datacite ?? raw.files.experiment,
      message: `Validating the record failed unexpectedly: ${error instanceof Error ? error.message : String(error)}; the record is left out.`,
    });
    return null;
  }
}

/** The bytes of a record's datafiles so far, across its datasets: one per record, passed to each of its validDatafiles calls. */
export interface RecordBytes {
  bytes: number;
}

/**
 * Validated datafiles of one dataset, in listing order; bad lines are reported and skipped.
 * Two files that would land in one place of a download folder or ZIP are reported: the
 * same path twice (text is NFC-normalised at load, so `é` composed or not is the same
 * path) is an error and the later line is skipped; a file where another needs a folder
 * (`a` and `a/b`) likewise; paths differing only in letter case collide on macOS and
 * Windows and are a warning. A line that would take the dataset's total past
 * Number.MAX_SAFE_INTEGER bytes (9 PB) is an error and skipped, as one file that size already
 * is: past it the sum is rounded, and past 10^21 written "1.08e+21", on the pages, in the JSON
 * exports and in DCAT's xsd:nonNegativeInteger. The record's total (the sum of its
 * datasets) is held to the same bound when the caller passes one `RecordBytes` to the
 * calls for each of a record's datasets, in their order. The build, `check` and `verify`
 * all read listings through this one function, so what `check` refuses is never published.
 */
export async function* validDatafiles(
  source: Pick<CatalogueSource, 'datafiles'>,
  record: Pick<ExperimentRecord, 'id'>,
  datasetId: string,
  outer: DiagnosticSink,
  recordBytes: RecordBytes = { bytes: 0 },
): AsyncGenerator<import('../record/types.ts').Datafile> {
  // A listing of 200,000 bad lines reports its first few, and the rest in one summary.
  const sink = new ListingProblems(outer);
  const collisions = new PathCollisions();
  let unchecked = 0;
  let listing: string | null = null;
  let bytes = 0;
  for await (const line of source.datafiles(record.id, datasetId, sink.scoped({ record: record.id }))) {
    const file = validateDatafile(line.value, { record: record.id, file: line.file, line: line.position }, sink);
    if (!file) continue;
    if (bytes + file.size > Number.MAX_SAFE_INTEGER) {
      sink.add({
        code: 'catalogue/datafile-invalid',
        record: record.id,
        file: line.file,
        pointer: `${line.position}:1`,
        message: `Listing line ${line.position}: ${formatCount(file.size)} bytes would take dataset "${datasetId}" past ${formatCount(Number.MAX_SAFE_INTEGER)} bytes (${formatCount(bytes)} so far), more than its totals can state exactly; the line is skipped.`,
      });
      continue;
    }
    if (recordBytes.bytes + file.size > Number.MAX_SAFE_INTEGER) {
      sink.add({
        code: 'catalogue/datafile-invalid',
        record: record.id,
        file: line.file,
        pointer: `${line.position}:1`,
        message: `Listing line ${line.position}: ${formatCount(file.size)} bytes would take the record's datasets together past ${formatCount(Number.MAX_SAFE_INTEGER)} bytes (${formatCount(recordBytes.bytes)} so far), more than its totals can state exactly; the line is skipped.`,
      });
      continue;
    }
    const clash = collisions.add(file.path, line.position);
    if (clash) {
      sink.add({
        code: 'catalogue/path-collision',
        record: record.id,
        file: line.file,
        pointer: `${line.position}:1`,
        message: `Listing line ${line.position}: ${JSON.stringify(file.path.slice(0, 200))} ${clash.message} (line ${clash.line})${clash.fatal ? '; the line is skipped' : ''}.`,
        ...(clash.fatal ? {} : { severity: 'warning' as const }),
      });
      if (clash.fatal) continue;
    }
    bytes += file.size;
    recordBytes.bytes += file.size;
    if (!file.sha256 && !file.checksum) {
      unchecked++;
      listing ??= line.file;
    }
    yield file;
  }
  sink.addSummary(record.id, datasetId);
  // Once per dataset, not per file: a 200,000-file listing without checksums is one finding.
  if (unchecked > 0) {
    outer.add({
      code: 'catalogue/checksum-missing',
      record: record.id,
      file: listing,
      message: `Dataset "${datasetId}": ${unchecked} file(s) have no published checksum; downloads of them cannot be verified.`,
    });
  }
}

/** Paths seen in one dataset, by exact value, case-folded value and folder prefixes. */
export class PathCollisions {
  private readonly exact = new Map<string, number>();
  private readonly folded = new Map<string, number>();
  private readonly folders = new Map<string, number>();

  add(path: string, line: number): { message: string; line: number; fatal: boolean } | null {
    const same = this.exact.get(path);
    if (same !== undefined) return { message: 'is listed twice, first', line: same, fatal: true };
    const asFolder = this.folders.get(path);
    if (asFolder !== undefined) return { message: 'is a file, but another file lies inside a folder of that name', line: asFolder, fatal: true };
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      const fileThere = this.exact.get(folder);
      if (fileThere !== undefined) return { message: `needs a folder ${JSON.stringify(folder)}, which is a file`, line: fileThere, fatal: true };
    }
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (!this.folders.has(folder)) this.folders.set(folder, line);
    }
    this.exact.set(path, line);
    const fold = path.toLowerCase();
    const similar = this.folded.get(fold);
    if (similar !== undefined) return { message: 'differs only in letter case from a path listed earlier, so the two collide on macOS and Windows', line: similar, fatal: false };
    this.folded.set(fold, line);
    return null;
  }
}
