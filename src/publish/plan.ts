/**
 * What a publish will do, computed before anything is written: which files to upload,
 * which are unchanged, which stale objects to delete. Change detection uses the publish
 * manifest Aperture writes at the prefix after each successful publish (one GET) plus one
 * ListObjectsV2 listing, instead of a HEAD per file.
 */
import type { SiteFile } from './site-files.ts';
import { cacheControlFor, contentTypeFor, isEntryPoint } from './content-types.ts';

/** Key of the publish manifest, relative to the prefix. */
export const PUBLISH_MANIFEST = '_aperture/publish-manifest.json';

export interface PublishedFile {
  sha256: string;
  size: number;
  contentType: string;
  cacheControl: string;
}

export interface PublishManifest {
  version: 1;
  /** Site-relative path → what was uploaded. */
  files: Record<string, PublishedFile>;
  /** Keys an earlier publish failed to delete; still ours to remove. */
  stale?: string[];
}

export interface Upload extends PublishedFile {
  path: string;
  key: string;
  absolute: string;
  /** Why: not in the store yet, or changed since the last publish. */
  reason: 'new' | 'changed';
}

export interface PublishPlan {
  prefix: string;
  /** Assets first, then pages (entry points); see isEntryPoint. */
  uploads: Upload[];
  unchanged: Array<{ path: string; key: string; size: number }>;
  /** Objects an earlier publish wrote that the site no longer has. */
  deletes: Array<{ key: string; size: number }>;
  /** Objects under the prefix that no publish manifest knows about: left alone. */
  foreign: Array<{ key: string; size: number }>;
  manifest: PublishManifest;
}

/** Normalises a prefix to `''` or `a/b/` (no leading slash, one trailing slash). */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? trimmed + '/' : '';
}

export function planPublish(
  local: SiteFile[],
  remote: { objects: Map<string, number>; manifest: PublishManifest | null },
  prefixInput: string,
): PublishPlan {
  const prefix = normalisePrefix(prefixInput);
  const manifestKey = prefix + PUBLISH_MANIFEST;
  const plan: PublishPlan = { prefix, uploads: [], unchanged: [], deletes: [], foreign: [], manifest: { version: 1, files: {} } };
  const localKeys = new Set<string>();
  for (const file of local) {
    const key = prefix + file.path;
    localKeys.add(key);
    const wanted: PublishedFile = { sha256: file.sha256, size: file.size, contentType: contentTypeFor(file.path), cacheControl: cacheControlFor(file.path) };
    plan.manifest.files[file.path] = wanted;
    const before = remote.manifest?.files[file.path];
    const storedSize = remote.objects.get(key);
    if (
      before &&
      storedSize === file.size &&
      before.sha256 === wanted.sha256 &&
      before.contentType === wanted.contentType &&
      before.cacheControl === wanted.cacheControl
    ) {
      plan.unchanged.push({ path: file.path, key, size: file.size });
    } else {
      plan.uploads.push({ ...wanted, path: file.path, key, absolute: file.absolute, reason: storedSize === undefined ? 'new' : 'changed' });
    }
  }
  // Stable sort: assets keep path order, entry points move to the end.
  plan.uploads.sort((a, b) => Number(isEntryPoint(a.path)) - Number(isEntryPoint(b.path)));
  const published = new Set([...Object.keys(remote.manifest?.files ?? {}).map((p) => prefix + p), ...(remote.manifest?.stale ?? [])]);
  for (const [key, size] of remote.objects) {
    if (localKeys.has(key) || key === manifestKey) continue;
    (published.has(key) ? plan.deletes : plan.foreign).push({ key, size });
  }
  return plan;
}

export function planTotals(plan: PublishPlan): { uploadBytes: number; unchangedBytes: number; deleteBytes: number } {
  const sum = (items: Array<{ size: number }>) => items.reduce((n, i) => n + i.size, 0);
  return { uploadBytes: sum(plan.uploads), unchangedBytes: sum(plan.unchanged), deleteBytes: sum(plan.deletes) };
}
