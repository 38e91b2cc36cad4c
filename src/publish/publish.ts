/**
 * `aperture publish`: upload a built site to bucket/prefix. Order matters so readers
 * never see a half-published site: assets, then pages, then deletion of stale objects,
 * then the publish manifest. Any failed upload stops the run before pages (if
 * it happened among assets) and always before deletions.
 */
import { createReadStream } from 'node:fs';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { httpStatusOf, withRetry, type RetryOptions } from '../storage/retry.ts';
import { readSiteFiles } from './site-files.ts';
import { isEntryPoint } from './content-types.ts';
import { PUBLISH_MANIFEST, normalisePrefix, planPublish, type PublishManifest, type PublishPlan, type Upload } from './plan.ts';
import { silentProgress, type Progress } from '../report/progress.ts';
import { formatCount } from '../record/number-text.ts';

export interface PublishOptions {
  dir: string;
  bucket: string;
  prefix?: string;
  dryRun?: boolean;
  concurrency?: number;
  retries?: number;
  /** Backoff base for retries (tests shorten it). */
  baseDelayMs?: number;
  /** Time one request may take before it is abandoned and retried (default 5 minutes: large manifests). */
  attemptTimeoutMs?: number;
  /** Failed operations, one line each (to stderr in the CLI). */
  log?: (line: string) => void;
  /** One stage, `publish`, ticked per upload: the uploads and deletions themselves are listed by the report, not logged. */
  progress?: Progress;
}

export interface PublishReport {
  plan: PublishPlan;
  dryRun: boolean;
  uploaded: Array<{ key: string; size: number }>;
  failed: Array<{ key: string; error: string }>;
  deleted: string[];
  /** True when every upload succeeded (and, unless dry-run, stale objects were removed). */
  ok: boolean;
}

export async function publishSite(client: S3Client, options: PublishOptions): Promise<PublishReport> {
  const prefix = normalisePrefix(options.prefix ?? '');
  // The SDK's own request timeout does not fire on a store that accepts a request and never
  // answers (seen with a hanging proxy), so every attempt has its own deadline.
  const retry = { retries: options.retries ?? 3, baseDelayMs: options.baseDelayMs ?? 250, timeoutMs: options.attemptTimeoutMs ?? 300_000 };
  const log = options.log ?? (() => {});
  const progress = options.progress ?? silentProgress;
  const [local, objects, previous] = await Promise.all([
    readSiteFiles(options.dir),
    listObjects(client, options.bucket, prefix, retry),
    readPublishManifest(client, options.bucket, prefix, retry),
  ]);
  const plan = planPublish(local, { objects, manifest: previous }, prefix);
  const report: PublishReport = { plan, dryRun: Boolean(options.dryRun), uploaded: [], failed: [], deleted: [], ok: true };
  if (options.dryRun) return report;

  const limit = pLimit(options.concurrency ?? 8);
  const uploadAll = async (items: Upload[]): Promise<boolean> => {
    await Promise.all(
      items.map((item) =>
        limit(async () => {
          // After one failure, queued uploads are skipped (not cleared: p-limit's
          // clearQueue would leave their promises pending forever).
          if (report.failed.length) return;
          try {
            await withRetry((abortSignal) => client.send(putCommand(options.bucket, item), { abortSignal }), retry);
            report.uploaded.push({ key: item.key, size: item.size });
          } catch (error) {
            report.failed.push({ key: item.key, error: describe(error) });
            log(`FAILED   ${item.key}: ${describe(error)}`);
          }
          progress.tick();
        }),
      ),
    );
    return report.failed.length === 0;
  };

  const assets = plan.uploads.filter((u) => !isEntryPoint(u.path));
  const pages = plan.uploads.filter((u) => isEntryPoint(u.path));
  progress.start('publish', { unit: 'files', total: plan.uploads.length });
  if (!(await uploadAll(assets)) || !(await uploadAll(pages))) {
    report.ok = false;
    progress.done(`${formatCount(report.failed.length)} failed; nothing was deleted`);
    return report;
  }
  try {
    for (let i = 0; i < plan.deletes.length; i += 1000) {
      const batch = plan.deletes.slice(i, i + 1000);
      const out = await withRetry(
        (abortSignal) =>
          client.send(new DeleteObjectsCommand({ Bucket: options.bucket, Delete: { Objects: batch.map((d) => ({ Key: d.key })), Quiet: true } }), { abortSignal }),
        retry,
      );
      const errors = new Set((out.Errors ?? []).map((e) => e.Key));
      for (const d of batch) if (!errors.has(d.key)) report.deleted.push(d.key);
      for (const e of out.Errors ?? []) report.failed.push({ key: e.Key ?? '?', error: `delete failed: ${e.Code ?? ''} ${e.Message ?? ''}`.trim() });
    }
  } catch (error) {
    // The new site is fully live; stale objects stay until the next publish lists them again.
    report.failed.push({ key: '(delete)', error: describe(error) });
  }
  // Written last: it is what the next publish trusts. Objects that could not be deleted
  // stay listed as stale so a later publish still knows they are ours to remove.
  const deleted = new Set(report.deleted);
  const stale = plan.deletes.map((d) => d.key).filter((key) => !deleted.has(key));
  const manifest: PublishManifest = stale.length ? { ...plan.manifest, stale } : plan.manifest;
  try {
    await withRetry(
      (abortSignal) =>
        client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: prefix + PUBLISH_MANIFEST,
            Body: JSON.stringify(manifest),
            ContentType: 'application/json; charset=utf-8',
            CacheControl: 'no-cache',
          }),
          { abortSignal },
        ),
      retry,
    );
  } catch (error) {
    report.failed.push({ key: prefix + PUBLISH_MANIFEST, error: describe(error) });
  }
  report.ok = report.failed.length === 0;
  progress.done(`${formatCount(report.deleted.length)} stale objects deleted${report.ok ? '' : `; ${formatCount(report.failed.length)} failed`}`);
  return report;
}

