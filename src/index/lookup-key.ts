/**
 * The exact-identifier lookup's keys and shards, shared by the build (which writes the
 * shards) and the search page (which reads one): both sides must fold a DOI, an ORCID,
 * a PDB ID, a proposal number or a file name to the same key and the same shard.
 * Pure and dependency-free, so the browser bundle stays small.
 */

/** Folder under the site root holding `meta.json` and the shards. */
export const LOOKUP_DIR = 'search-ids';

/**
 * Where readers copy identifiers from: resolvers and registries whose address ends in the
 * identifier itself, with or without the scheme (`doi.org/10.…` is what a browser's address
 * bar shows), and the labels written before one (`doi:`, `PMID 123`, `ORCID 0000-…`).
 * Each is removed, so the same identifier from any of them folds to one key.
 */
const PREFIXES: RegExp[] = [
  /^(?:https?:\/\/)?(?:dx\.|www\.)?doi\.org\//,
  // Any other address whose path ends in a DOI: a handle resolver, DataCite's pages and API, this site's own landing pages.
  /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\/(?:[^\s?#]*\/)?(?=10\.\d{4,9}\/)/,
  /^(?:info:doi\/|urn:doi:|doi:\s*|doi\s+(?=10\.))/,
  /^(?:https?:\/\/)?(?:www\.|sandbox\.)?orcid\.org\//,
  /^orcid(?:\s*id)?:?\s*(?=\d{4}[-\s]?\d{4}[-\s]?\d{4}[-\s]?\d{3}[\dx]$)/,
  /^(?:https?:\/\/)?(?:www\.)?rcsb\.org\/(?:structure|3d-view|sequence|annotations)\//,
  /^(?:https?:\/\/)?(?:www\.)?rcsb\.org\/pdb\/explore(?:\/explore)?\.do\?structureid=/,
  /^(?:https?:\/\/)?(?:www\.)?ebi\.ac\.uk\/pdbe\/entry\/pdb\//,
  /^(?:https?:\/\/)?(?:www\.)?pdbe\.org\//,
  /^(?:https?:\/\/)?(?:www\.)?pdbj\.org\/mine\/summary\//,
  /^(?:https?:\/\/)?(?:www\.)?wwpdb\.org\/pdb\?id=/,
  /^(?:https?:\/\/)?identifiers\.org\/pdb[:/]/,
  /^pdb(?:\s+(?:id|entry|code|accession))?[:\s-]\s*/,
  /^proposal(?:\s+(?:number|no\.?|id))?:?\s+(?=\S+$)/,
  /^(?:https?:\/\/)?pubmed\.ncbi\.nlm\.nih\.gov\//,
  /^(?:https?:\/\/)?(?:www\.)?ncbi\.nlm\.nih\.gov\/pubmed\//,
  /^(?:pmid|pubmed)(?:\s*id)?:?\s*(?=\d+$)/,
  /^(?:https?:\/\/)?(?:www\.ncbi\.nlm\.nih\.gov\/pmc|pmc\.ncbi\.nlm\.nih\.gov)\/articles\//,
  /^(?:https?:\/\/)?(?:www\.)?arxiv\.org\/abs\//,
  /^arxiv(?::\s*|\s+)(?=\S+$)/,
  // Handles, whatever they name (a DOI behind hdl.handle.net is then the DOI, by the address rule above).
  /^(?:https?:\/\/)?hdl\.handle\.net\//,
  /^hdl:\s*/,
  // The type a landing page writes before a related identifier of another kind (src/record/related.ts: "ISBN 978-…",
  // "IGSN IEBMM0001", "URN urn:nbn:…"), as readers copy it from there or from a reference list.
  // "urn:", "ark:" and "urn:lsid:" begin the identifier itself: their type is only removed before a space.
  /^(?:(?:isbn|e?issn|lissn|igsn|ean13|istc|upc)(?:\s*:\s*|\s+)|(?:urn|lsid|ark)\s+)(?=\S*\d\S*$)/,
];

/** One identifier written several ways, in its one spelling: a PDB entry's DOI or extended ID is the entry, an ORCID iD gets its hyphens. */
const SPELLINGS: Array<[RegExp, string]> = [
  [/^10\.2210\/pdb([1-9][0-9a-z]{3})\/pdb$/, '$1'],
  [/^pdb_0000([1-9][0-9a-z]{3})$/, '$1'],
  [/^(\d{4})[-\s]?(\d{4})[-\s]?(\d{4})[-\s]?(\d{3}[\dx])$/, '$1-$2-$3-$4'],
];

/**
 * An ISBN as its digits: the hyphens between its groups are placed by the registrant's range,
 * so readers copy "978-3-95450-147-2" from a page and "9783954501472" from a catalogue.
 * Thirteen digits beginning 978 or 979, or ten with a hyphen between groups (ISBN-10).
 */
function isbnDigits(key: string): string {
  if (!/^[\dx-]+$/.test(key)) return key;
  const digits = key.replace(/-/g, '');
  if (/^97[89]\d{10}$/.test(digits)) return digits;
  return /^\d{9}[\dx]$/.test(digits) && /^\d{1,5}-\d+-\d+-[\dx]$/.test(key) ? digits : key;
}

/**
 * What an identifier is pasted between or followed by: straight and typographic quotes,
 * brackets, and the punctuation of the sentence it was copied from.
 */
const OPENING = /^[\s"'<([{“”‘’«»„‚]+/;
const CLOSING = /[\s"'>)\]},;.:!?“”‘’«»]+$/;

/**
 * A DOI or address copied in its URL-encoded form (`10.5072%2Fabc`, as resolvers and link
 * shorteners write one) as its characters; text whose escapes would decode to spaces or
 * to nothing valid is left as it is.
 */
function decodeEscapes(text: string): string {
  if (!/%[0-9a-f]{2}/i.test(text)) return text;
  try {
    const decoded = decodeURIComponent(text);
    return /\s/.test(decoded) ? text : decoded;
  } catch {
    return text;
  }
}

/**
 * The key an identifier is looked up by: lower case, URL escapes decoded, resolver addresses
 * and labels removed (PREFIXES), surrounding punctuation and a trailing slash trimmed, one spelling per
 * identifier (SPELLINGS). Returns null for text that cannot be an identifier (empty, or
 * containing spaces).
 */
export function lookupKey(text: string): string | null {
  let key = decodeEscapes(text.trim().toLowerCase()).replace(OPENING, '').replace(CLOSING, '');
  for (const prefix of PREFIXES) key = key.replace(prefix, '');
  key = key.replace(/\/$/, '').replace(CLOSING, '');
  for (const [pattern, spelling] of SPELLINGS) key = key.replace(pattern, spelling);
  key = isbnDigits(key);
  if (!key || /\s/.test(key) || key.length > 300) return null;
  return key;
}

/** FNV-1a over UTF-16 code units: cheap, stable, identical in Node and browsers. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Shard file name (without folder) for a key, given the shard count written in meta.json. */
export function shardName(key: string, shards: number): string {
  return shardFileName(fnv1a(key) % shards, shards);
}

/** `0a3.json`: shard numbers in hexadecimal, padded to the width of the largest. */
export function shardFileName(index: number, shards: number): string {
  return `${index.toString(16).padStart(Math.max(1, (shards - 1).toString(16).length), '0')}.json`;
}

/**
 * File names are looked up by pattern, not one by one: a 200,000-frame dataset would
 * otherwise put 200,000 keys in the lookup. The last run of digits becomes `*`
 * (`chip07_000016.cbf` → `chip07_*.cbf`, number 16, width 6); a listing page stores one
 * run (first number, count) per pattern, and the page holding a frame is found by its number.
 */
export function filePattern(name: string): { key: string; number: number; width: number; shown: string; digits: string } | null {
  // The extension is not part of the number (`.h5`, `.mp4`).
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  const m = /^(.*\D|)(\d+)(\D*)$/.exec(stem);
  if (!m || m[2].length > 15) return null;
  const shown = `${m[1]}*${m[3]}${extension}`;
  const key = lookupKey(shown);
  return key ? { key, number: Number(m[2]), width: m[2].length, shown, digits: m[2] } : null;
}

/**
 * The detail of a `files` hit: which numbers of one pattern a listing page holds.
 * Contiguous numbers are `width:first:count` (`6:251:250`); others, such as the frames of
 * a hits-only dataset, are `width:d:` and the numbers as gaps (`6:d:16,19,9`).
 */
export function runDetail(width: number, numbers: number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const contiguous = sorted.every((n, i) => n === sorted[0] + i);
  if (contiguous) return `${width}:${sorted[0]}:${sorted.length}`;
  return `${width}:d:${sorted.map((n, i) => (i === 0 ? n : n - sorted[i - 1])).join(',')}`;
}

/** Whether a `files` hit holds this number (of this width). */
export function runHolds(detail: string, number: number, width: number): boolean {
  const [w, mode, rest] = detail.split(':');
  if (Number(w) !== width) return false;
  if (mode !== 'd') return number >= Number(mode) && number < Number(mode) + Number(rest);
  let n = 0;
  for (const gap of rest.split(',')) {
    n += Number(gap);
    if (n === number) return true;
    if (n > number) return false;
  }
  return false;
}

/**
 * What a hit is, for the label the search page shows beside it. `files`: a numbered run of
 * file names on one listing page. `more`: no hit but the last entry of a key that more pages
 * carry than a shard keeps (MAX_HITS_PER_KEY); its detail is how many pages do.
 */
export type LookupKind = 'doi' | 'related-doi' | 'related' | 'pdb' | 'proposal' | 'orcid' | 'award' | 'file' | 'files' | 'more';

/** One hit: [kind, url, title, detail]. Arrays, not objects, keep shards small at scale. */
export type LookupHit = [kind: LookupKind, url: string, title: string, detail: string];

export interface LookupMeta {
  version: 1;
  shards: number;
  keys: number;
}
