/**
 * Build-time verification that every datafile the catalogue lists exists in the object
 * store with the listed size (HEAD per key). Bounded concurrency, retries for transient
 * failures, and a bounded run: when the store stops answering, verification stops early
 * with one clear diagnostic instead of waiting out a timeout per file.
 */
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Datafile, ExperimentRecord } from '../record/types.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { StoreHtmlAnswer } from './html-answer.ts';
import { httpStatusOf, withRetry } from './retry.ts';

export interface VerifyItem {
  /** Record id (experiment folder or DOI) for diagnostics. */
  record: string;
  /** Dataset id within the record. */
  dataset: string;
  file: Datafile;
  /** Catalogue path of the dataset listing, for diagnostics. */
  listing?: string | null;
}

export interface VerifyOptions {
  /** HEAD requests in flight at once. */
  concurrency?: number;
  /** Retries per object for 5xx, timeouts and network errors. */
  retries?: number;
  /** Per-attempt time limit. */
  timeoutMs?: number;
  /** Record the stored size of files whose listed size is unknown (negative/NaN). */
  fillSizes?: boolean;
  /** Stop after this many unreachable results in a row (the store is down). */
  maxConsecutiveFailures?: number;
  /** Whole-run time budget; verification stops with one diagnostic when it is spent. */
  budgetMs?: number;
  /** Backoff base for retries (tests shorten it). */
  baseDelayMs?: number;
}

export type ObjectProblem = 'missing' | 'forbidden' | 'size-mismatch' | 'unreachable';

export interface VerifyReport {
  /** Objects that got a definite answer (present, missing, forbidden or mismatched). */
  checked: number;
  missing: number;
  forbidden: number;
  mismatched: number;
  unreachable: number;
  /** Stored sizes for files whose listed size was unknown (only with fillSizes). */
  sizes: Map<string, number>;
  /** Problem objects by key; every key not here was found as listed (or never checked, see `stopped`). */
  problems: Map<string, ObjectProblem>;
  /** Why verification stopped before the end of the listing, or null if it checked everything. */
  stopped: 'store-unreachable' | 'time-budget' | 'html-answer' | null;
  elapsedMs: number;
}

const DEFAULTS = {
  concurrency: 16,
  retries: 3,
  timeoutMs: 10_000,
  fillSizes: false,
  maxConsecutiveFailures: 8,
  budgetMs: 15 * 60_000,
  baseDelayMs: 200,
} satisfies Required<VerifyOptions>;

/**
 * What to verify for a set of validated records: every datafile and pre-built bundle of
 * each *released* record (metadata-only and withdrawn records link no files).
 */
export async function* verifyItems(
  records: Iterable<ExperimentRecord> | AsyncIterable<ExperimentRecord>,
  datafiles: (experimentId: string, datasetId: string) => AsyncIterable<Datafile> | Iterable<Datafile>,
): AsyncGenerator<VerifyItem> {
  for await (const record of records) {
    if (record.release.state !== 'released') continue;
    for (const dataset of record.datasets) {
      for (const bundle of dataset.bundles) {
        const file = { path: `${dataset.id}.${bundle.format}`, size: bundle.size, sha256: bundle.sha256, mediaType: 'application/octet-stream', key: bundle.key };
        yield { record: record.id, dataset: dataset.id, file, listing: record.files.experiment };
      }
      for await (const file of datafiles(record.id, dataset.id)) {
        yield { record: record.id, dataset: dataset.id, file, listing: dataset.listing };
      }
    }
  }
}

/** True when the page must not link the key: missing, forbidden or the wrong size. */
export function isUnavailable(report: Pick<VerifyReport, 'problems'>, key: string): boolean {
  const problem = report.problems.get(key);
  return problem !== undefined && problem !== 'unreachable';
}

/** The keys a page should show as unavailable instead of linking. */
export function unavailableKeys(report: Pick<VerifyReport, 'problems'>): Set<string> {
  return new Set([...report.problems].filter(([, p]) => p !== 'unreachable').map(([k]) => k));
}

