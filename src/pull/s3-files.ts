/**
 * A record's files from an object-store listing: S3 ListObjectsV2 under a key prefix built
 * from a template per DOI, with each object's SHA-256 read from its metadata
 * (`x-amz-meta-sha256`, as `aperture publish` writes it) or its S3 SHA-256 checksum.
 */
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import type { RemoteDataset, RemoteFile } from './types.ts';

export interface FilesConfig {
  client: S3Client;
  bucket: string;
  /** e.g. `datasets/{suffix}/` or `{doi}/`; placeholders {doi}, {prefix}, {suffix}. */
  keyTemplate: string;
}

export function renderKeyTemplate(template: string, doi: string): string {
  const slash = doi.indexOf('/');
  const values: Record<string, string> = { doi, prefix: doi.slice(0, slash), suffix: doi.slice(slash + 1) };
  return template.replace(/\{(doi|prefix|suffix)\}/g, (_, name: string) => values[name]);
}

/** One dataset, "files", holding every object under the DOI's prefix; none when the prefix is empty. */
export function s3Datasets(config: FilesConfig, doi: string): RemoteDataset[] {
  const prefix = renderKeyTemplate(config.keyTemplate, doi);
  return [{ sourceId: 'files', title: 'Files', description: null, kind: 'raw', files: listObjects(config, prefix) }];
}

async function* listObjects(config: FilesConfig, prefix: string): AsyncGenerator<RemoteFile> {
  const limit = pLimit(8);
  let token: string | undefined;
  do {
    const page = await config.client.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 }));
    const objects = (page.Contents ?? []).filter((o) => o.Key && !o.Key.endsWith('/'));
    const heads = await Promise.all(
      objects.map((o) => limit(() => config.client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: o.Key, ChecksumMode: 'ENABLED' })).catch(() => null))),
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
