/**
 * The record a curator names by DOI, read and validated exactly as the build will read it,
 * so `aperture release` says up front whether the build will publish it.
 */
import { openCatalogue } from '../catalogue/open-catalogue.ts';
import { DiagnosticSink, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { normaliseDoi } from '../record/doi.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { validateRecord } from '../validate/validate-record.ts';

export interface NamedRecord {
  /** Catalogue id of the record that claims the DOI, or null when none does. */
  id: string | null;
  record: ExperimentRecord | null;
  diagnostics: Diagnostic[];
}

export async function findRecord(catalogue: string, doi: string): Promise<NamedRecord> {
  const wanted = normaliseDoi(doi);
  const source = openCatalogue(catalogue);
  const readSink = new DiagnosticSink();
  for await (const raw of source.experiments(readSink)) {
    const claimed = (raw.datacite as { doi?: unknown } | undefined)?.doi;
    if (typeof claimed !== 'string' || normaliseDoi(claimed) !== wanted) continue;
    const sink = new DiagnosticSink();
    const record = validateRecord(raw, sink);
    return { id: raw.id, record, diagnostics: [...readSink.list.filter((d) => d.record === raw.id), ...sink.list] };
  }
  return { id: null, record: null, diagnostics: [] };
}
