/**
 * Dates, read once: the publication year, the Issued date, collection ranges, Available,
 * and the date a citation names. DataCite dates are W3CDTF prefixes (YYYY, YYYY-MM,
 * YYYY-MM-DD, date-times) or RKMS-ISO8601 ranges `start/end` with one end possibly open.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import type { ExperimentRecord, ReleaseInfo } from './types.ts';
import { clean } from './text.ts';

const DATE_PREFIX = /^\d{4}(?:-\d{2}(?:-\d{2})?)?/;

/** `YYYY[-MM[-DD]]` at the start of a single DataCite date, else null. */
export function isoDate(value: unknown): string | null {
  const m = DATE_PREFIX.exec(clean(value));
  return m ? m[0] : null;
}

export interface DateRange {
  start: string | null;
  end: string | null;
}

/** A DataCite date as a range: `a/b` → both ends, a single date → start = end. */
export function dateRange(value: unknown): DateRange | null {
  const text = clean(value);
  if (!text) return null;
  if (text.includes('/')) {
    const [a, b] = text.split('/', 2);
    const range = { start: isoDate(a), end: isoDate(b) };
    return range.start || range.end ? range : null;
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
  range: DateRange;
  information: string | null;
}

/** Every dated event of the record, ranges kept as ranges; unreadable values left out. */
export function datesOf(attrs: Pick<DataCiteAttributes, 'dates'>): RecordDate[] {
  return (Array.isArray(attrs.dates) ? attrs.dates : []).flatMap((d) => {
    const range = d && typeof d.dateType === 'string' ? dateRange(d.date) : null;
    return range ? [{ type: d.dateType, value: clean(d.date), range, information: clean(d.dateInformation) || null }] : [];
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
  const last = text.includes('/') ? text.split('/').pop()!.trim() : text;
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(last);
  if (full) return full[0];
  const m = /^\d{4}(-\d{2}(-\d{2})?)?(?![\d])/.exec(last);
  return m ? m[0] : null;
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
