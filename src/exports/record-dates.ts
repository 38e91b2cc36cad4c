/**
 * Dates for machines, as feeds and sitemaps write them. What a record's last modification
 * is (sitemap `lastmod`, Atom `updated`, DCAT `dct:modified`) is a reading rule of the record
 * core: `lastModifiedOf` in src/record/dates.ts.
 */

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
