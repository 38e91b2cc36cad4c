/**
 * DataCite date values: W3CDTF / ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, date-times with a
 * zone) and RKMS-ISO8601 ranges `start/end` where one end may be left open. What ISO 8601
 * and RFC 3339 allow is valid too: a space for the `T` (`2020-01-01 12:00:00`, RFC 3339
 * §5.6), a zone offset in hours alone (`+02`), and an open end written `..` (ISO 8601-2,
 * EDTF: `2020-01-01/..`). src/record/dates.ts reads every one of them the same way.
 */

const SINGLE = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One date or date-time, with a real calendar day and a real time of day. */
export function isDataCiteSingleDate(value: string): boolean {
  const m = SINGLE.exec(value.trim());
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m;
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d !== undefined && (Number(d) < 1 || Number(d) > daysInMonth(Number(y), Number(mo)))) return false;
  if (h !== undefined && (Number(h) > 24 || Number(mi) > 59 || (s !== undefined && Number(s) > 60))) return false;
  return true;
}

/** A DataCite date: a single date, or a range `a/b` (one side may be empty for an open range). */
export function isDataCiteDate(value: string): boolean {
  const parts = value.trim().split('/').map((p) => (p.trim() === '..' ? '' : p.trim()));
  if (parts.length === 1) return isDataCiteSingleDate(parts[0]);
  if (parts.length !== 2) return false;
  const [start, end] = parts;
  if (!start && !end) return false;
  return (!start || isDataCiteSingleDate(start)) && (!end || isDataCiteSingleDate(end));
}
