/**
 * Where each technical value on a dataset's pages comes from, decided once at staging:
 * a file row's values come from the catalogue's listing, from the file's header (read by
 * the enrich stage) or were not read; a dataset's declared values are checked against
 * what its files say, and each disagreement is reported (image/declared-mismatch).
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Datafile, ExperimentRecord } from '../record/types.ts';
import type { TechnicalAggregate } from '../enrich/aggregate.ts';
import { isDiffractionRecord, isImageFile } from '../enrich/enrich-catalogue.ts';
import { reconcileTechnical, type TechnicalRow } from '../model/technical.ts';
import type { FileTechnicalSource } from '../model/dataset-page.ts';

export function fileTechnicalSource(record: ExperimentRecord, file: Datafile, fromHeader: Datafile['technical'] | undefined): FileTechnicalSource {
  if (file.technical && Object.values(file.technical).some((v) => v !== null && v !== undefined)) return 'listing';
  if (fromHeader && Object.keys(fromHeader).length > 0) return 'file';
  if (!isImageFile(file)) return null;
  return isDiffractionRecord(record) ? 'not-read' : 'not-diffraction';
}

/** The dataset's rows, declared values checked against the files; each conflict becomes a warning. */
export function reconcileAndReport(
  rows: TechnicalRow[],
  aggregate: TechnicalAggregate,
  where: { record: ExperimentRecord; datasetId: string; sink: DiagnosticSink },
): TechnicalRow[] {
  const { rows: reconciled, conflicts } = reconcileTechnical(rows, aggregate);
  const index = where.record.datasets.findIndex((d) => d.id === where.datasetId);
  for (const c of conflicts) {
    where.sink.add({
      code: 'image/declared-mismatch',
      record: where.record.id,
      file: where.record.files.experiment,
      pointer: index >= 0 ? `/datasets/${index}/technical` : null,
      message: `Dataset "${where.datasetId}": experiment.json declares ${c.label.toLowerCase()} ${c.declared}, but the files read say ${c.files}; pages show ${c.files}.`,
    });
  }
  return reconciled;
}
