/**
 * A record's files from an object-store listing: S3 ListObjectsV2 under a key prefix built
 * from a template per DOI, with each object's SHA-256 read from its metadata
 * (`x-amz-meta-sha256`, as `aperture publish` writes it) or its S3 SHA-256 checksum.
 */
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { httpStatusOf, withRetry } from '../storage/retry.ts';
import { StoreHtmlAnswer } from '../storage/html-answer.ts';
import { HtmlAnswer, HttpError } from './http.ts';
import type { RemoteDataset, RemoteFile } from './types.ts';

export interface FilesConfig {
  client: S3Client;
  bucket: string;
  /** e.g. `datasets/{suffix}/` or `{doi}/`; placeholders {doi}, {prefix}, {suffix}. */
  keyTemplate: string;
  /** Per attempt of one object-store request (default 60 s, as the pull's HTTP client). */
  timeoutMs?: number;
  /** Attempts after the first for a store that does not answer, 5xx or 429 (default 2). */
  retries?: number;
}

export function renderKeyTemplate(template: string, doi: string): string {
  const slash = doi.indexOf('/');
  const values: Record<string, string> = { doi, prefix: doi.slice(0, slash), suffix: doi.slice(slash + 1) };
  return template.replace(/\{(doi|prefix|suffix)\}/g, (_, name: string) => values[name]);
}

/** One dataset, "files", holding every object under the DOI's prefix; none when the prefix is empty. */
export function s3Datasets(config: FilesConfig, doi: string): RemoteDataset[] {
  const prefix = renderKeyTemplate(config.keyTemplate, doi);
  return [{ sourceId: 'files', title: 'Files', description: null, kind: 'raw', files: listObjects(config, prefix), requested: true }];
}

async function* listObjects(config: FilesConfig, prefix: string): AsyncGenerator<RemoteFile> {
  const limit = pLimit(8);
  let token: string | undefined;
  do {
    const list = new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 });
    const page = await request(config, 'ListObjectsV2', prefix, (abortSignal) => config.client.send(list, { abortSignal }));
    const objects = (page.Contents ?? []).filter((o) => o.Key && !o.Key.endsWith('/'));
    const heads = await Promise.all(
      objects.map((o) =>
        limit(async () => {
          const head = new HeadObjectCommand({ Bucket: config.bucket, Key: o.Key, ChecksumMode: 'ENABLED' });
          try {
            return await request(config, 'HeadObject', o.Key!, (abortSignal) => config.client.send(head, { abortSignal }));
          } catch (error) {
            // Gone since the listing (404) or not ours to read (403): listed without its metadata,
            // as before. Any other failure would list it without the checksum it has: the record fails.
            const status = error instanceof HttpError ? error.status : null;
            if (status === 403 || status === 404) return null;
            throw error;
          }
        }),
      ),
    );
    for (const [i, o] of objects.entries()) {
      const head = heads[i];
      const fromMeta = head?.Metadata?.sha256?.toLowerCase() ?? null;
      const fromChecksum = head?.ChecksumSHA256 && !head.ChecksumSHA256.includes('-') ? Buffer.from(head.ChecksumSHA256, 'base64').toString('hex') : null;
      yield {
        path: o.Key!.slice(prefix.length),
        size: o.Size ?? null,
        sha256: fromMeta ?? fromChecksum,
        // The ETag is not taken as an MD5: under SSE-KMS/SSE-C (and multipart) it is not one.
        otherChecksum: null,
        mediaType: head?.ContentType ?? null,
        key: o.Key!,
      };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/**
 * One object-store request, retried (with a time limit per attempt: the SDK's own
 * requestTimeout only warns, so a store that never answers would hold the pull for ever)
 * and, when it fails for good, thrown as an HttpError: whatever the SDK threw (a service
 * error with `$metadata`, or a network error, timeout or DNS failure without it), it then
 * costs this record alone, and counts towards the outage run exactly as a source's own
 * request does (record-failure.ts).
 */
async function request<T>(config: FilesConfig, operation: string, key: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const url = `s3://${config.bucket}/${key}`;
  try {
    return await withRetry(send, { retries: config.retries ?? 2, timeoutMs: config.timeoutMs ?? 60_000 });
  } catch (error) {
    // The pull reports a page in the store's place as it does one in the source's, with the page's first words.
    if (error instanceof StoreHtmlAnswer) throw new HtmlAnswer(error.operation, error.url, error.status, error.contentType, error.text, 'application/xml');
    const status = httpStatusOf(error);
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new HttpError(`${operation} ${url}: ${status === null ? reason : `HTTP ${status} (${reason})`}`, url, status, { cause: error });
  }
}
