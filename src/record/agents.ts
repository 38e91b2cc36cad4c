/**
 * Creators and contributors: the one reading of a DataCite name. Whether a name is a person
 * or an organisation, how it splits into given and family names, its ORCID and its
 * affiliations (with ROR) are decided here once; the page, JSON-LD, meta tags, CSL and the
 * formats made from it, CFF, Signposting and the dumps all print what this returns.
 */
import type { Affiliation, Contributor, Creator, DataCiteAttributes } from '../datacite/types.ts';
import { normaliseOrcid, orcidUrl, rorUrl } from './identifiers.ts';
import { clean, known } from './text.ts';

export type AgentKind = 'person' | 'organisation';

export interface AgentAffiliation {
  /** The name, else (an affiliation registered by its identifier alone) the identifier's scheme and value. */
  name: string;
  /** https://ror.org/… when the affiliation is identified by a ROR id. */
  ror: string | null;
  /** A link for an affiliation identified by another scheme (GRID, ISNI, a schemeUri), else null. */
  url: string | null;
}

export interface Agent {
  /** The name as the record writes it (whitespace folded). */
  name: string;
  kind: AgentKind;
  givenName: string | null;
  familyName: string | null;
  /** "Given Family" for people with both parts, else the name as written. */
  displayName: string;
  /** "Family, Given" for people with a family name (citations, Highwire), else the name. */
  invertedName: string;
  /** Bare ORCID iD `0000-0002-1825-0097`, people only. */
  orcid: string | null;
  /** https://orcid.org/… */
  orcidUrl: string | null;
  /** https://ror.org/… of an organisation identified by ROR. */
  ror: string | null;
  affiliations: AgentAffiliation[];
  /** contributorType for contributors; null for creators. */
  role: string | null;
  /**
   * The person's or organisation's other registered identifiers (ISNI, Scopus, GND,
   * Wikidata, a scheme unknown here…), each with its scheme and a link when one can be made.
   */
  otherIds: AgentIdentifier[];
}

export interface AgentIdentifier {
  /** The scheme as registered (`ISNI`, `Scopus Author ID`), else the schemeUri's host. */
  scheme: string;
  value: string;
  /** An http(s) link: the identifier itself when it is one, else the schemeUri followed by it. */
  url: string | null;
}

/** Resolvers of common schemes, for identifiers registered without a schemeUri. */
const RESOLVERS: Record<string, string> = {
  ISNI: 'https://isni.org/isni/',
  GND: 'https://d-nb.info/gnd/',
  VIAF: 'https://viaf.org/viaf/',
  WIKIDATA: 'https://www.wikidata.org/wiki/',
};

