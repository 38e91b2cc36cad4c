/**
 * Pure logic of the dataset page's file selection: reading rows, filtering, totals, the
 * ZIP size gate and the manifests for exactly the selected files. No DOM here, so it is
 * tested in vitest; ./init-selection.ts is the thin DOM glue.
 */
import { formatBytes, manifestText, safeRelativePath, FORMATS, OPTIONAL_FORMATS, type ManifestEntry, type ManifestFormat } from '../../storage/manifest-formats.ts';
import { CHECKSUM_HEX_LENGTH, OTHER_CHECKSUM_ALGORITHMS } from '../../record/checksum.ts';
import type { OtherChecksum } from '../../record/types.ts';

export interface SelectableFile extends ManifestEntry {
  key: string;
}

/**
 * A file from a row's data attributes (`data-key`, `data-url`, `data-size`, `data-path`,
 * and `data-sha256` or `data-checksum="md5:<hex>"` or neither when the source published no
 * checksum), or null if any is missing or malformed. Only http(s) URLs are accepted:
 * the page is static, but a URL still ends up in scripts the reader runs.
 */
export function fileFromAttributes(data: Record<string, string | undefined>): SelectableFile | null {
  const { key, url, size, sha256, path } = data;
  if (!key || !url || !size || !path) return null;
  if (!/^https?:\/\//i.test(url) || /[\s"'<>]/.test(url)) return null;
  if (!/^\d+$/.test(size)) return null;
  const file: SelectableFile = { key, url, size: Number(size), path: safeRelativePath(path) };
  if (sha256 !== undefined) {
    if (!/^[0-9a-f]{64}$/i.test(sha256)) return null;
    return { ...file, sha256: sha256.toLowerCase() };
  }
  if (data.checksum !== undefined) {
    const checksum = otherChecksum(data.checksum);
    return checksum ? { ...file, checksum } : null;
  }
  return file;
}

/** `md5:<hex>` → checksum, or null when the algorithm or the length is wrong. */
function otherChecksum(text: string): OtherChecksum | null {
  const [algorithm, value] = text.toLowerCase().split(':');
  const known = OTHER_CHECKSUM_ALGORITHMS.find((a) => a === algorithm);
  if (!known || !value || !new RegExp(`^[0-9a-f]{${CHECKSUM_HEX_LENGTH[known]}}$`).test(value)) return null;
  return { algorithm: known, value };
}

/** Check files for a selection: SHA256SUMS always, MD5SUMS/SHA1SUMS/SHA512SUMS when some file needs one. */
export function sumsFiles(files: SelectableFile[], label: string): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const format of ['sha256', ...OPTIONAL_FORMATS] as ManifestFormat[]) {
    const text = manifestText(format, files, { label });
    if (format === 'sha256' || text) out.push({ name: FORMATS[format].fileName, text });
  }
  return out;
}

/**
 * Filter text → predicate on paths. Words must all occur (case-insensitive); a word with
 * `*` or `?` is a glob over the whole path or its last segment (`*.cbf`, `lyso_00??.cbf`).
 */
export function pathFilter(query: string): (path: string) => boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const tests = words.map((word) => {
    if (!/[*?]/.test(word)) return (p: string) => p.includes(word);
    const source = word.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    const glob = new RegExp(`^${source}$`);
    return (p: string) => glob.test(p) || glob.test(p.slice(p.lastIndexOf('/') + 1));
  });
  return (path) => {
    const p = path.toLowerCase();
    return tests.every((t) => t(p));
  };
}

export interface SelectionTotals {
  count: number;
  bytes: number;
}

export function totals(files: Iterable<{ size: number }>): SelectionTotals {
  let count = 0;
  let bytes = 0;
  for (const f of files) count++, (bytes += f.size);
  return { count, bytes };
}

export type ZipDecision = { allowed: true } | { allowed: false; reason: 'empty' | 'too-large'; message: string };

/** Whether the browser may zip this selection, and what to tell the reader if not. */
export function zipDecision(selection: SelectionTotals, maxBytes: number): ZipDecision {
  if (selection.count === 0) return { allowed: false, reason: 'empty', message: 'Select at least one file first.' };
  if (selection.bytes > maxBytes) {
    return {
      allowed: false,
      reason: 'too-large',
      message:
        `The selection is ${formatBytes(selection.bytes)}, more than the ${formatBytes(maxBytes)} a browser ZIP allows. ` +
        'Download it with the aria2 file or curl script instead: they resume after interruptions and check every file.',
    };
  }
  return { allowed: true };
}

export interface GeneratedManifest {
  format: ManifestFormat;
  fileName: string;
  mediaType: string;
  text: string;
}

/** The manifests for exactly these files (same formats as the static per-dataset ones). */
export function selectionManifests(
  files: SelectableFile[],
  label: string,
  formats: ManifestFormat[] = ['aria2', 'curl', 'urls', 'sha256', 'metalink', ...OPTIONAL_FORMATS],
): GeneratedManifest[] {
  const ctx = { label: `${files.length} selected files of ${label}` };
  // MD5SUMS and the like only when a selected file has such a checksum.
  const needed = formats.filter((f) => !OPTIONAL_FORMATS.includes(f) || files.some((file) => file.checksum?.algorithm === f));
  return needed.map((format) => ({
    format,
    fileName: FORMATS[format].fileName,
    mediaType: FORMATS[format].mediaType,
    text: manifestText(format, files, ctx),
  }));
}

/**
 * The dataset's full listing (manifest/files.tsv: path, size, SHA-256, URL per line) as
 * selectable files, the same checks as a row's attributes; malformed lines are skipped.
 */
export function parseFullListing(text: string): SelectableFile[] {
  const files: SelectableFile[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const [path, size, hash, url] = line.split('\t');
    // Third column: a SHA-256, `md5:<hex>` and the like, or empty (no checksum published).
    const checksum = hash ? (hash.includes(':') ? { checksum: hash } : { sha256: hash }) : {};
    const file = fileFromAttributes({ key: path, path, size, url, ...checksum });
    if (file) files.push(file);
  }
  return files;
}

/**
 * Where "go to file or frame n" lands: the first file whose name ends in that number (a
 * frame number in `chip07_012345.cbf`), else the n-th file; null when neither exists.
 */
export function fileForNumber(paths: string[], n: number): number | null {
  if (!Number.isInteger(n) || n < 1) return null;
  const byName = paths.findIndex((p) => {
    const digits = /(\d+)(?:\.[A-Za-z0-9]+)*$/.exec(p.slice(p.lastIndexOf('/') + 1));
    return digits !== null && Number(digits[1]) === n;
  });
  if (byName >= 0) return byName;
  return n <= paths.length ? n - 1 : null;
}
