/**
 * Licence resolution against the SPDX licence list (spdx-license-list). The REST API
 * lower-cases SPDX ids, so lookups are case-insensitive; rightsUri values that are licence
 * URLs (Creative Commons, opensource.org, spdx.org…) map to their SPDX id as well.
 */
import spdxList from 'spdx-license-list';
import type { Rights } from '../datacite/types.ts';

export interface ResolvedLicence {
  /** Canonical SPDX id (e.g. `CC-BY-4.0`), or null when the licence is not on the SPDX list. */
  spdx: string | null;
  name: string;
  /** https://spdx.org/licenses/<ID> for SPDX licences, else the record's http(s) rightsUri, else null. */
  url: string | null;
  /** One plain sentence for common open licences; null otherwise. */
  summary: string | null;
}

const BY_LOWER_ID = new Map<string, string>();
const BY_NAME = new Map<string, string>();
const BY_URL = new Map<string, string>();

/** Scheme, www., trailing slash, `legalcode`, `deed.xx` and `.html/.txt` do not change which licence a URL names. */
function urlKey(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/(legalcode|deed)(\.[a-z-]+)?$/, '')
    .replace(/\.(html?|txt|php)$/, '')
    .replace(/\/+$/, '');
}

for (const [id, entry] of Object.entries(spdxList)) {
  BY_LOWER_ID.set(id.toLowerCase(), id);
  BY_NAME.set(entry.name.toLowerCase(), id);
  if (entry.url) BY_URL.set(urlKey(entry.url), id);
}

/** Canonical SPDX id for an id in any letter case, or null. */
export function spdxId(id: string): string | null {
  const key = id.trim().toLowerCase();
  // "CC0 1.0" (DataCite's own 4.4 examples) is the SPDX id written with a space.
  return BY_LOWER_ID.get(key) ?? BY_LOWER_ID.get(key.replace(/\s+/g, '-')) ?? null;
}

/** SPDX id named by a licence URL, or null. */
export function spdxIdFromUrl(url: string): string | null {
  const key = urlKey(url);
  const direct = BY_URL.get(key);
  if (direct) return direct;
  const spdx = /^spdx\.org\/licenses\/([^/]+)$/.exec(key);
  if (spdx) return spdxId(spdx[1]);
  const osi = /^opensource\.org\/licenses?\/([^/]+)$/.exec(key);
  if (osi) return spdxId(osi[1]);
  const cc = /^creativecommons\.org\/licenses\/([a-z-]+)\/(\d\.\d)(?:\/([a-z]{2}))?$/.exec(key);
  if (cc) return spdxId(`CC-${cc[1]}-${cc[2]}${cc[3] ? '-' + cc[3] : ''}`) ?? spdxId(`CC-${cc[1]}-${cc[2]}`);
  const zero = /^creativecommons\.org\/publicdomain\/zero\/1\.0$/.test(key);
  if (zero) return 'CC0-1.0';
  const odc = /^opendatacommons\.org\/licenses\/(by|odbl|pddl)\/(\d\.\d)$/.exec(key);
  if (odc) return spdxId(odc[1] === 'by' ? `ODC-By-${odc[2]}` : `${odc[1]}-${odc[2]}`);
  return null;
}

