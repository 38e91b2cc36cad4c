/**
 * A record's failure boundary, apart from the staging code: the pool and the build's own
 * thread need it without loading the stager (citation-js, ajv and the models: 0.75 s of
 * imports that only the worker threads use).
 */
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { RawExperiment } from '../catalogue/types.ts';
import type { StagedRecordResult } from './stage-record.ts';

/** Best-effort DOI and title of a raw record, so the audit can look for it even when it is invalid. */
export function identify(raw: RawExperiment): { doi: string | null; title: string | null } {
  const d = raw.datacite as { doi?: unknown; titles?: Array<{ title?: unknown }> } | undefined;
  return {
    doi: typeof d?.doi === 'string' ? d.doi.toLowerCase() : null,
    title: typeof d?.titles?.[0]?.title === 'string' ? d.titles[0].title : null,
  };
}

/** Failures of the machine, not of a record. */
const MACHINE_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);

/** The failure boundary's verdict: a typed diagnostic, and the record withheld (as invalid). */
export function failed(raw: RawExperiment, error: unknown, sink = new DiagnosticSink()): StagedRecordResult {
  const reason = error instanceof Error ? error.message : String(error);
  // A full or read-only disk is not the record's fault: leaving records out one by one would
  // publish a site that silently lost them, so the build stops instead (exit 4).
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && MACHINE_FAILURES.has(code)) {
    return { id: raw.id, outcome: { kind: 'withheld', withheld: { record: raw.id, ...identify(raw), reason: 'invalid' } }, diagnostics: sink.list, fatal: { code, message: reason } };
  }
  const where = error instanceof Error && error.stack ? ` (${error.stack.split('\n')[1]?.trim().replace(/^at /, '') ?? ''})` : '';
  sink.add({
    code: 'stage/record-failed',
    record: raw.id,
    file: raw.files.experiment ?? raw.files.datacite,
    message: `Staging record "${raw.id}" failed: ${reason}${where}. The record is left out of this build.`,
  });
  return { id: raw.id, outcome: { kind: 'withheld', withheld: { record: raw.id, ...identify(raw), reason: 'invalid' } }, diagnostics: sink.list };
}