function putCommand(bucket: string, item: Upload): PutObjectCommand {
  return new PutObjectCommand({
    Bucket: bucket,
    Key: item.key,
    // A fresh stream per attempt; ContentLength keeps the SDK from buffering it.
    Body: createReadStream(item.absolute),
    ContentLength: item.size,
    ContentType: item.contentType,
    CacheControl: item.cacheControl,
    Metadata: { sha256: item.sha256 },
  });
}

const LISTING_RETRY: RetryOptions = { retries: 3, timeoutMs: 60_000 };

/** Every object under the prefix with its size (one paged listing). */
export async function listObjects(client: S3Client, bucket: string, prefix: string, retry: RetryOptions = LISTING_RETRY): Promise<Map<string, number>> {
  const objects = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await withRetry(
      (abortSignal) => client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }), { abortSignal }),
      retry,
    );
    for (const o of page.Contents ?? []) if (o.Key) objects.set(o.Key, Number(o.Size ?? 0));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** The manifest of the last successful publish, or null (first publish, or unreadable). */
export async function readPublishManifest(client: S3Client, bucket: string, prefix: string, retry: RetryOptions = LISTING_RETRY): Promise<PublishManifest | null> {
  try {
    const out = await withRetry(
      (abortSignal) => client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + PUBLISH_MANIFEST }), { abortSignal }),
      retry,
    );
    const parsed = JSON.parse(await out.Body!.transformToString()) as PublishManifest;
    return parsed && parsed.version === 1 && typeof parsed.files === 'object' ? parsed : null;
  } catch (error) {
    if (httpStatusOf(error) === 404 || error instanceof SyntaxError) return null;
    throw error;
  }
}

function describe(error: unknown): string {
  const status = httpStatusOf(error);
  const e = error as { name?: string; message?: string };
  return [status !== null ? `HTTP ${status}` : null, e.name, e.message].filter(Boolean).join(': ');
}
