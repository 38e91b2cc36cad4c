import { normaliseDoi } from './doi.ts';
/**
 * Identifier syntax and check digits, plus the canonical links the page model renders.
 * Pure functions, no I/O: validation reports with them and the page model reuses them, so
 * what is checked and what is linked can never disagree.
 */

// ---- DOI -------------------------------------------------------------------------------

// The DOI functions live in the record core (src/record/doi.ts).

// ---- ORCID (ISO 7064 11,2) -------------------------------------------------------------

const ORCID_PATTERN = /^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/;

/**
 * `0000-0002-1825-0097` from a bare iD or an orcid.org URL (with or without trailing slash);
 * null if not ORCID-shaped. Repositories also write `orcid.org/…` without a scheme, the CURIE
 * `orcid:…`, and the four groups split by spaces (as ORCID prints them on paper).
 */
export function normaliseOrcid(input: string): string | null {
  // Repeated prefixes occur in real metadata (even DataCite's 4.6 project example); the iD is still unambiguous.
  const bare = input.trim().replace(/^orcid:\s*/i, '').replace(/^(?:(?:https?:\/\/)?(?:www\.|sandbox\.)?orcid\.org\/)+/i, '').replace(/\/$/, '').replace(/(?<=\d)\s+(?=\d)/g, '-').toUpperCase();
  const m = ORCID_PATTERN.exec(bare);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}` : null;
}

export function orcidCheckDigit(first15Digits: string): string {
  let total = 0;
  for (const ch of first15Digits) total = (total + Number(ch)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/** ORCID-shaped and its check digit holds. */
export function isValidOrcid(input: string): boolean {
  const id = normaliseOrcid(input);
  if (!id) return false;
  const digits = id.replace(/-/g, '');
  return orcidCheckDigit(digits.slice(0, 15)) === digits[15];
}

export function orcidUrl(input: string): string | null {
  const id = normaliseOrcid(input);
  return id ? `https://orcid.org/${id}` : null;
}

// ---- ROR (Crockford base32 + ISO 7064 mod 97-10) ----------------------------------------

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const ROR_PATTERN = /^0[0-9a-hjkmnp-tv-z]{6}\d{2}$/;