/** One identifier of another scheme than the ones read as ORCID or ROR; null when it has no value. */
export function otherIdentifier(value: unknown, scheme: unknown, schemeUri: unknown): AgentIdentifier | null {
  const id = clean(value);
  if (!id) return null;
  const uri = clean(schemeUri);
  const named = clean(scheme) || (/^https?:\/\//i.test(uri) ? uri.replace(/^https?:\/\/(?:www\.)?([^/]+).*$/i, '$1') : '');
  let url: string | null = null;
  if (/^https?:\/\/[^\s]+$/i.test(id)) url = id;
  else {
    const base = /^https?:\/\/[^\s]+$/i.test(uri) ? uri : RESOLVERS[named.toUpperCase()];
    // ISNI is registered spaced in groups of four; its resolver takes the 16 characters.
    const path = named.toUpperCase() === 'ISNI' ? id.replace(/\s+/g, '') : id;
    if (base) url = `${base}${/[/=#:]$/.test(base) ? '' : '/'}${encodeURI(path)}`;
  }
  return { scheme: named || 'Identifier', value: id, url };
}

function otherIdsOf(c: Creator, orcid: string | null, ror: string | null): AgentIdentifier[] {
  return (c.nameIdentifiers ?? []).flatMap((n) => {
    if (!n || typeof n.nameIdentifier !== 'string') return [];
    // The ORCID iD or ROR id the agent is already read by is not a second identifier.
    if (orcid && normaliseOrcid(n.nameIdentifier) === orcid) return [];
    if (ror && rorUrl(n.nameIdentifier) === ror) return [];
    if (isScheme(n.nameIdentifierScheme, 'ORCID', /^(?:https?:\/\/)?(?:www\.)?orcid\.org\/?$/i) || isScheme(n.nameIdentifierScheme, 'ROR', ROR_HOME)) return [];
    const id = otherIdentifier(n.nameIdentifier, n.nameIdentifierScheme, n.schemeUri);
    return id ? [id] : [];
  });
}

/** A scheme named by its code in any case, or by its home page (`https://orcid.org/` as the scheme, as some repositories write it). */
function isScheme(scheme: string | undefined, code: string, host: RegExp): boolean {
  const s = scheme?.trim() ?? '';
  return s.toUpperCase() === code || host.test(s);
}

function isOrcidIdentifier(scheme: string | undefined, value: string): boolean {
  return !scheme?.trim() || isScheme(scheme, 'ORCID', /^(?:https?:\/\/)?(?:www\.)?orcid\.org\/?$/i) || /orcid\.org/i.test(value);
}

const ROR_HOME = /^(?:https?:\/\/)?(?:www\.)?ror\.org\/?$/i;

function orcidOf(c: Creator): string | null {
  for (const n of c.nameIdentifiers ?? []) {
    if (!n || typeof n.nameIdentifier !== 'string') continue;
    if (!isOrcidIdentifier(n.nameIdentifierScheme, n.nameIdentifier)) continue;
    const id = normaliseOrcid(n.nameIdentifier);
    if (id) return id;
  }
  return null;
}

function rorOf(c: Creator): string | null {
  for (const n of c.nameIdentifiers ?? []) {
    if (!n || typeof n.nameIdentifier !== 'string') continue;
    if (n.nameIdentifierScheme?.trim() && !isScheme(n.nameIdentifierScheme, 'ROR', ROR_HOME) && !/ror\.org/i.test(n.nameIdentifier)) continue;
    const url = rorUrl(n.nameIdentifier);
    if (url) return url;
  }
  return null;
}

function affiliationOf(a: Affiliation | string): AgentAffiliation | null {
  if (typeof a === 'string') {
    const name = known(a);
    return name ? { name, ror: null, url: null } : null;
  }
  if (!a || typeof a !== 'object') return null;
  const name = known(a.name) ?? '';
  const scheme = a.affiliationIdentifierScheme;
  const ror = typeof a.affiliationIdentifier === 'string' && (!scheme?.trim() || isScheme(scheme, 'ROR', ROR_HOME)) ? rorUrl(a.affiliationIdentifier) : null;
  if (ror) return { name: name || ror, ror, url: null };
  // Another scheme (GRID, ISNI…): the identifier still says which organisation it is.
  const other = otherIdentifier(a.affiliationIdentifier, scheme, a.schemeUri);
  if (!name && !other) return null;
  return { name: name || `${other!.scheme} ${other!.value}`, ror: null, url: other?.url ?? null };
}

/** nameType in any letter case (kernel 4.0 REST records write `personal`), else null. */
function declaredKind(nameType: unknown): AgentKind | null {
  if (typeof nameType !== 'string') return null;
  const t = nameType.trim().toLowerCase();
  if (t === 'personal') return 'person';
  if (t === 'organizational' || t === 'organisational') return 'organisation';
  return null;
}

/**
 * Person or organisation: the declared nameType; else name parts or an ORCID mean a person;
 * else a "Family, Given" comma means a person; anything else is an organisation.
 */
export function agentKind(c: Creator): AgentKind {
  const declared = declaredKind(c.nameType);
  if (declared) return declared;
  if (clean(c.familyName) || clean(c.givenName)) return 'person';
  if (orcidOf(c)) return 'person';
  return clean(c.name).includes(',') ? 'person' : 'organisation';
}

/**
 * Given and family names of a person: the record's own parts; else "Family, Given" split at
 * the first comma; else, for a person identified by an ORCID, "Given Family" split at the
 * last space (the ORCID says it is one person, and APA needs the parts to abbreviate).
 */
export function nameParts(c: Creator, kind: AgentKind = agentKind(c)): { givenName: string | null; familyName: string | null } {
  if (kind === 'organisation') return { givenName: null, familyName: null };
  const family = clean(c.familyName);
  const given = clean(c.givenName);
  if (family) return { givenName: given || null, familyName: family };
  const name = clean(c.name);
  const comma = name.indexOf(',');
  if (comma > 0) {
    const rest = name.slice(comma + 1).trim();
    return { givenName: rest || given || null, familyName: name.slice(0, comma).trim() };
  }
  if (orcidOf(c)) {
    const space = name.lastIndexOf(' ');
    if (space > 0) return { givenName: name.slice(0, space), familyName: name.slice(space + 1) };
  }
  return { givenName: given || null, familyName: null };
}

/** One creator or contributor, read once. */
export function readAgent(c: Creator | Contributor): Agent {
  const kind = agentKind(c);
  const { givenName, familyName } = nameParts(c, kind);
  // "Family, Given" with one part empty (Zenodo writes ", Ashley" for a person without a
  // family name) is the other part alone, not a name that starts with a comma.
  const written = clean(c.name).replace(/^,\s*|\s*,$/g, '');
  const name = written || [givenName, familyName].filter(Boolean).join(' ');
  const orcid = kind === 'person' ? orcidOf(c) : null;
  const ror = kind === 'organisation' ? rorOf(c) : null;
  return {
    name,
    kind,
    givenName,
    familyName,
    displayName: kind === 'person' && familyName ? [givenName, familyName].filter(Boolean).join(' ') : name,
    invertedName: kind === 'person' && familyName ? (givenName ? `${familyName}, ${givenName}` : familyName) : name,
    orcid,
    orcidUrl: orcid ? orcidUrl(orcid) : null,
    ror,
    otherIds: otherIdsOf(c, orcid, ror),
    affiliations: (Array.isArray(c.affiliation) ? c.affiliation : []).map(affiliationOf).filter((a): a is AgentAffiliation => a !== null),
    role: 'contributorType' in c && typeof c.contributorType === 'string' ? c.contributorType : null,
  };
}

/**
 * The URI that identifies an agent, as FAIR Signposting's `author` link takes it: the ORCID
 * iD, an organisation's ROR id, else the first other registered identifier that is an http(s)
 * link (ISNI, GND, one given with a schemeUri). One per agent: a person's ORCID and ISNI as
 * two `author` links would read as two authors.
 */
export function agentIdentifierUrl(a: Agent): string | null {
  return a.orcidUrl ?? a.ror ?? a.otherIds.find((id) => id.url)?.url ?? null;
}

/** A name, not DataCite's code for an unknown one (a creator ":unav"). */
function hasName(c: Creator | undefined | null): c is Creator {
  return !!c && typeof c === 'object' && (known(c.name) !== undefined || known(c.familyName) !== undefined);
}

/** The record's creators in order (entries without any name, or named ":unav" and the like, are left out). */
export function creatorsOf(attrs: Pick<DataCiteAttributes, 'creators'>): Agent[] {
  return (Array.isArray(attrs.creators) ? attrs.creators : []).filter(hasName).map(readAgent);
}

/** The record's contributors in order, each with its contributorType as `role`. */
export function contributorsOf(attrs: Pick<DataCiteAttributes, 'contributors'>): Agent[] {
  return (Array.isArray(attrs.contributors) ? attrs.contributors : []).filter(hasName).map(readAgent);
}

/** Contributors of one contributorType (e.g. Editor), in order. */
export function contributorsWithRole(attrs: Pick<DataCiteAttributes, 'contributors'>, role: string): Agent[] {
  return contributorsOf(attrs).filter((a) => a.role === role);
}
