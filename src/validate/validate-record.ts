/**
 * The validate stage for one record: DataCite metadata and experiment.json together make
 * a typed ExperimentRecord, or the record is left out with diagnostics saying why.
 */
import type { RawExperiment } from '../catalogue/types.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { validateDataCite } from './datacite.ts';
import { validateExperimentJson } from './experiment.ts';
import { doiSlug } from '../record/identity.ts';
import { normaliseDoi } from '../record/doi.ts';
import { checkPublicationDate } from './publication-date.ts';

export function validateRecord(raw: RawExperiment, sink: DiagnosticSink): ExperimentRecord | null {
  const scoped = sink.scoped({ record: raw.id });
  // Unreadable metadata was reported by the source already.
  const datacite = raw.datacite === undefined ? null : validateDataCite(raw.datacite, scoped.scoped({ file: raw.files.datacite }));
  const fields = validateExperimentJson(raw.experiment, { record: raw.id, file: raw.files.experiment }, sink);
  if (!datacite || !fields) return null;
  const doi = normaliseDoi(datacite.doi);
  checkPublicationDate({ datacite, release: fields.release }, scoped.scoped({ file: raw.files.datacite }));
  return {
    id: raw.id,
    doi,
    slug: doiSlug(doi),
    datacite,
    descriptionMarkdown: raw.descriptionMarkdown,
    digest: raw.digest,
    files: raw.files,
    ...fields,
  };
}