/** `05gq02987` from a bare id or a ror.org URL (scheme optional); null if not ROR-shaped. */
export function normaliseRor(input: string): string | null {
  const bare = input.trim().replace(/^(?:https?:\/\/)?(?:www\.)?ror\.org\//i, '').replace(/\/$/, '').toLowerCase();
  return ROR_PATTERN.test(bare) ? bare : null;
}

/** ROR-shaped and the two trailing digits are the mod 97-10 checksum of the base32 number. */
export function isValidRor(input: string): boolean {
  const id = normaliseRor(input);
  if (!id) return false;
  let n = 0n;
  for (const ch of id.slice(0, 7)) n = n * 32n + BigInt(CROCKFORD.indexOf(ch));
  const check = 98n - ((n * 100n) % 97n);
  return check.toString().padStart(2, '0') === id.slice(7);
}

export function rorUrl(input: string): string | null {
  const id = normaliseRor(input);
  return id ? `https://ror.org/${id}` : null;
}

// ---- PDB ---------------------------------------------------------------------------------

const PDB_CLASSIC = /^[1-9][a-z0-9]{3}$/i;
const PDB_EXTENDED = /^pdb_(\d{4})([0-9][a-z0-9]{3})$/i;

/** Classic `1abc` or extended `pdb_00001abc` (where a 0000 prefix must wrap a valid classic id). */
export function isPdbId(input: string): boolean {
  const id = input.trim();
  if (PDB_CLASSIC.test(id)) return true;
  const m = PDB_EXTENDED.exec(id);
  if (!m) return false;
  return m[1] !== '0000' || PDB_CLASSIC.test(m[2]);
}

/** Canonical form: classic ids upper-case (`1ABC`), extended lower-case; `pdb_0000xxxx` folds to the classic id. */
export function normalisePdbId(input: string): string | null {
  const id = input.trim();
  if (!isPdbId(id)) return null;
  const m = PDB_EXTENDED.exec(id);
  if (m && m[1] === '0000') return m[2].toUpperCase();
  return m ? id.toLowerCase() : id.toUpperCase();
}

/** Entry pages at RCSB PDB and PDBe. */
export function pdbLinks(input: string): { rcsb: string; pdbe: string } | null {
  const id = normalisePdbId(input);
  if (!id) return null;
  return {
    rcsb: `https://www.rcsb.org/structure/${id}`,
    pdbe: `https://www.ebi.ac.uk/pdbe/entry/pdb/${id.toLowerCase()}`,
  };
}

// ---- PubMed, PubMed Central --------------------------------------------------------------

/** A PMID: a positive whole number (optionally written `PMID: 123`). */
export function normalisePmid(input: string): string | null {
  const m = /^(?:pmid:?\s*)?0*([1-9]\d{0,9})$/i.exec(input.trim());
  return m ? m[1] : null;
}

export function isPmid(input: string): boolean {
  return normalisePmid(input) !== null;
}

export function pubmedUrl(input: string): string | null {
  const id = normalisePmid(input);
  return id ? `https://pubmed.ncbi.nlm.nih.gov/${id}/` : null;
}

export function normalisePmcid(input: string): string | null {
  const m = /^pmc(\d{1,10})$/i.exec(input.trim());
  return m ? `PMC${m[1]}` : null;
}

export function isPmcid(input: string): boolean {
  return normalisePmcid(input) !== null;
}

export function pmcUrl(input: string): string | null {
  const id = normalisePmcid(input);
  return id ? `https://pmc.ncbi.nlm.nih.gov/articles/${id}/` : null;
}

// ---- ISSN (mod 11) -------------------------------------------------------------------------

export function isValidIssn(input: string): boolean {
  const m = /^(\d{4})-?(\d{3}[\dX])$/i.exec(input.trim());
  if (!m) return false;
  const chars = (m[1] + m[2]).toUpperCase();
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(chars[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return chars[7] === (check === 10 ? 'X' : String(check));
}

// ---- Kernel 4.6/4.7 related identifier types ---------------------------------------------
// Resolvers as DataCite's documentation and the registries name them. A value that does not
// have the scheme's shape gets no link (a guessed link that 404s is worse than plain text).

/** `31253.11.sciencedb.13238` from a bare CSTR or `CSTR:31253.11…`, resolved at cstr.cn. */
export function cstrUrl(input: string): string | null {
  const id = input.trim().replace(/^cstr:\s*/i, '');
  return /^\d{5}\.\d{2}\.[^\s/?#]+$/.test(id) ? `https://cstr.cn/${encodeURIComponent(id)}` : null;
}

/** `RRID:SCR_014641` (prefix optional) as its written form, or null when not RRID-shaped. */
export function normaliseRrid(input: string): string | null {
  const m = /^(?:rrid:\s*)?([a-z][a-z0-9]*_[a-z0-9][a-z0-9_:.-]*)$/i.exec(input.trim());
  return m ? `RRID:${m[1]}` : null;
}

/** An RRID at the RRID resolver (SciCrunch). */
export function rridUrl(input: string): string | null {
  const id = normaliseRrid(input);
  return id ? `https://scicrunch.org/resolver/${encodeURIComponent(id).replace(/%3A/g, ':')}` : null;
}

/** A SWHID (`swh:1:cnt:<40 hex>`, qualifiers after `;` allowed) in the Software Heritage archive. */
export function swhidUrl(input: string): string | null {
  const id = input.trim();
  return /^swh:1:(?:cnt|dir|rev|rel|snp):[0-9a-f]{40}(?:;[a-z_]+=[^;\s]+)*$/i.test(id) ? `https://archive.softwareheritage.org/${encodeURI(id)}` : null;
}

/** A RAiD is a handle resolved at raid.org; registered as the full URL or as the bare handle. */
export function raidUrl(input: string): string | null {
  const id = input.trim().replace(/^https?:\/\/(?:app\.|static\.)?raid\.org\.?\//i, '');
  return /^\d+(?:\.\d+)*\/[^\s?#]+$/.test(id) ? `https://raid.org/${encodeURI(id)}` : null;
}

// ---- URLs ----------------------------------------------------------------------------------

/** Schemes that run code or read local data when followed: an error wherever they appear. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:', 'filesystem:']);

export type UrlKind = 'http' | 'mailto' | 'unsafe' | 'other-scheme' | 'invalid';

/** The URL with any user name and password masked, for messages that must not repeat them. */
export function withoutCredentials(input: string): string {
  return input.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1…@');
}

/**
 * How a metadata URL would behave as a link. Parsed with WHATWG URL, which strips the
 * whitespace and control characters that browsers also ignore (so `java\tscript:` is caught).
 */
export function classifyUrl(input: string): UrlKind {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return 'invalid';
  }
  const scheme = url.protocol.toLowerCase();
  // A user name or password in a link publishes a credential (an internal URL copied from a
  // source catalogue) or disguises the host (`https://doi.org@evil.example/`): never linked.
  if ((scheme === 'http:' || scheme === 'https:') && (url.username || url.password)) return 'unsafe';
  if (scheme === 'http:' || scheme === 'https:') return url.hostname ? 'http' : 'invalid';
  if (scheme === 'mailto:') return 'mailto';
  if (UNSAFE_SCHEMES.has(scheme)) return 'unsafe';
  return 'other-scheme';
}

/** Only http, https and mailto links from metadata are ever rendered as links. */
export function isSafeUrl(input: string): boolean {
  const kind = classifyUrl(input);
  return kind === 'http' || kind === 'mailto';
}

/** http/https only (no mailto), for places that must be web pages. */
export function isHttpUrl(input: string): boolean {
  return classifyUrl(input) === 'http';
}

// ---- PDB / PubMed ids inside DataCite related identifiers --------------------------------

const PDB_URL = [
  /^https?:\/\/(?:www\.)?rcsb\.org\/(?:structure|pdb\/explore(?:\.do)?\?structureId=)\/?([^/?#&]+)/i,
  /^https?:\/\/(?:www\.)?ebi\.ac\.uk\/pdbe\/entry\/pdb\/([^/?#&]+)/i,
  /^https?:\/\/(?:www\.)?wwpdb\.org\/pdb\?id=([^/?#&]+)/i,
];
const PDB_DOI = /^10\.2210\/pdb([^/]+)\/pdb$/i;

/** The PDB id a related identifier points at (by PDB DOI, RCSB/PDBe/wwPDB URL), or undefined if it is not a PDB reference. */
export function pdbIdIn(value: string, type: string): string | undefined {
  if (type === 'DOI') return PDB_DOI.exec(normaliseDoi(value))?.[1];
  if (type === 'URL') {
    for (const re of PDB_URL) {
      const m = re.exec(value.trim());
      if (m) return m[1];
    }
  }
  return undefined;
}
