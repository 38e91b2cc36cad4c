/**
 * A request that answers for one record alone (its datasets, its files, its citation
 * metadata, a direct fetch) failing after its retries, or answering something that cannot be
 * read or is not the shape the API promises: that record alone is left out of the pull. It is
 * reported once, never mirrored with what was read of it (a partial file listing would be
 * published as the whole), never counted missing and never made a tombstone: its failed
 * request says nothing of its release, so a mirrored copy stays as it was.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { HtmlAnswer, HttpError, ResponseTooLarge, UnreadableBody } from './http.ts';
import { PULL_CODES } from './codes.ts';
import type { Origin, PullContext, RemoteItem } from './types.ts';

/**
 * Whether a failure says the source (or its object store) is not answering, rather than
 * something about the record: no answer on any attempt, 5xx, 429. A run
 * of these is an outage, which stops the pull (pull.ts), so that a source that went down
 * half-way is not asked, retries and all, for every record left.
 */
export function isOutage(error: unknown): boolean {
  // Any other answer (4xx, a refused redirect, a body over the size cap, unreadable, never
  // parsing or not in the promised shape) is this record's own problem, however many in a row.
  return error instanceof HttpError && (error.status === null || error.status === 429 || error.status >= 500);
}

/**
 * A failure of a request (to the source, or to the object store for files from S3, whose
 * failures s3-files.ts throws as HttpErrors too): what may cost one record alone.
 */
export function isRequestFailure(error: unknown): boolean {
  return error instanceof HttpError;
}

/**
 * Reports `origin` as left out because `error` stopped its own requests, and returns the
 * item that keeps it out of the mirror (and, for an outage, counts towards stopping the pull).
 */
export function failedRecord(origin: Origin, error: unknown, sink: DiagnosticSink, mirroredAs: string | null = null): RemoteItem & { kind: 'unreadable' } {
  const reason = error instanceof Error ? error.message : String(error);
  // An answer written in a way no reading can trust is the record's own problem, as in a listing.
  const code = error instanceof UnreadableBody ? 'pull/record-unreadable' : 'pull/record-incomplete';
  sink.add({
    code,
    record: origin.id,
    file: error instanceof HttpError ? error.url : origin.url,
    hint: failureHint(error, code),
    message: `${origin.id} (${origin.url}): ${reason.replace(/\.$/, '')}. It alone is left out of this pull${mirroredAs ? `, and record ${mirroredAs} stays as it was` : ' (a copy mirrored earlier stays as it was)'}.`,
  });
  return { kind: 'unreadable', origin, ...(isOutage(error) ? { outage: error } : {}) };
}

/**
 * A record's own work (the requests for its datasets and citation metadata, and its
 * mapping): whatever stops it costs this record alone. Errors that are no failure of a
 * request or a reading (a bug) still stop the pull.
 */
export async function perRecord(origin: Origin, ctx: PullContext, work: () => Promise<RemoteItem>): Promise<RemoteItem> {
  const answers = ctx.http.answers;
  try {
    const item = await work();
    // Only a record that asked something of the source, and was answered, says the source is up.
    return item.kind === 'record' && ctx.http.answers > answers ? { ...item, answered: true } : item;
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return failedRecord(origin, error, ctx.sink);
  }
}

/** The code's hint, after what the failure itself can tell the curator (the start of an HTML page served in the API's place, smaller pages for one too large). */
export function failureHint(error: unknown, code: keyof typeof PULL_CODES): string | undefined {
  return error instanceof HtmlAnswer || error instanceof ResponseTooLarge ? `${error.hint} ${PULL_CODES[code].hint}` : undefined;
}
