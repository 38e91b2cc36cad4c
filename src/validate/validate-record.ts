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
  const fields = validateExperimentJson(raw.experiment, { record: raw.id, file: raw.files.experiment, listings: raw.files.listings }, sink);
  if (!datacite || !fields) return null;
  const doi = normaliseDoi(datacite.doi);
  checkPublicationDate({ datacite, release: fields.release }, scoped.scoped({ file: raw.files.datacite }));
  const slug = pageSlug(doi, scoped.scoped({ file: raw.files.datacite }));
  if (slug === null) return null;
  return {
    id: raw.id,
    doi,
    slug,
    datacite,
    descriptionMarkdown: raw.descriptionMarkdown,
    digest: raw.digest,
    files: raw.files,
    ...fields,
  };
}

/** The page path of a validated DOI; validation is stricter than doiSlug, so a throw here is reported, never escapes. */
function pageSlug(doi: string, sink: DiagnosticSink): string | null {
  try {
    return doiSlug(doi);
  } catch (error) {
    sink.add({ code: 'datacite/doi-syntax', pointer: '/doi', message: `No page path can be made for the DOI ${JSON.stringify(doi.slice(0, 100))}: ${error instanceof Error ? error.message : String(error)}` });
    return null;
  }
}