/** Access-rights statements (OpenAIRE `info:eu-repo/semantics/openAccess` …) say nothing about reuse terms. */
export function isAccessStatement(rights: Rights): boolean {
  const uri = rights.rightsUri ?? '';
  if (/^info:eu-repo\/semantics\//i.test(uri)) return true;
  // The OpenAIRE term written as the statement itself (`<rights>info:eu-repo/semantics/openAccess</rights>`).
  if (!uri && /^info:eu-repo\/semantics\/\w+$/i.test((rights.rights ?? '').trim())) return true;
  return !uri && !rights.rightsIdentifier && /^(open|closed|restricted|embargoed) access$/i.test((rights.rights ?? '').trim());
}

/** The SPDX id one rights entry names, by identifier (scheme SPDX or none), URL, or exact licence name. */
export function spdxIdOf(rights: Rights): string | null {
  const scheme = rights.rightsIdentifierScheme?.trim().toLowerCase();
  if (rights.rightsIdentifier && (!scheme || scheme === 'spdx')) {
    const id = spdxId(rights.rightsIdentifier);
    if (id) return id;
  }
  if (rights.rightsUri) {
    const id = spdxIdFromUrl(rights.rightsUri);
    if (id) return id;
  }
  if (rights.rights) return BY_NAME.get(rights.rights.trim().toLowerCase()) ?? spdxId(rights.rights);
  return null;
}

/** Creative Commons licence elements, in the order the sentence names them. */
const CC_SENTENCES: Record<string, string> = {
  BY: 'You may share and adapt it for any purpose if you credit the creators.',
  'BY-SA': 'You may share and adapt it if you credit the creators and share adaptations under the same licence.',
  'BY-NC': 'You may share and adapt it for non-commercial purposes if you credit the creators.',
  'BY-ND': 'You may share it unchanged for any purpose if you credit the creators; adaptations may not be shared.',
  'BY-NC-SA': 'You may share and adapt it for non-commercial purposes if you credit the creators and share adaptations under the same licence.',
  'BY-NC-ND': 'You may share it unchanged for non-commercial purposes if you credit the creators; adaptations may not be shared.',
};

/** One human sentence for common open licences. */
export function licenceSummary(spdx: string): string | null {
  if (spdx === 'CC0-1.0' || spdx === 'PDDL-1.0' || spdx === 'CC-PDDC') {
    return 'Dedicated to the public domain: you may use it for any purpose without asking or giving credit.';
  }
  const cc = /^CC-(BY(?:-NC)?(?:-ND|-SA)?)-\d\.\d/.exec(spdx);
  if (cc) return CC_SENTENCES[cc[1]] ?? null;
  if (spdx === 'ODC-By-1.0') return 'You may use, share and adapt the data if you credit the source.';
  if (spdx === 'ODbL-1.0') return 'You may use, share and adapt the database if you credit it and share adapted databases under the same licence.';
  if (spdx === 'MIT' || spdx === 'BSD-2-Clause' || spdx === 'BSD-3-Clause' || spdx === 'Apache-2.0') {
    return 'A permissive licence: you may use, change and redistribute it if you keep the copyright and licence notice.';
  }
  return null;
}

/**
 * The licence of a record: the first rights entry that names an SPDX licence, else the first
 * entry that is a licence at all (not an access statement), else null.
 */
export function resolveLicence(rightsList: Rights[] | null | undefined): ResolvedLicence | null {
  return resolveLicences(rightsList)[0] ?? null;
}

/** One rights entry that is a licence (not an access statement) as the outputs name it; null when it names nothing. */
function resolveOne(rights: Rights): ResolvedLicence | null {
  const id = spdxIdOf(rights);
  if (id) return { spdx: id, name: spdxList[id].name, url: `https://spdx.org/licenses/${id}`, summary: licenceSummary(id) };
  if (!rights.rights && !rights.rightsUri) return null;
  const uri = rights.rightsUri && /^https?:\/\//i.test(rights.rightsUri) ? rights.rightsUri : null;
  return { spdx: null, name: rights.rights?.replace(/\s+/g, ' ').trim() || rights.rightsUri || 'Licence', url: uri, summary: null };
}

/**
 * Every licence a record registers (a dataset's and its software's, say), each once: the
 * record's licence (the first entry naming an SPDX licence, else the first licence at all)
 * first, the others in registered order. Access statements are not licences.
 */
export function resolveLicences(rightsList: Rights[] | null | undefined): ResolvedLicence[] {
  const entries = (Array.isArray(rightsList) ? rightsList : []).filter((r) => r && typeof r === 'object' && !isAccessStatement(r));
  const all = entries.map(resolveOne).filter((l): l is ResolvedLicence => l !== null);
  const primary = all.find((l) => l.spdx) ?? all[0];
  const seen = new Set<string>();
  return (primary ? [primary, ...all] : []).filter((l) => {
    const key = l.url ?? `name:${l.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The record's licence (see resolveLicence): what every output names as the licence. */
export function licenceOf(attrs: { rightsList?: Rights[] | null }): ResolvedLicence | null {
  return resolveLicence(Array.isArray(attrs.rightsList) ? attrs.rightsList : null);
}

/** Every licence of the record (see resolveLicences), the record's licence first. */
export function licencesOf(attrs: { rightsList?: Rights[] | null }): ResolvedLicence[] {
  return resolveLicences(Array.isArray(attrs.rightsList) ? attrs.rightsList : null);
}
