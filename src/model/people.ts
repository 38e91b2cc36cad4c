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
  affiliations: Array<{ name: string; rorUrl: string | null }>;
  role: string | null;
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
    affiliations: a.affiliations.map((x) => ({ name: x.name, rorUrl: x.ror })),
    role: a.role,
  };
}

export function personModel(c: Creator & { contributorType?: string }): PersonModel {
  return agentModel(readAgent(c));
}
