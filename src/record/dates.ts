/**
 * Dates, read once: the publication year, the Issued date, collection ranges, Available,
 * and the date a citation names. DataCite dates are W3CDTF prefixes (YYYY, YYYY-MM,
 * YYYY-MM-DD, date-times) or RKMS-ISO8601 ranges `start/end` with one end possibly open.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import type { ExperimentRecord, ReleaseInfo } from './types.ts';
import { clean } from './text.ts';

const DATE_PREFIX = /^\d{4}(?:-\d{2}(?:-\d{2})?)?/;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const pad = (n: number) => String(n).padStart(2, '0');

function monthNumber(name: string): number | null {
  const i = MONTHS.findIndex((m) => m === name.toLowerCase() || (name.length >= 3 && m.startsWith(name.toLowerCase().replace(/\.$/, ''))));
  return i < 0 ? null : i + 1;
}

/**
 * Forms real repositories register that are not W3CDTF but say one date unambiguously:
 * "March 2011", "7 April 2017", "April 7, 2017", and the day-first dotted "07.04.2017".
 * Validation still reports them (date/invalid); they are read so the date is not lost.
 */
function spelledDate(text: string): string | null {
  let m = /^([A-Za-z]+\.?)\s+(\d{4})$/.exec(text);
  if (m) { const mo = monthNumber(m[1]!); return mo ? `${m[2]}-${pad(mo)}` : null; }
  m = /^(\d{1,2})\.?\s+([A-Za-z]+\.?)\s+(\d{4})$/.exec(text) ?? null;
  if (m) { const mo = monthNumber(m[2]!); return mo ? calendarDay(Number(m[3]), mo, Number(m[1])) : null; }
  m = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(text);
  if (m) { const mo = monthNumber(m[1]!); return mo ? calendarDay(Number(m[3]), mo, Number(m[2])) : null; }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return calendarDay(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

function calendarDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** `YYYY[-MM[-DD]]` of a single DataCite date (a date-time's day, however its time and zone are written), else null. */
export function isoDate(value: unknown): string | null {
  const text = clean(value);
  const m = DATE_PREFIX.exec(text);
  if (m) return m[0];
  return spelledDate(text);
}

export interface DateRange {
  start: string | null;
  end: string | null;
}

/**
 * An open end of a range: left empty (`2020-01-01/`), written `..` (ISO 8601-2 and EDTF:
 * `2020-01-01/..`), or one of DataCite's codes for an unknown value (`1970-04-01 / (:tba)`).
 */
const OPEN_END = /^(?:|\.\.|\(?:(?:tba|unkn|unav|unac|unal|unap|unas|none|null)\)?)$/i;

/**
 * A DataCite date as a range: `a/b` → both ends (either may be open: null), a single date →
 * start = end. Null when it cannot be read: a side that is neither a date nor open, or more
 * than one `/`; such a value is shown as registered, never as a guess.
 */
export function dateRange(value: unknown): DateRange | null {
  const text = clean(value);
  if (!text) return null;
  const parts = text.split('/').map((p) => p.trim());
  if (parts.length > 2) return null;
  if (parts.length === 2) {
    const [start, end] = parts.map((p) => (OPEN_END.test(p) ? null : isoDate(p) ?? undefined));
    if (start === undefined || end === undefined) return null;
    return start || end ? { start: start ?? null, end: end ?? null } : null;
  }
  const d = isoDate(text);
  return d ? { start: d, end: d } : null;
}

function datesOfType(attrs: Pick<DataCiteAttributes, 'dates'>, type: string) {
  return (Array.isArray(attrs.dates) ? attrs.dates : []).filter((d) => d && d.dateType === type && clean(d.date));
}

/** The four-digit publication year, else undefined. */
export function publicationYearOf(attrs: Pick<DataCiteAttributes, 'publicationYear'>): string | undefined {
  const m = /^\s*(\d{4})\b/.exec(String(attrs.publicationYear ?? ''));
  return m ? m[1] : undefined;
}

/** The Issued date (`YYYY[-MM[-DD]]`; a range's start), else undefined. */
export function issuedOf(attrs: Pick<DataCiteAttributes, 'dates'>): string | undefined {
  for (const d of datesOfType(attrs, 'Issued')) {
    const r = dateRange(d.date);
    if (r?.start) return r.start;
  }
  return undefined;
}

/** The Available date (embargo end), else undefined. */
export function availableOf(attrs: Pick<DataCiteAttributes, 'dates'>): string | undefined {
  for (const d of datesOfType(attrs, 'Available')) {
    const r = dateRange(d.date);
    if (r?.start ?? r?.end) return (r.start ?? r.end)!;
  }
  return undefined;
}

/** The date the resource was published as DataCite says it: Issued, else the publication year. */
export function declaredPublicationDateOf(attrs: Pick<DataCiteAttributes, 'dates' | 'publicationYear'>): string | undefined {
  const issued = issuedOf(attrs);
  const year = publicationYearOf(attrs);
  // An Issued date in another year than publicationYear is a slip; publicationYear is mandatory and wins.
  if (issued && (!year || issued.startsWith(year))) return issued;
  return year ?? issued;
}

/**
 * The date a DataCite record says it became public: its Available date (an embargo's end),
 * else its Issued date, else its publicationYear. Registration is only when the DOI was
 * minted, which may be years after (legacy data) or before (an embargo) that.
 */
export function publicDateOf(attrs: Pick<DataCiteAttributes, 'dates' | 'publicationYear'>): string | undefined {
  return availableOf(attrs) ?? issuedOf(attrs) ?? publicationYearOf(attrs);
}

/** A date of any precision compared on the precision both share. */
function after(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) > b.slice(0, n);
}

/**
 * The date a citation names. It is the declared publication date, except when that lies
 * after the day the record actually became public (an embargoed record registered with the
 * year its files open): then it is the release date, because a reader who cites it today
 * cites something public today. See docs/citation.md.
 */
export function publicationDateOf(attrs: Pick<DataCiteAttributes, 'dates' | 'publicationYear'>, releasedOn?: string | null): string | undefined {
  const declared = declaredPublicationDateOf(attrs);
  const released = isoDate(releasedOn);
  if (declared && released && after(declared, released)) return released;
  return declared ?? released ?? undefined;
}

/** The year of `publicationDateOf`. */
export function citationYearOf(attrs: Pick<DataCiteAttributes, 'dates' | 'publicationYear'>, releasedOn?: string | null): string | undefined {
  return publicationDateOf(attrs, releasedOn)?.slice(0, 4);
}

/** Whether a declared date lies after `today` (ISO YYYY-MM-DD), on the precision it has. */
export function isFutureDate(date: string, today: string): boolean {
  return after(date, today);
}

/** The collection period: the catalogue's collected range, else the DataCite Collected date (a range or a day). */
export function collectedOf(record: Pick<ExperimentRecord, 'datacite' | 'collected'>): DateRange | null {
  const { start, end } = record.collected ?? { start: null, end: null };
  if (start || end) return { start: isoDate(start), end: isoDate(end) ?? isoDate(start) };
  for (const d of datesOfType(record.datacite, 'Collected')) {
    const r = dateRange(d.date);
    if (r) return r;
  }
  return null;
}

export interface RecordDate {
  type: string;
  /** The value as the record writes it. */
  value: string;
  /** Null when the value cannot be read as a date or range: outputs show `value` as registered. */
  range: DateRange | null;
  information: string | null;
}

/** Every dated event of the record, ranges kept as ranges; one that cannot be read is kept with range null. */
export function datesOf(attrs: Pick<DataCiteAttributes, 'dates'>): RecordDate[] {
  return (Array.isArray(attrs.dates) ? attrs.dates : []).flatMap((d) => {
    const value = d && typeof d.dateType === 'string' ? clean(d.date) : '';
    return value ? [{ type: d.dateType, value, range: dateRange(value), information: clean(d.dateInformation) || null }] : [];
  });
}

/** The release date of a record (when its DOI became public), as the catalogue states it. */
export function releasedOnOf(release: Pick<ReleaseInfo, 'releasedOn'>): string | null {
  return isoDate(release.releasedOn);
}

// ---- Last modification -------------------------------------------------------------------
// A record's last modification comes from the record itself (DataCite Updated/Issued dates,
// the release date), never from the build clock, so an unchanged record keeps its dates and
// crawlers are not told to refetch everything after every build.

/** `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a full RFC 3339 date-time at the start of a DataCite date (ranges: the end). */
export function isoDatePart(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  // RFC 3339's own spelling of the date-times ISO 8601 also allows (a space for T, `+02`).
  const last = (text.includes('/') ? text.split('/').pop()!.trim() : text)
    .replace(/^(\d{4}-\d{2}-\d{2})[ t](?=\d{2}:)/, '$1T')
    .replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})$/, '$1$2:00')
    .replace(/(T[\d:.]+)([+-]\d{2})(\d{2})$/, '$1$2:$3')
    .replace(/z$/, 'Z');
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(last);
  if (full) return full[0];
  const m = /^\d{4}(-\d{2}(-\d{2})?)?(?![\d])/.exec(last);
  return m ? m[0] : spelledDate(last);
}

/** Sorts ISO dates of mixed precision correctly enough: a longer prefix of the same day sorts later. */
function latest(dates: Array<string | null>): string | null {
  let best: string | null = null;
  for (const d of dates) if (d && (!best || d.slice(0, 10) > best.slice(0, 10) || (d.slice(0, 10) === best.slice(0, 10) && d.length > best.length))) best = d;
  return best;
}

/**
 * Latest of the record's Updated and Issued dates and its release date; null when it has
 * none. Dates after `notAfter` are ignored: embargoed (metadata-only) records carry future
 * Issued/Available dates, and a modification date in the future means nothing to a crawler.
 */
export function lastModifiedOf(record: Pick<ExperimentRecord, 'datacite' | 'release'>, notAfter?: Date): string | null {
  const limit = notAfter?.toISOString().slice(0, 10);
  const dates = (record.datacite.dates ?? [])
    .filter((d) => d.dateType === 'Updated' || d.dateType === 'Issued')
    .map((d) => isoDatePart(d.date));
  return latest([...dates, isoDatePart(record.release.releasedOn)].filter((d) => d && (!limit || d.slice(0, 10) <= limit)));
}
