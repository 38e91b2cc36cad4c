/** Reader-facing formatting of sizes, counts and dates; deterministic (no locale of the build machine). */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal (SI) units, as object stores and download tools report them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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
