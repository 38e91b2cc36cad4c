/**
 * Release states as the catalogue stage reads them, so they live in the record core: the
 * release of a DataCite record (a curator's folder of DataCite files with no
 * experiment.json, or a record pulled from a DataCite repository: released on its Available
 * date, else its Issued date, else its publicationYear's 1 January; on the day DataCite
 * registered it when none of those has come), and which raw records are public, withdrawn or
 * unreleased.
 */
import type { ExperimentRecord, ReleaseInfo } from './types.ts';
import type { DataCiteAttributes } from '../datacite/types.ts';
import { declaredPublicationDateOf, publicDateOf } from './dates.ts';
import { claimedDoi } from './doi.ts';

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

/** The day of an ISO date-time or date, when it is a real calendar day. */
function isoDay(value: unknown): string | null {
  const day = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})(?:T|$)/.exec(value.trim())?.[1] : undefined;
  return day ? firstDay(day) : null;
}

/** The first day of the date the record says it became public (publicDateOf), or null. */
function statedDay(datacite: unknown): string | null {
  if (!datacite || typeof datacite !== 'object') return null;
  const raw = datacite as { dates?: unknown; publicationYear?: unknown };
  // A publicationYear is read only when it is a year and nothing else ("2549 BE" is no date).
  const year = /^\s*\d{4}\s*$/.test(String(raw.publicationYear)) ? String(raw.publicationYear).trim() : undefined;
  const stated = publicDateOf({ dates: Array.isArray(raw.dates) ? raw.dates : [], publicationYear: year ?? '' });
  return stated ? firstDay(stated) : null;
}

/**
 * The day a DataCite record (a bare file in a curator's folder, or one pulled from a DataCite
 * repository, src/pull/release.ts) became public: the day it says it did (its Available date,
 * else Issued, else publicationYear: publicDateOf). `registered`, DataCite's registration time
 * (`attributes.registered` in the REST API), is only when the DOI was minted: it stands in
 * when the record states no readable date, or one after `today` (an embargo not yet over, a
 * Buddhist-era year 2549), because a findable DOI is public now.
 */
export function dataciteReleaseDay(datacite: unknown, registered: unknown, today: string): string | null {
  const stated = statedDay(datacite);
  const minted = isoDay(registered);
  if (stated && (stated <= today || !minted)) return stated;
  return minted ?? stated;
}

export function defaultRelease(datacite: unknown, registered: unknown = null, now: Date = new Date()): ReleaseInfo {
  const releasedOn = dataciteReleaseDay(datacite, registered, now.toISOString().slice(0, 10));
  return { state: 'released', releasedOn, filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null };
}

/**
 * The release date at the precision the record states it. A DataCite record whose Available
 * or Issued date or publicationYear gives only a year or a month is released on that period's
 * first day (a day is needed to order and date it), but that day is a stand-in: shown, it is
 * "1 January 2019", a date the record never names. Then the year or month is returned ("2019").
 */
function statedReleaseDate(datacite: Pick<DataCiteAttributes, 'dates' | 'publicationYear'>, releasedOn: string | null): string | null {
  if (!releasedOn) return null;
  for (const stated of [publicDateOf(datacite), declaredPublicationDateOf(datacite)]) {
    const date = stated?.trim();
    if (date && /^\d{4}(?:-\d{2})?$/.test(date) && firstDay(date) === releasedOn) return date;
  }
  return releasedOn;
}

/**
 * The release date a page shows, and what it is. A DataCite record is released on the day it
 * says it became public (dataciteReleaseDay); when it states none that has come, a bare record
 * saved from DataCite's API stands on the day its DOI was registered, which a page calls what
 * it is ("DOI registered 15 January 2014") rather than a release. Any other date is stated, by
 * experiment.json or by the record, and keeps the precision it is stated with
 * (statedReleaseDate).
 */
export function shownRelease(record: Pick<ExperimentRecord, 'datacite' | 'release' | 'files'>): { date: string | null; registered: boolean } {
  const { releasedOn } = record.release;
  // A bare record has no experiment.json; its date is the registration's unless the record states the same day.
  const registered = releasedOn !== null && record.files.experiment === null && releasedOn !== statedDay(record.datacite);
  return { date: registered ? releasedOn : statedReleaseDate(record.datacite, releasedOn), registered };
}

/** experiment.json content that a bare DataCite record stands for: released, no datasets (`registered`: see dataciteReleaseDay). */
export function bareExperimentJson(datacite: unknown, registered: unknown = null, now: Date = new Date()): { release: ReleaseInfo; datasets: [] } {
  return { release: defaultRelease(datacite, registered, now), datasets: [] };
}

/**
 * Whether a raw experiment.json claims a state that puts the record on the site (released,
 * metadata-only, or withdrawn as a tombstone). Anything else, an unreadable file included, keeps
 * the record unreleased: its DOI and title are secrets the release gate looks for.
 */
export function claimsPublic(experiment: unknown): boolean {
  const state = releaseStateOf(experiment);
  return state === 'released' || state === 'metadata-only' || state === 'withdrawn';
}

/** DOIs (as normaliseDoi gives them) of the records a public record's relations may name, but not as live records. */
export interface HiddenDois {
  /** Not released (or with no readable release state): no public record may name them. */
  unreleased: Set<string>;
  /** Withdrawn: a tombstone; a public record may name them (a new version names the old). */
  withdrawn: Set<string>;
}

/** Whether a raw experiment.json keeps its record from being shown as live: unreleased or withdrawn. */
export function isHidden(experiment: unknown): boolean {
  return !claimsPublic(experiment) || releaseStateOf(experiment) === 'withdrawn';
}

/** Adds a raw record's DOI to the set its release state puts it in, if any. */
export function addHidden(hidden: HiddenDois, raw: { datacite: unknown; experiment: unknown }): void {
  const doi = isHidden(raw.experiment) ? claimedDoi(raw.datacite) : null;
  if (doi) (claimsPublic(raw.experiment) ? hidden.withdrawn : hidden.unreleased).add(doi);
}

function releaseStateOf(experiment: unknown): unknown {
  return (experiment as { release?: { state?: unknown } } | null | undefined)?.release?.state;
}
