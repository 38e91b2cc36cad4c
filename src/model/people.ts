/** Creators and contributors as shown on a page: names, ORCID and ROR links. */
import type { Affiliation, Creator } from '../datacite/types.ts';
import { normaliseOrcid, orcidUrl, rorUrl } from '../validate/identifiers.ts';

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


function affiliationModel(a: Affiliation | string): { name: string; rorUrl: string | null } {
  if (typeof a === 'string') return { name: a, rorUrl: null };
  const isRor = a.affiliationIdentifier && (a.affiliationIdentifierScheme ?? 'ROR').toUpperCase() === 'ROR';
  return { name: a.name, rorUrl: isRor ? rorUrl(a.affiliationIdentifier!) : null };
}

export function personModel(c: Creator & { contributorType?: string }): PersonModel {
  const isOrganisation = c.nameType === 'Organizational' || (!c.givenName && !c.familyName && !c.name.includes(','));
  const orcidId = (c.nameIdentifiers ?? [])
    .filter((n) => !n.nameIdentifierScheme || n.nameIdentifierScheme.toUpperCase() === 'ORCID' || /orcid\.org/i.test(n.nameIdentifier))
    .map((n) => normaliseOrcid(n.nameIdentifier))
    .find(Boolean);
  const orcid = orcidId ?? null;
  let givenName = c.givenName ?? null;
  let familyName = c.familyName ?? null;
  if (!isOrganisation && !givenName && !familyName && c.name.includes(',')) {
    const [family, ...given] = c.name.split(',');
    familyName = family.trim();
    givenName = given.join(',').trim() || null;
  }
  const displayName = isOrganisation ? c.name : [givenName, familyName].filter(Boolean).join(' ') || c.name;
  return {
    name: c.name,
    displayName,
    givenName,
    familyName,
    isOrganisation,
    orcid,
    orcidUrl: orcid ? orcidUrl(orcid) : null,
    affiliations: (c.affiliation ?? []).map(affiliationModel),
    role: c.contributorType ?? null,
  };
}
