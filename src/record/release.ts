/**
 * The release of a bare DataCite record (a curator's folder of DataCite files, with no
 * experiment.json): released, on its Issued date, else its publicationYear's 1 January,
 * else unknown. Read by the catalogue stage, so it lives in the record core.
 */
import type { ReleaseInfo } from './types.ts';
import { issuedOf, publicationYearOf } from './dates.ts';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY[-MM[-DD]]` → the first real calendar day it names, or null. */
function firstDay(date: string): string | null {
  const [y, m = '01', d = '01'] = date.split('-');
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month)) return null;
  return `${y}-${m}-${d}`;
}

function releaseDay(datacite: unknown): string | null {
  if (!datacite || typeof datacite !== 'object') return null;
  const attrs = datacite as { dates?: unknown; publicationYear?: unknown };
  const issued = Array.isArray(attrs.dates) ? issuedOf({ dates: attrs.dates }) : undefined;
  const fromIssued = issued ? firstDay(issued) : null;
  if (fromIssued) return fromIssued;
  const year = publicationYearOf({ publicationYear: attrs.publicationYear as string | number });
  return year && /^\s*\d{4}\s*$/.test(String(attrs.publicationYear)) ? `${year}-01-01` : null;
}

export function defaultRelease(datacite: unknown): ReleaseInfo {
  return { state: 'released', releasedOn: releaseDay(datacite), filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null };
}

/** experiment.json content that a bare DataCite record stands for: released, no datasets. */
export function bareExperimentJson(datacite: unknown): { release: ReleaseInfo; datasets: [] } {
  return { release: defaultRelease(datacite), datasets: [] };
}
