/**
 * Dates for machines: a record's last modification (sitemap `lastmod`, Atom `updated`,
 * DCAT `dct:modified`) comes from the record itself (DataCite Updated/Issued/Available
 * dates, the release date), never from the build clock, so an unchanged record keeps its
 * dates and crawlers are not told to refetch everything after every build.
 */
import type { ExperimentRecord } from '../record/types.ts';

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
export function recordLastModified(record: Pick<ExperimentRecord, 'datacite' | 'release'>, notAfter?: Date): string | null {
  const limit = notAfter?.toISOString().slice(0, 10);
  const dates = (record.datacite.dates ?? [])
    .filter((d) => d.dateType === 'Updated' || d.dateType === 'Issued')
    .map((d) => isoDatePart(d.date));
  return latest([...dates, isoDatePart(record.release.releasedOn)].filter((d) => d && (!limit || d.slice(0, 10) <= limit)));
}

/** An ISO date of any precision as an RFC 3339 date-time (Atom needs one): midnight UTC, first of month/year. */
export function toDateTime(iso: string): string {
  if (iso.includes('T')) return iso;
  const [y, m = '01', d = '01'] = iso.split('-');
  return `${y}-${m}-${d}T00:00:00Z`;
}

/** Newest first, for feeds. */
export function compareNewest(a: string, b: string): number {
  return toDateTime(b).localeCompare(toDateTime(a));
}
