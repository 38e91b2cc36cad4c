/**
 * Helpers shared by the citation and export crosswalks: ORCID/ROR from name identifiers,
 * the SPDX licence of a record, the publication date.
 */
import spdx from 'spdx-license-list';
import type { Creator, DataCiteAttributes } from '../datacite/types.ts';

const ORCID_RE = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/i;

/** The creator's ORCID as `https://orcid.org/…`, when one is given. */
export function orcidOf(creator: Creator): string | undefined {
  for (const id of creator.nameIdentifiers ?? []) {
    const scheme = id.nameIdentifierScheme?.toUpperCase();
    const m = ORCID_RE.exec(id.nameIdentifier?.trim() ?? '');
    if (m && (scheme === 'ORCID' || /orcid\.org/i.test(id.nameIdentifier))) return `https://orcid.org/${m[1]!.toUpperCase()}`;
  }
  return undefined;
}

/** A ROR id as `https://ror.org/…` from an identifier string (bare or URL). */
export function rorUrl(id: string | undefined, scheme?: string): string | undefined {
  if (!id) return undefined;
  const m = /(?:ror\.org\/)?(0[a-z0-9]{6}\d{2})$/i.exec(id.trim());
  if (!m) return undefined;
  if (scheme && scheme.toUpperCase() !== 'ROR' && !/ror\.org/i.test(id)) return undefined;
  return `https://ror.org/${m[1]!.toLowerCase()}`;
}

export interface LicenceInfo {
  /** Canonical SPDX id (e.g. `CC-BY-4.0`), when the record names one SPDX knows. */
  spdxId?: string;
  /** SPDX licence page URL for a known id, else the record's rightsUri. */
  url?: string;
  /** The rights statement as the record words it. */
  name?: string;
  /** SPDX's full name for the licence (e.g. `Creative Commons Zero v1.0 Universal`). */
  spdxName?: string;
}

const SPDX_BY_LOWER = new Map(Object.keys(spdx).map((id) => [id.toLowerCase(), id]));

/** Licence URLs compared without scheme, `www.`, trailing `legalcode` or slash. */
function urlKey(url: string): string {
  return url.trim().toLowerCase().replace(/^https?:\/\/(www\.)?/, '').replace(/(\/legalcode(\.[a-z]+)?)?\/?$/, '');
}

const SPDX_BY_URL = new Map<string, string>();
for (const [id, entry] of Object.entries(spdx)) {
  if (!entry.url) continue;
  const key = urlKey(entry.url);
  if (!SPDX_BY_URL.has(key)) SPDX_BY_URL.set(key, id);
}

/** SPDX id for a rights entry, from its rightsIdentifier or else its rightsUri. */
function spdxIdOf(r: { rightsIdentifier?: string; rightsUri?: string }): string | undefined {
  if (r.rightsIdentifier) {
    const id = SPDX_BY_LOWER.get(r.rightsIdentifier.trim().toLowerCase());
    if (id) return id;
  }
  return r.rightsUri ? SPDX_BY_URL.get(urlKey(r.rightsUri)) : undefined;
}

/** The record's licence: the first rights entry SPDX knows, else the first with a URI or text. */
export function licenceOf(attrs: DataCiteAttributes): LicenceInfo | undefined {
  const rights = (attrs.rightsList ?? []).filter((r) => !r.rightsUri?.startsWith('info:eu-repo'));
  for (const r of rights) {
    const id = spdxIdOf(r);
    if (id) return { spdxId: id, url: `https://spdx.org/licenses/${id}.html`, name: r.rights?.trim() || spdx[id]?.name, spdxName: spdx[id]?.name };
  }
  const first = rights.find((r) => r.rightsUri || r.rights);
  return first ? { url: first.rightsUri, name: first.rights } : undefined;
}

/** Publication date: the Issued date when given, else the publication year (ISO 8601). */
export function publicationDate(attrs: DataCiteAttributes): string {
  const issued = attrs.dates?.find((d) => d.dateType === 'Issued')?.date?.trim();
  const m = issued ? /^\d{4}(?:-\d{2}(?:-\d{2})?)?/.exec(issued) : null;
  return m ? m[0] : String(attrs.publicationYear).trim();
}
