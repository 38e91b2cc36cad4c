/**
 * Download manifest formats, one entry at a time: a header, one text block per file and
 * a footer. Pure and browser-safe (no Node imports): the build streams them into static
 * files (./manifests.ts) and the dataset page's selection code builds the same text for
 * exactly the files a reader ticked (src/client/selection).
 */
import { escapeXml } from '../datacite/xml-chars.ts';

import { ARIA2_HASH_TYPE, METALINK_HASH_TYPE, fileChecksum } from '../record/checksum.ts';
import type { OtherChecksum } from '../record/types.ts';

/** One file as every manifest sees it. `path` is relative to the download directory. */
export interface ManifestEntry {
  path: string;
  url: string;
  size: number;
  /** Lower-case hex SHA-256; absent when the source published another checksum (or none). */
  sha256?: string;
  /** The other checksum, when there is no SHA-256. */
  checksum?: OtherChecksum;
}

export type ManifestFormat = 'sha256' | 'urls' | 'aria2' | 'metalink' | 'curl' | 'tsv' | 'sha512' | 'sha1' | 'md5';

/** Check files written only when a scope has files with that algorithm (SHA256SUMS is always written). */
export const OPTIONAL_FORMATS: readonly ManifestFormat[] = ['sha512', 'sha1', 'md5'];

export interface ManifestContext {
  /** What the manifest covers, for comments, e.g. `dataset raw of 10.1234/abc`. */
  label: string;
  /** Optional RFC 3339 timestamp for Metalink `<published>`; omitted keeps builds reproducible. */
  published?: string;
}

export interface FormatSpec {
  /** File name used for the static manifest (and the browser download). */
  fileName: string;
  mediaType: string;
  header(ctx: ManifestContext): string;
  entry(entry: ManifestEntry): string;
  footer(ctx: ManifestContext): string;
}

/**
 * A download-relative path that cannot escape the download directory: no leading `/`,
 * no `.`/`..`/empty segments, no control characters (they would split manifest lines), no
 * line separators, non-characters or lone surrogates (no encoding or XML can carry those).
 */
export function safeRelativePath(path: string): string {
  const segments = path
    .replace(/\\/g, '/')
    .split('/')
    .map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '_'))
    .filter((s) => s !== '' && s !== '.' && s !== '..');
  return segments.length ? segments.join('/') : '_';
}

/**
 * A URL that fits on one line of any manifest: every character outside visible ASCII
 * (spaces, tabs — aria2's mirror separator —, line breaks, non-ASCII) is percent-encoded as
 * UTF-8 (RFC 3986 §2.1); object URLs are encoded already (object-url.ts), this guards the rest.
 */
export function lineSafeUrl(url: string): string {
  return url.replace(/[^\x21-\x7e]/gu, (c) => [...new TextEncoder().encode(c)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''));
}

/** POSIX shell single-quoting; plain words stay readable. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value) && !value.startsWith('-')) return value;
  return "'" + value.replace(/'/g, `'\\''`) + "'";
}

/** XML text or attribute value; characters XML 1.0 cannot carry are dropped (see exports/xml-chars.ts). */
export function escapeXmlText(text: string): string {
  return escapeXml(text);
}

/** `sha256sum -c` line; names with `\` or newlines use GNU's escaped form (leading `\`). Empty without a SHA-256. */
export function sha256Line(entry: ManifestEntry): string {
  if (!entry.sha256) return '';
  if (/[\\\n\r]/.test(entry.path)) {
    const escaped = entry.path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    return `\\${entry.sha256}  ${escaped}\n`;
  }
  return `${entry.sha256}  ${entry.path}\n`;
}

/** A `<tool>sum -c` line for a file whose other checksum is `algorithm` (same escaping as SHA256SUMS); else empty. */
function otherSumLine(algorithm: OtherChecksum['algorithm']): (entry: ManifestEntry) => string {
  return (entry) => (entry.checksum?.algorithm === algorithm ? sha256Line({ ...entry, sha256: entry.checksum.value }) : '');
}

function sumsSpec(fileName: string, algorithm: OtherChecksum['algorithm']): FormatSpec {
  return { fileName, mediaType: 'text/plain; charset=utf-8', header: () => '', entry: otherSumLine(algorithm), footer: () => '' };
}

/** aria2 `checksum=` option line, when aria2 knows the algorithm. */
function aria2Checksum(entry: ManifestEntry): string {
  const c = fileChecksum(entry);
  const type = c && ARIA2_HASH_TYPE[c.algorithm];
  return type ? `  checksum=${type}=${c.value}\n` : '';
}

