/**
 * Release states as the catalogue stage reads them, so they live in the record core: the
 * release of a bare DataCite record (a curator's folder of DataCite files, with no
 * experiment.json: released, on the day DataCite registered it when the file was saved from
 * its API, else on its Issued date, else its publicationYear's 1 January, else unknown), and
 * which raw records are public, withdrawn or unreleased.
 */
import type { ExperimentRecord, ReleaseInfo } from './types.ts';
import type { DataCiteAttributes } from '../datacite/types.ts';
import { declaredPublicationDateOf, issuedOf, publicationYearOf } from './dates.ts';
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

/**
 * `registered`: DataCite's registration time, which the REST API gives beside the metadata
 * (`attributes.registered`). It is when the DOI became public, and pull's DataCite source
 * (src/pull/release.ts) reads the release the same way. The declared publication date is
 * only a stand-in: it may lie years ahead (an embargo's end, a Buddhist-era year 2549).
 */
function releaseDay(datacite: unknown, registered: unknown): string | null {
  const day = typeof registered === 'string' ? /^(\d{4}-\d{2}-\d{2})(?:T|$)/.exec(registered.trim())?.[1] : undefined;
  const fromRegistry = day ? firstDay(day) : null;
  if (fromRegistry) return fromRegistry;
  if (!datacite || typeof datacite !== 'object') return null;
  const attrs = datacite as { dates?: unknown; publicationYear?: unknown };
  const issued = Array.isArray(attrs.dates) ? issuedOf({ dates: attrs.dates }) : undefined;
  const fromIssued = issued ? firstDay(issued) : null;
  if (fromIssued) return fromIssued;
  const year = publicationYearOf({ publicationYear: attrs.publicationYear as string | number });
  return year && /^\s*\d{4}\s*$/.test(String(attrs.publicationYear)) ? `${year}-01-01` : null;
}

export function defaultRelease(datacite: unknown, registered: unknown = null): ReleaseInfo {
  return { state: 'released', releasedOn: releaseDay(datacite, registered), filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null };
}

/**
 * The release date at the precision the record states it. A bare record whose Issued date or
 * publicationYear gives only a year or a month is released on that period's first day (a
 * day is needed to order and date it), but that day is a stand-in: shown, it is "1 January
 * 2019", a date the record never names. Then the year or month is returned ("2019").
 */
function statedReleaseDate(datacite: Pick<DataCiteAttributes, 'dates' | 'publicationYear'>, releasedOn: string | null): string | null {
  if (!releasedOn) return null;
  const declared = declaredPublicationDateOf(datacite)?.trim();
  return declared && /^\d{4}(?:-\d{2})?$/.test(declared) && firstDay(declared) === releasedOn ? declared : releasedOn;
}

/**
 * The release date a page shows, and what it is. A bare record saved from DataCite's API is
 * released on the day its DOI was registered (releaseDay): a date the record itself never
 * states, often years after its Issued date or publicationYear, so a page calls it what it
 * is ("DOI registered 15 January 2014") rather than a release. Any other date is stated, by
 * experiment.json or by the record's Issued date or publicationYear, and keeps the
 * precision it is stated with (statedReleaseDate).
 */
export function shownRelease(record: Pick<ExperimentRecord, 'datacite' | 'release' | 'files'>): { date: string | null; registered: boolean } {
  const { releasedOn } = record.release;
  // A bare record has no experiment.json; its date is the registration's unless the record states the same day.
  const registered = releasedOn !== null && record.files.experiment === null && releasedOn !== releaseDay(record.datacite, null);
  return { date: registered ? releasedOn : statedReleaseDate(record.datacite, releasedOn), registered };
}

/** experiment.json content that a bare DataCite record stands for: released, no datasets (`registered`: see releaseDay). */
export function bareExperimentJson(datacite: unknown, registered: unknown = null): { release: ReleaseInfo; datasets: [] } {
  return { release: defaultRelease(datacite, registered), datasets: [] };
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
