/**
 * Stable, traversal-safe URL paths derived from DOIs. DOIs are case-insensitive
 * (DataCite), so slugs are lower-cased; the mapping is injective so no two DOIs share a
 * page, and no slug can climb out of the output folder (conventions.md C4).
 */
import { normalisePdbId } from './identifiers.ts';

const SAFE = /[a-z0-9._-]/;

/** Catalogue ids of experiments and datasets: URL- and file-name-safe, lower case. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** Encodes one DOI suffix into a single path segment: unsafe characters become `~hh`. */
function encodeSegment(text: string): string {
  let out = '';
  for (const char of text) {
    if (SAFE.test(char)) {
      out += char;
      continue;
    }
    for (const byte of new TextEncoder().encode(char)) out += '~' + byte.toString(16).padStart(2, '0');
  }
  // A segment of dots would mean "this folder" or "parent folder" to a file system or URL resolver.
  if (/^\.+$/.test(out) || out.startsWith('.')) out = '~2e' + out.slice(1);
  return out;
}

/** `10.15151/ESRF-ES-123` → `10.15151/esrf-es-123`; slashes inside the suffix are encoded. */
export function doiSlug(doi: string): string {
  const lower = doi.trim().toLowerCase();
  const slash = lower.indexOf('/');
  if (slash < 0 || !/^10\.\d{4,9}(?:\.\d+)*$/.test(lower.slice(0, slash))) {
    throw new Error(`not a DOI: ${JSON.stringify(doi)}`);
  }
  const suffix = lower.slice(slash + 1);
  if (suffix === '' || /\s/.test(suffix)) throw new Error(`not a DOI: ${JSON.stringify(doi)}`);
  return `${lower.slice(0, slash)}/${encodeSegment(suffix)}`;
}

/** Site-relative path of a record's landing page, with trailing slash. */
export function landingPath(slug: string): string {
  return `/doi/${slug}/`;
}

/** Site-relative path of a dataset's file listing page (1-based page number). */
export function datasetPath(slug: string, datasetId: string, page = 1): string {
  const base = `/doi/${slug}/datasets/${encodeSegment(datasetId.toLowerCase())}/`;
  return page <= 1 ? base : `${base}page/${page}/`;
}

/** Joins a site-relative path onto the configured site URL (which may carry a base path). */
export function absoluteUrl(siteUrl: string, sitePath: string): string {
  return siteUrl.replace(/\/+$/, '') + sitePath;
}

/** A slug as one safe file name (for downloads offered to the browser): `10.5072_abc`. */
export function slugFileName(slug: string): string {
  return slug.replace(/[^a-z0-9._-]+/g, '_');
}

/** `/pdb/1lyz/`: lower case, as PDBe writes it, so one entry has one address. */
export function pdbPath(id: string): string {
  return `/pdb/${(normalisePdbId(id) ?? id).toLowerCase()}/`;
}
