/** Reader-facing formatting of sizes, counts, dates, languages and places; deterministic (no locale of the build machine). */
import type { GeoCoverage } from '../record/fields.ts';
import { decimalText, formatCount } from '../record/number-text.ts';

// Counts and decimals are written the same way in diagnostics (validate, images), so they live in the record core.
export { decimalText, formatCount, numberText } from '../record/number-text.ts';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/**
 * Decimal (SI) units, as object stores and download tools report them. A bigint is a sum
 * across records, which can pass 2^53: it is scaled in integers, so the digits shown are the
 * total's own and not those of a rounded double.
 */
export function formatBytes(bytes: number | bigint): string {
  if (typeof bytes === 'bigint') return bytes < 0n ? 'unknown size' : scaledBytes(bytes);
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${decimalText(value, digits, digits)} ${UNITS[unit]}`;
}

function scaledBytes(bytes: bigint): string {
  let unit = 0;
  let divisor = 1n;
  while (bytes >= divisor * 1000n && unit < UNITS.length - 1) {
    divisor *= 1000n;
    unit += 1;
  }
  const whole = bytes / divisor;
  const digits = unit === 0 || whole >= 100n ? 0 : whole >= 10n ? 1 : 2;
  // Rounded half up in integers: value × 10^digits, plus a half, floored.
  const scale = 10n ** BigInt(digits);
  const rounded = (bytes * scale * 2n + divisor) / (divisor * 2n);
  // 999.995 KB rounds to "1000 KB" as the number form does; the next unit would say "1.00 MB".
  const text = digits ? `${rounded / scale}.${String(rounded % scale).padStart(digits, '0')}` : COUNT_PLAIN.format(rounded);
  return `${text} ${UNITS[unit]}`;
}

const COUNT_PLAIN = new Intl.NumberFormat('en', { useGrouping: false });

/**
 * The exact sum of byte (or file) counts across records. Each record's total is a safe
 * integer (validation refuses a record past 2^53 - 1 bytes), but the catalogue's is not:
 * numbers would round past 2^53 and print a total off by the bytes lost.
 */
export function exactSum<T>(items: Iterable<T>, of: (item: T) => number): bigint {
  let total = 0n;
  for (const item of items) {
    const n = of(item);
    // BigInt() throws on a fraction or NaN; a summary kept from an older build must not stop the pages.
    if (Number.isSafeInteger(n) && n > 0) total += BigInt(n);
  }
  return total;
}

/** "9,007,199,254,740,993 bytes": the exact count beside a rounded size. */
export function exactBytesText(bytes: bigint): string {
  return `${formatCount(bytes)} ${bytes === 1n ? 'byte' : 'bytes'}`;
}

/**
 * A DataCite `sizes` entry as a reader reads it. A bare count of bytes, as repositories
 * register a file's size ("1120335512 Bytes", "2048 b", "512 octets", "4096"), is shown as the
 * site shows its own file totals (formatBytes), with the exact count beside it: "1.12 GB
 * (1,120,335,512 bytes)". Anything else ("15 pages", "6 MB", "3 files") stays as registered.
 */
export function sizeText(registered: string): string {
  const m = /^\s*(\d{1,3}(?:,\d{3})+|\d+)\s*(?:bytes?|b|octets?)?\s*$/i.exec(registered);
  const bytes = m ? Number(m[1].replace(/,/g, '')) : NaN;
  if (!Number.isSafeInteger(bytes)) return registered;
  const exact = exactBytesText(BigInt(bytes));
  // Under a kilobyte the two would say the same thing twice ("512 B (512 bytes)").
  return bytes < 1000 ? exact : `${formatBytes(bytes)} (${exact})`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2024-03-05` → `5 March 2024`; a year or year-month is shown as given. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/**
 * A range as readers write it: `3 – 4 October 2023`, `30 September – 2 October 2023`,
 * `December 2022 – January 2023`; an open end reads `from …` / `until …`; a single day as a date.
 */
export function formatDateRange(start: string | null, end: string | null): string {
  if (start && end && start !== end) {
    const a = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
    const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(end);
    if (a && b && a[1] === b[1]) {
      if (a[2] === b[2]) return `${Number(a[3])} – ${formatDate(end)}`;
      return `${Number(a[3])} ${MONTHS[Number(a[2]) - 1] ?? a[2]} – ${formatDate(end)}`;
    }
    return `${formatDate(start)} – ${formatDate(end)}`;
  }
  if (start && end === null) return `from ${formatDate(start)}`;
  if (!start && end) return `until ${formatDate(end)}`;
  return formatDate(start ?? end);
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** A BCP 47 tag by its English name ("de" → "German"); a tag Intl does not know stays as written. */
export function languageName(tag: string): string {
  try {
    return LANGUAGE_NAMES.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Six decimals of a degree are about 0.1 m: finer than any coverage a record states. */
function degrees(value: number, positive: string, negative: string): string {
  const text = decimalText(Math.abs(value), 6);
  // The hemisphere of what is shown: a latitude of -1e-9 reads "0° N", not "0° S".
  return `${text}° ${value < 0 && text !== '0' ? negative : positive}`;
}

/**
 * One place of a record's geographic coverage as a reader reads it: its name, then the point
 * ("78.92° N, 11.93° E") or the box; a polygon by the box that holds it.
 */
export function coverageText(g: GeoCoverage): string {
  const lat = (v: number) => degrees(v, 'N', 'S');
  const lon = (v: number) => degrees(v, 'E', 'W');
  const area = (south: number, west: number, north: number, east: number) =>
    south === north && west === east ? `${lat(south)}, ${lon(west)}` : `${lat(south)} to ${lat(north)}, ${lon(west)} to ${lon(east)}`;
  const parts: string[] = [];
  if (g.place) parts.push(g.place);
  if (g.point) parts.push(`${lat(g.point.latitude)}, ${lon(g.point.longitude)}`);
  if (g.box) parts.push(area(g.box.south, g.box.west, g.box.north, g.box.east));
  else if (g.polygon) {
    // A loop, not Math.min(...points): a polygon can have more points than a call has arguments.
    let [south, west, north, east] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [longitude, latitude] of g.polygon) {
      [south, north] = [Math.min(south, latitude), Math.max(north, latitude)];
      [west, east] = [Math.min(west, longitude), Math.max(east, longitude)];
    }
    parts.push(`within ${area(south, west, north, east)}`);
  }
  return parts.join(' — ');
}

/**
 * A subject scheme as a short visible label beside the term: the acronym a long scheme name
 * carries in parentheses ("Fields of Science and Technology (FOS)" → "FOS", "Australian and New
 * Zealand Standard Research Classification (ANZSRC), 2020" → "ANZSRC"), else the name as registered.
 */
export function schemeLabel(scheme: string | null): string | null {
  if (!scheme) return null;
  return /\(([\p{Lu}][\p{L}\p{N}&.-]{1,15})\)/u.exec(scheme)?.[1] ?? scheme;
}
