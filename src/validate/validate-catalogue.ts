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

export interface ValidatedRecord {
  raw: RawExperiment;
  /** null when the record is invalid or duplicates an earlier DOI (diagnostics say which). */
  record: ExperimentRecord | null;
  duplicate: boolean;
}

export async function* validateCatalogue(source: CatalogueSource, sink: DiagnosticSink): AsyncGenerator<ValidatedRecord> {
  const seen = new Map<string, string>();
  for await (const raw of source.experiments(sink)) {
    const record = validateRecord(raw, sink);
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

/** Validated datafiles of one dataset, in listing order; bad lines are reported and skipped. */
export async function* validDatafiles(
  source: CatalogueSource,
  record: Pick<ExperimentRecord, 'id'>,
  datasetId: string,
  sink: DiagnosticSink,
): AsyncGenerator<import('../record/types.ts').Datafile> {
  let unchecked = 0;
  let listing: string | null = null;
  for await (const line of source.datafiles(record.id, datasetId, sink.scoped({ record: record.id }))) {
    const file = validateDatafile(line.value, { record: record.id, file: line.file, line: line.position }, sink);
    if (!file) continue;
    if (!file.sha256 && !file.checksum) {
      unchecked++;
      listing ??= line.file;
    }
    yield file;
  }
  // Once per dataset, not per file: a 200,000-file listing without checksums is one finding.
  if (unchecked > 0) {
    sink.add({
      code: 'catalogue/checksum-missing',
      record: record.id,
      file: listing,
      message: `Dataset "${datasetId}": ${unchecked} file(s) have no published checksum; downloads of them cannot be verified.`,
    });
  }
}
