/**
 * The record a curator names by DOI, read and validated exactly as the build will read it,
 * so `aperture release` says up front whether the build will publish it.
 *
 * A catalogue of 10,000 records is not read in order to find one: the staged site's ledger
 * (src/build/stage-ledger.ts) says which record had the DOI at the last build, and records
 * that are new or whose files changed since (their stamps differ) are the next candidates —
 * a record just released is one of them. Only when none of those claims the DOI is the rest
 * of the catalogue read.
 */
import { openCatalogue } from '../catalogue/open-catalogue.ts';
import { DiagnosticSink, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { normaliseDoi } from '../record/doi.ts';
import type { ExperimentRecord } from '../record/types.ts';
import type { CatalogueSource } from '../catalogue/types.ts';
import { validateRecord } from '../validate/validate-record.ts';
import { ledgerHints } from '../build/stage-ledger.ts';
import type { RecordStamps } from '../catalogue/record-stamps.ts';

export interface NamedRecord {
  /** Catalogue id of the record that claims the DOI, or null when none does. */
  id: string | null;
  record: ExperimentRecord | null;
  diagnostics: Diagnostic[];
  /** The catalogue's stamps taken to narrow the search, if any: the build that follows reuses them (BuildOptions.stamps). */
  stamps: RecordStamps | null;
}

/** `stagedSite`: the site's staged folder (`<workDir>/site`), whose ledger narrows the search. */
export async function findRecord(catalogue: string, doi: string, stagedSite?: string): Promise<NamedRecord> {
  const wanted = normaliseDoi(doi);
  const source = openCatalogue(catalogue);
  const stamps = stagedSite && source.stamps ? await source.stamps() : null;
  const hints = stagedSite && stamps ? await ledgerHints(stagedSite, wanted, stamps) : null;
  const passes: Array<((id: string) => boolean) | undefined> = hints
    ? [(id) => hints.claimed.has(id), (id) => hints.changed.has(id), (id) => !hints.claimed.has(id) && !hints.changed.has(id)]
    : [undefined];
  for (const only of passes) {
    const found = await firstClaiming(source, wanted, only);
    if (found) return { ...found, stamps };
  }
  return { id: null, record: null, diagnostics: [], stamps };
}

async function firstClaiming(source: CatalogueSource, wanted: string, only?: (id: string) => boolean): Promise<Omit<NamedRecord, 'stamps'> | null> {
  const readSink = new DiagnosticSink();
  for await (const raw of source.experiments(readSink, only)) {
    const claimed = (raw.datacite as { doi?: unknown } | undefined)?.doi;
    if (typeof claimed !== 'string' || normaliseDoi(claimed) !== wanted) continue;
    const sink = new DiagnosticSink();
    const record = validateRecord(raw, sink);
    return { id: raw.id, record, diagnostics: [...readSink.list.filter((d) => d.record === raw.id), ...sink.list] };
  }
  return null;
}
