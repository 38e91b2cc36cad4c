/**
 * Cleaning remote values before they enter the mirror: control characters out of every
 * string (reported once per record), absurd numbers refused, file paths and object keys
 * kept inside their folder. Markup is left as text: every later stage escapes it, exactly
 * as for content/.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';

// C0 and C1 controls except tab, line feed and carriage return; plus lone surrogates are left to JSON.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const HAS_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** A deep copy with control characters removed from every string; counts what was removed. */
export function cleanStrings<T>(value: T, found: { count: number } = { count: 0 }): T {
  if (typeof value === 'string') {
    const cleaned = value.replace(CONTROL, () => {
      found.count++;
      return '';
    });
    return cleaned as T;
  }
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v, found)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cleanStrings(v, found);
    return out as T;
  }
  return value;
}

/** Cleans a record's strings and says so once if anything was removed. */
export function cleanRecord<T>(value: T, sink: DiagnosticSink, where: string): T {
  const found = { count: 0 };
  const cleaned = cleanStrings(value, found);
  if (found.count > 0) {
    sink.add({ code: 'pull/unsafe-value', message: `${where}: ${found.count} control character(s) removed from the metadata.` });
  }
  return cleaned;
}

/** A byte count: a non-negative safe integer (numbers or digit strings, as MyTardis sends them); else null. */
export function parseSize(value: unknown): number | null {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * A relative path inside a folder: forward slashes, no empty, `.` or `..` segments, no
 * leading slash, no control characters; null when it cannot be made one without guessing.
 */
export function safeRelative(pathText: string): string | null {
  if (typeof pathText !== 'string' || pathText.length === 0 || pathText.length > 4096) return null;
  if (pathText.startsWith('/') || pathText.includes('\\') || HAS_CONTROL.test(pathText)) return null;
  const segments = pathText.split('/');
  if (segments.includes('..')) return null;
  const kept = segments.filter((s) => s !== '' && s !== '.');
  return kept.length === 0 ? null : kept.join('/');
}

/** A segment naming a URI scheme or a drive (`s3:`, `file:`, `https:`, `C:`): the rest is a location elsewhere, never a key in this bucket. */
const SCHEME_SEGMENT = /^[a-z][a-z0-9+.-]*:$/i;

/**
 * Joins a folder (which may be absolute in the source, e.g. SciCat's sourceFolder) and a
 * relative path into an object key; null when that is no key (see safeRelative), or when
 * the location is a URL (`s3://other-bucket/x`, `file:///etc/passwd`): made relative it would
 * name an object that was never there, under a link that looks like ours.
 */
export function joinKey(prefix: string, relative: string): string | null {
  const base = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  const key = safeRelative(base ? `${base}/${relative}` : relative);
  return key && !key.split('/').some((segment) => SCHEME_SEGMENT.test(segment)) ? key : null;
}

/** A URL-safe catalogue id ([a-z0-9][a-z0-9._-]*) from any text; stable, never empty. */
export function toId(text: string, fallback = 'x'): string {
  const id = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '')
    .slice(0, 120);
  return id || fallback;
}

/** Record folder id for a DOI: `10.15151/ESRF-ES-1` → `10.15151-esrf-es-1`. */
export function recordIdForDoi(doi: string): string {
  return toId(doi.replace('/', '-'));
}

const MEDIA_TYPES: Array<[RegExp, string]> = [
  [/\.cbf(\.gz|\.bz2)?$/i, 'application/x-cbf'],
  [/\.(h5|hdf5|nxs|nx5|hdf)$/i, 'application/x-hdf5'],
  [/\.(img|smv)$/i, 'application/x-smv'],
  [/\.tiff?$/i, 'image/tiff'],
  [/\.png$/i, 'image/png'],
  [/\.jpe?g$/i, 'image/jpeg'],
  [/\.(txt|log|lp)$/i, 'text/plain'],
  [/\.json$/i, 'application/json'],
  [/\.xml$/i, 'application/xml'],
  [/\.csv$/i, 'text/csv'],
  [/\.zip$/i, 'application/zip'],
  [/\.(tar)$/i, 'application/x-tar'],
  [/\.(gz)$/i, 'application/gzip'],
  [/\.mtz$/i, 'application/x-mtz'],
];

/** The media type a listing line needs: the source's if it is well-formed, else by extension. */
export function mediaTypeFor(pathText: string, given: string | null = null): string {
  // Stores answer a generic type for anything uploaded without one: the extension says more.
  const generic = !given || /^(application|binary)\/octet-stream$/i.test(given.trim());
  if (!generic && /^[\w.+-]+\/[\w.+-]+$/.test(given!.trim())) return given!.trim().toLowerCase();
  for (const [pattern, type] of MEDIA_TYPES) if (pattern.test(pathText)) return type;
  return 'application/octet-stream';
}

/** `YYYY-MM-DD` of an ISO timestamp or date; null when it is not one. */
export function isoDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (!m) return null;
  const t = Date.parse(`${m[1]}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== m[1] ? null : m[1];
}

/** Splits ICAT-style scheme prefixes: `DOI:10.1/x` → { scheme: 'DOI', value: '10.1/x' }; `Crossref Funder ID:10.13039/…` too. */
export function splitScheme(value: string): { scheme: string | null; value: string } {
  const m = /^([A-Za-z][A-Za-z0-9 ._-]{0,40}):(?!\/\/)(.+)$/.exec(value.trim());
  return m ? { scheme: m[1], value: m[2].trim() } : { scheme: null, value: value.trim() };
}

/** CRC32 as ICAT/IDS writes it (decimal or short hex) → 8 lower-case hex digits, zero-padded. */
export function crc32Hex(value: string): string | null {
  const t = value.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{1,8}$/.test(t)) return t.padStart(8, '0');
  return null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
