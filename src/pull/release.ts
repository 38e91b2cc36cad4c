/**
 * Release predicates shared by sources. Each source asks its API for released records only
 * (the query) and checks every record again with these (the record): a query that is
 * wrong, or ignored by the server, can never publish a record.
 */
import { isDataCiteDate } from '../validate/dates.ts';
import { isObject, isoDay } from './text.ts';
import { dataciteReleaseDay } from '../record/release.ts';

export type ReleaseDecision =
  | { public: true; state: 'released'; releasedOn: string }
  | { public: true; state: 'metadata-only'; releasedOn: string; filesAvailableFrom: string }
  | { public: false; reason: string; ambiguous: boolean };

/**
 * DataCite: `state` findable, and no `Available` date in the future; released on the day the
 * record says it became public (src/record/release.ts). ESRF session DOIs are
 * findable at once with an `Available` date three years on: they become metadata-only
 * pages, files opening on that date. An `Available` date that cannot be read is ambiguous:
 * not public.
 */
export function dataciteRelease(attrs: Record<string, unknown>, now: Date, stateKnown = true): ReleaseDecision {
  if (stateKnown && attrs.state !== 'findable') {
    return { public: false, reason: `DataCite state is ${JSON.stringify(attrs.state ?? null)}, not findable`, ambiguous: attrs.state === undefined };
  }
  const today = now.toISOString().slice(0, 10);
  // The day the record says it became public (Available, Issued, publicationYear), as a bare
  // record in a folder catalogue is read; its registration stands in until that day has come.
  const releasedOn = dataciteReleaseDay(attrs, isoDay(attrs.registered) ?? isoDay(attrs.published), today);
  if (!releasedOn) return { public: false, reason: 'no registration, Available or Issued date or publication year', ambiguous: true };
  let availableFrom: string | null = null;
  for (const d of Array.isArray(attrs.dates) ? attrs.dates : []) {
    if (!isObject(d) || d.dateType !== 'Available') continue;
    const text = typeof d.date === 'string' ? d.date.trim() : '';
    // A range means "available from the start"; the start is what counts.
    const start = text.split('/')[0];
    const day = (start && isDataCiteDate(text) ? (isoDay(start) ?? (/^\d{4}$/.test(start) ? `${start}-01-01` : /^\d{4}-\d{2}$/.test(start) ? `${start}-01` : null)) : null) ?? pastFreeTextDay(text, today);
    if (!day) return { public: false, reason: `the Available date ${JSON.stringify(d.date ?? null)} cannot be read`, ambiguous: true };
    if (!availableFrom || day > availableFrom) availableFrom = day;
  }
  if (availableFrom && availableFrom > today) {
    return { public: true, state: 'metadata-only', releasedOn: releasedOn > today ? today : releasedOn, filesAvailableFrom: availableFrom };
  }
  if (releasedOn > today) return { public: false, reason: `released only on ${releasedOn}`, ambiguous: false };
  return { public: true, state: 'released', releasedOn };
}

/**
 * Kernel-2/3 records carry free-text dates ("March 2011", recorded on DataCite's own DOIs).
 * When every year the text names has ended, any reading of it is in the past: the last day
 * of its latest year stands for it. Anything else stays unreadable.
 */
function pastFreeTextDay(text: string, today: string): string | null {
  const years = [...text.matchAll(/(?<!\d)(\d{4})(?!\d)/g)].map((m) => Number(m[1]));
  if (years.length === 0) return null;
  const last = `${Math.max(...years)}-12-31`;
  return last < today ? last : null;
}

/** A release date (ICAT publicationDate/releaseDate, PaNOSC releaseDate): public only once it has passed; unreadable = not public. */
export function dateRelease(value: unknown, now: Date, what: string): ReleaseDecision {
  const day = isoDay(value);
  if (!day) return { public: false, reason: `${what} ${JSON.stringify(value ?? null)} cannot be read`, ambiguous: true };
  const instant = typeof value === 'string' ? Date.parse(value) : NaN;
  if ((!Number.isNaN(instant) && instant > now.getTime()) || day > now.toISOString().slice(0, 10)) {
    return { public: false, reason: `${what} ${day} is in the future`, ambiguous: false };
  }
  return { public: true, state: 'released', releasedOn: day };
}

/** experiment.json `release` for a public decision. */
export function releaseJson(decision: Extract<ReleaseDecision, { public: true }>): Record<string, unknown> {
  return {
    state: decision.state,
    releasedOn: decision.releasedOn,
    filesAvailableFrom: decision.state === 'metadata-only' ? decision.filesAvailableFrom : null,
    withdrawnOn: null,
    withdrawalReason: null,
  };
}
