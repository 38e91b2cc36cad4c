/** Creators and contributors as shown on a page: the record core's reading, in the page's shape. */
import type { Creator } from '../datacite/types.ts';
import { readAgent, type Agent } from '../record/agents.ts';

export interface PersonModel {
  name: string;
  /** "Given Family" for display; organisations keep their name. */
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  isOrganisation: boolean;
  orcid: string | null;
  /** https://orcid.org/… */
  orcidUrl: string | null;
  affiliations: Array<{ name: string; rorUrl: string | null; /** A link by another scheme (GRID, ISNI); absent from models kept from earlier builds. */ url?: string | null }>;
  /** Other registered identifiers with a link (ISNI, Scopus, GND…), labelled by scheme. Absent from models kept from earlier builds. */
  identifiers?: Array<{ scheme: string; value: string; url: string }>;
  /** https://ror.org/… of an organisation identified by ROR; search finds its records by it. Absent from models kept from earlier builds. */
  rorUrl?: string | null;
  /** A contributor's role as running text ("data collector"); null for creators and for the uninformative "Other". */
  role: string | null;
}

/**
 * A contributorType as a reader reads it beside the name: DataCite's controlled terms are
 * written as identifiers ("DataCollector", "HostingInstitution"), the page says "data
 * collector", "hosting institution". "Other" says nothing about the person, so nothing is shown.
 */
export function roleText(role: string | null): string | null {
  if (!role?.trim() || role.trim() === 'Other') return null;
  return role.trim().replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
}

export function agentModel(a: Agent): PersonModel {
  return {
    name: a.name,
    displayName: a.displayName,
    givenName: a.givenName,
    familyName: a.familyName,
    isOrganisation: a.kind === 'organisation',
    orcid: a.orcid,
    orcidUrl: a.orcidUrl,
    affiliations: a.affiliations.map((x) => ({ name: x.name, rorUrl: x.ror, url: x.url })),
    rorUrl: a.ror,
    identifiers: a.otherIds.flatMap((x) => (x.url ? [{ scheme: x.scheme, value: x.value, url: x.url }] : [])),
    role: roleText(a.role),
  };
}

export function personModel(c: Creator & { contributorType?: string }): PersonModel {
  return agentModel(readAgent(c));
}

/**
 * How many names a byline shows before the rest fold into a <details>. Twenty is where APA 7
 * stops listing authors, so the page names as many people as a citation of the record would;
 * a large collaboration (LHC, LIGO: thousands of creators) then opens on a byline of a few
 * lines, with its title, DOI and citation in reach, instead of screens of names.
 */
export const BYLINE_NAMES = 20;

/** Folding away fewer names than this only adds a click: such a list is shown whole. */
const FOLD_AT_LEAST = 4;

/** A byline's names in two parts: those shown, and those one click away ("and 4,980 more"). */
export function foldByline<T>(people: readonly T[], shown = BYLINE_NAMES): { shown: T[]; folded: T[] } {
  if (people.length - shown < FOLD_AT_LEAST) return { shown: [...people], folded: [] };
  return { shown: people.slice(0, shown), folded: people.slice(shown) };
}