/** Metalink `<hash>`, when the algorithm has an IANA hash name. */
function metalinkHash(entry: ManifestEntry): string {
  const c = fileChecksum(entry);
  const type = c && METALINK_HASH_TYPE[c.algorithm];
  return type ? `    <hash type="${type}">${escapeXmlText(c.value)}</hash>\n` : '';
}

/** Human-readable size (SI units), for comments and messages. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) (value /= 1000), unit++;
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A TSV field: tabs and line breaks would split the row. */
function tsvField(value: string): string {
  return value.replace(/[\t\r\n]/g, ' ');
}

export const FORMATS: Record<ManifestFormat, FormatSpec> = {
  tsv: {
    // The whole listing in one compact, gzip-friendly file: the dataset page fetches it on
    // demand to filter, select and zip across every page of a long file list.
    fileName: 'files.tsv',
    mediaType: 'text/tab-separated-values; charset=utf-8',
    header: () => 'path\tsize\tsha256\turl\n',
    // The third column is the SHA-256, or `md5:<hex>` (etc.) for another checksum, or empty.
    entry: (e) => `${tsvField(e.path)}\t${e.size}\t${e.sha256 ?? (e.checksum ? `${e.checksum.algorithm}:${e.checksum.value}` : '')}\t${tsvField(e.url)}\n`,
    footer: () => '',
  },
  sha256: {
    fileName: 'SHA256SUMS',
    mediaType: 'text/plain; charset=utf-8',
    header: () => '',
    entry: sha256Line,
    footer: () => '',
  },
  urls: {
    fileName: 'urls.txt',
    mediaType: 'text/uri-list; charset=utf-8',
    header: () => '',
    entry: (e) => `${lineSafeUrl(e.url)}\n`,
    footer: () => '',
  },
  aria2: {
    // aria2c -i: a URI line, then indented per-download options.
    fileName: 'files.aria2',
    mediaType: 'text/plain; charset=utf-8',
    header: (ctx) => `# aria2c input file: ${ctx.label.replace(/[\r\n]/g, ' ')}\n# aria2c -c --check-integrity=true -i files.aria2\n`,
    entry: (e) => `${lineSafeUrl(e.url)}\n  out=${e.path}\n${aria2Checksum(e)}`,
    footer: () => '',
  },
  metalink: {
    // RFC 5854 Metalink 4; file names are relative paths, hash names from the IANA registry.
    fileName: 'files.meta4',
    mediaType: 'application/metalink4+xml',
    header: (ctx) =>
      '<?xml version="1.0" encoding="UTF-8"?>\n<metalink xmlns="urn:ietf:params:xml:ns:metalink">\n  <generator>Aperture</generator>\n' +
      (ctx.published ? `  <published>${escapeXmlText(ctx.published)}</published>\n` : ''),
    entry: (e) =>
      `  <file name="${escapeXmlText(e.path)}">\n    <size>${e.size}</size>\n${metalinkHash(e)}    <url>${escapeXmlText(lineSafeUrl(e.url))}</url>\n  </file>\n`,
    footer: () => '</metalink>\n',
  },
  curl: {
    fileName: 'download.sh',
    mediaType: 'text/x-shellscript; charset=utf-8',
    header: (ctx) =>
      [
        '#!/bin/sh',
        `# Downloads ${ctx.label.replace(/[\r\n]/g, ' ')} into the current directory.`,
        '# Safe to re-run: complete files are skipped, partial ones resume (curl -C -).',
        '# Verify afterwards with: sha256sum -c SHA256SUMS (and md5sum/sha1sum/sha512sum -c on MD5SUMS,',
        '# SHA1SUMS, SHA512SUMS where they exist: files whose source published no SHA-256).',
        'set -eu',
        'dl() {',
        '  if [ -f "$1" ] && [ "$(($(wc -c < "$1")))" -eq "$3" ]; then return 0; fi',
        '  curl -fL --retry 5 --retry-delay 2 -C - --create-dirs -o "$1" "$2"',
        '}',
        '',
      ].join('\n'),
    entry: (e) => `dl ${shellQuote(e.path)} ${shellQuote(lineSafeUrl(e.url))} ${e.size}\n`,
    footer: () => '',
  },
  sha512: sumsSpec('SHA512SUMS', 'sha512'),
  sha1: sumsSpec('SHA1SUMS', 'sha1'),
  md5: sumsSpec('MD5SUMS', 'md5'),
};

/** Whole manifest text for a small, in-memory list (the browser selection). */
export function manifestText(format: ManifestFormat, entries: Iterable<ManifestEntry>, ctx: ManifestContext): string {
  const spec = FORMATS[format];
  let text = spec.header(ctx);
  for (const e of entries) text += spec.entry(e);
  return text + spec.footer(ctx);
}
