/**
 * The published-DOI list travels with the site. Every build publishes it at
 * `/.well-known/aperture/published-dois.json`, and before the next build it is read back from
 * the live site or the bucket, so a build on a fresh machine (a new CI runner, a colleague's
 * laptop) still knows every DOI that must keep resolving — the local work folder is only a
 * cache of it.
 *
 * The public list holds only what is public anyway: DOIs with a live page or a tombstone,
 * their paths and when they were first published. DOIs that were unpublished or removed on
 * request are left out (nothing unpublished reaches the output, the release gate checks it).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DoiManifest } from './doi-manifest.ts';

export const PUBLIC_DOI_LIST = '.well-known/aperture/published-dois.json';

export interface PublicDoiList {
  version: 1;
  generated: string;
  dois: Record<string, { path: string; status: 'live' | 'tombstone'; firstPublished: string }>;
}

export function publicDoiList(manifest: DoiManifest, now: Date): PublicDoiList {
  const dois: PublicDoiList['dois'] = {};
  for (const doi of Object.keys(manifest.dois).sort()) {
    const entry = manifest.dois[doi];
    if (entry.status === 'live' || entry.status === 'kept') dois[doi] = { path: entry.path, status: 'live', firstPublished: entry.firstPublished };
    else if (entry.status === 'tombstone') dois[doi] = { path: entry.path, status: 'tombstone', firstPublished: entry.firstPublished };
  }
  return { version: 1, generated: now.toISOString(), dois };
}

/** Adds the DOIs the live site knows and the local manifest does not (a fresh machine, another runner). */
export function mergeSiteList(local: DoiManifest, site: PublicDoiList | null): { manifest: DoiManifest; added: string[] } {
  const manifest: DoiManifest = { version: 1, dois: { ...local.dois } };
  const added: string[] = [];
  for (const [doi, entry] of Object.entries(site?.dois ?? {})) {
    if (manifest.dois[doi]) continue;
    manifest.dois[doi] = { path: entry.path, status: entry.status, firstPublished: entry.firstPublished, lastSeen: entry.firstPublished };
    added.push(doi);
  }
  return { manifest, added };
}

export class SiteListUnavailable extends Error {}

/** Where the live list is read from: the public site, or the bucket the site is published to. */
export type SiteListSource =
  | { kind: 'site'; url: string; fetch?: typeof fetch; timeoutMs?: number }
  | { kind: 'bucket'; client: S3Client; bucket: string; prefix: string };

/**
 * The live list, or null when the site has none yet (its first build). Anything else that
 * stops us reading it throws SiteListUnavailable: a build must not guess that a live site has
 * no published DOIs.
 */
export async function readSiteList(source: SiteListSource): Promise<PublicDoiList | null> {
  const text = source.kind === 'site' ? await fromSite(source) : await fromBucket(source);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SiteListUnavailable('the published DOI list is not JSON');
  }
  const list = parsed as PublicDoiList;
  if (!list || list.version !== 1 || typeof list.dois !== 'object' || list.dois === null) throw new SiteListUnavailable('the published DOI list has an unknown format');
  for (const [doi, entry] of Object.entries(list.dois)) {
    if (!entry || typeof entry.path !== 'string' || (entry.status !== 'live' && entry.status !== 'tombstone') || typeof entry.firstPublished !== 'string') {
      throw new SiteListUnavailable(`the published DOI list has a malformed entry for ${doi}`);
    }
  }
  return list;
}

/** The list's URL on a site whose canonical URL (maybe with a base path) is `siteUrl`. */
export function siteListUrl(siteUrl: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/${PUBLIC_DOI_LIST}`;
}

async function fromSite(source: Extract<SiteListSource, { kind: 'site' }>): Promise<string | null> {
  const doFetch = source.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(source.url, { signal: AbortSignal.timeout(source.timeoutMs ?? 15_000), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new SiteListUnavailable(`${source.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new SiteListUnavailable(`${source.url}: HTTP ${res.status}`);
  return res.text();
}

async function fromBucket(source: Extract<SiteListSource, { kind: 'bucket' }>): Promise<string | null> {
  const key = `${source.prefix}${PUBLIC_DOI_LIST}`;
  try {
    // Loaded here: the S3 SDK is a third of a second to import, and most builds read no bucket.
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const res = await source.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: key }));
    return (await res.Body?.transformToString('utf8')) ?? null;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null;
    throw new SiteListUnavailable(`s3://${source.bucket}/${key}: ${e.name ?? String(error)}`);
  }
}