/** Checks every listed datafile against the store; problems go to the sink as diagnostics. */
export async function verifyObjects(
  client: S3Client,
  bucket: string,
  files: AsyncIterable<VerifyItem> | Iterable<VerifyItem>,
  options: VerifyOptions,
  sink: DiagnosticSink,
): Promise<VerifyReport> {
  const opts = { ...DEFAULTS, ...options };
  const started = Date.now();
  const report: VerifyReport = {
    checked: 0, missing: 0, forbidden: 0, mismatched: 0, unreachable: 0,
    sizes: new Map(), problems: new Map(), stopped: null, elapsedMs: 0,
  };
  let consecutiveFailures = 0;
  const iterator = toAsyncIterator(files);
  // Workers share one iterator; serialise next() so hand-written iterators are safe too.
  let pulling: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<IteratorResult<VerifyItem>> => {
    const next = pulling.then(() => iterator.next());
    pulling = next.catch(() => undefined);
    return next;
  };

  const checkOne = async (item: VerifyItem): Promise<void> => {
    const { file } = item;
    const where = { record: item.record, file: item.listing ?? null };
    const label = `${item.dataset}/${file.path} (key ${file.key})`;
    let size: number;
    try {
      const head = await withRetry(
        (abortSignal) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }), { abortSignal }),
        { retries: opts.retries, timeoutMs: opts.timeoutMs, baseDelayMs: opts.baseDelayMs },
      );
      size = Number(head.ContentLength);
    } catch (error) {
      if (error instanceof StoreHtmlAnswer) {
        // Every file would get the same page: one diagnostic, and no file called missing or mismatched on its word.
        report.problems.set(file.key, 'unreachable');
        if (!report.stopped) {
          report.stopped = 'html-answer';
          const page = await withPage(client, bucket, file.key, error);
          sink.add({ code: 'storage/html-answer', message: `${page.message}; verification stopped after ${report.checked} checks, remaining files were not checked`, hint: page.hint });
        }
        return;
      }
      const status = httpStatusOf(error);
      if (status === 404) {
        consecutiveFailures = 0;
        report.checked++, report.missing++;
        report.problems.set(file.key, 'missing');
        sink.add({ ...where, code: 'storage/missing', message: `${label} is not in bucket ${bucket}` });
      } else if (status === 403) {
        consecutiveFailures = 0;
        report.checked++, report.forbidden++;
        report.problems.set(file.key, 'forbidden');
        sink.add({ ...where, code: 'storage/forbidden', message: `${label}: the store answered 403 Forbidden` });
      } else {
        consecutiveFailures++;
        report.unreachable++;
        report.problems.set(file.key, 'unreachable');
        if (consecutiveFailures < opts.maxConsecutiveFailures) {
          sink.add({ ...where, code: 'storage/unreachable', message: `${label}: ${describe(error)} after ${opts.retries + 1} attempts` });
        }
      }
      return;
    }
    consecutiveFailures = 0;
    report.checked++;
    const listed = file.size;
    if (!(typeof listed === 'number' && listed >= 0)) {
      if (opts.fillSizes) {
        report.sizes.set(file.key, size);
        sink.add({ ...where, code: 'storage/size-filled', message: `${label}: size ${size} bytes taken from the store` });
      }
    } else if (listed !== size) {
      report.mismatched++;
      report.problems.set(file.key, 'size-mismatch');
      sink.add({ ...where, code: 'storage/size-mismatch', message: `${label}: listed ${listed} bytes, stored ${size} bytes` });
    }
  };

  const shouldStop = (): boolean => {
    if (report.stopped) return true;
    if (consecutiveFailures >= opts.maxConsecutiveFailures) {
      report.stopped = 'store-unreachable';
      sink.add({
        code: 'storage/unreachable',
        message: `the object store (bucket ${bucket}) failed ${consecutiveFailures} requests in a row; verification stopped after ${report.checked} answered checks, remaining files were not checked`,
      });
    } else if (Date.now() - started > opts.budgetMs) {
      report.stopped = 'time-budget';
      sink.add({
        code: 'storage/unreachable',
        message: `verification used its ${Math.round(opts.budgetMs / 1000)} s budget after ${report.checked} checks; remaining files were not checked`,
        hint: 'The store is slow: raise the budget, lower --concurrency pressure on the store, or check its health.',
      });
    }
    return report.stopped !== null;
  };

  // A pool of workers pulling from one iterator keeps at most `concurrency` items in
  // memory, whatever the listing's length (p-limit would queue the whole stream).
  const worker = async (): Promise<void> => {
    while (!shouldStop()) {
      const next = await pull();
      if (next.done) return;
      await checkOne(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  report.elapsedMs = Date.now() - started;
  return report;
}

/** A HEAD's page has no body to show; its first bytes, asked for once, say which page it is. */
async function withPage(client: S3Client, bucket: string, key: string, error: StoreHtmlAnswer): Promise<StoreHtmlAnswer> {
  if (error.text) return error;
  try {
    await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-511' }));
  } catch (page) {
    if (page instanceof StoreHtmlAnswer && page.text) return new StoreHtmlAnswer(error.operation, error.url, error.status, error.contentType, page.text);
  }
  return error;
}

function describe(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== null) return `HTTP ${status}`;
  const e = error as { name?: string; code?: string; message?: string };
  return [e.name, e.code].filter(Boolean).join(' ') || e.message || 'no answer';
}

function toAsyncIterator<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  const sync = source[Symbol.iterator]();
  return { next: async () => sync.next() };
}
