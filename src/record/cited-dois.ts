/**
 * The DOIs a record names: as related (its relatedIdentifiers and relatedItems, however the
 * DOI is written: bare, `doi:`, a resolver URL, percent-encoded) and in its descriptions'
 * text. One reading for the two places that need it: the stage, which keeps a public record
 * from naming a record of the catalogue that is not released (src/build/unreleased-relations.ts),
 * and the release gate, which tells a withdrawn DOI another record names from a withdrawn
 * record shown as live.
 */
import { createHash } from 'node:crypto';
import { asciiLowerCase, isDoi, normaliseDoi } from './doi.ts';
import type { DataCiteAttributes } from '../datacite/types.ts';

/** Where a DOI starts inside a longer identifier (`https://www.doi.org/10.…`, `urn:doi:10.…`). */
const EMBEDDED_DOI = /(?:^|[/:=\s])(10\.\d{4,9}(?:\.\d+)*\/\S+)$/;

/** The DOI an identifier names, lower-cased as the DOI reading does, or null when it names none. */
export function relatedDoi(identifier: unknown): string | null {
  if (typeof identifier !== 'string') return null;
  const doi = normaliseDoi(identifier);
  if (isDoi(doi)) return doi;
  const embedded = EMBEDDED_DOI.exec(identifier.trim());
  return embedded ? normaliseDoi(`https://doi.org/${embedded[1]}`) : null;
}

export interface CitedDoi {
  doi: string;
  /** JSON pointer to the identifier in the DataCite attributes. */
  pointer: string;
}

/** Every DOI the raw DataCite attributes name as related, in the order they come, with where. */
export function citedDois(datacite: unknown): CitedDoi[] {
  const attrs = (datacite && typeof datacite === 'object' ? datacite : {}) as { relatedIdentifiers?: unknown; relatedItems?: unknown };
  const out: CitedDoi[] = [];
  relations(attrs.relatedIdentifiers).forEach((r, i) => {
    const doi = relatedDoi(r?.relatedIdentifier);
    if (doi) out.push({ doi, pointer: `/relatedIdentifiers/${i}/relatedIdentifier` });
  });
  relations(attrs.relatedItems).forEach((r, i) => {
    const doi = relatedDoi(itemIdentifier(r));
    if (doi) out.push({ doi, pointer: `/relatedItems/${i}/relatedItemIdentifier/relatedItemIdentifier` });
  });
  return out;
}

/**
 * A DOI in running text: `10.`, the registrant code, `/` (or `%2F`, from a URL) and the
 * suffix up to a space, a quote, a bracket or markup.
 */
const DOI_IN_TEXT = /10\.\d{4,9}(?:\.\d+)*(?:\/|%2f)[^\s"'<>()[\]{}|\\^`]+/gi;

/**
 * How much of a DOI-like token is read, and how many distinct tokens of one text: real DOIs
 * are far shorter, and a hostile text costs no more than this (what is not read is still
 * found by the release gate, which then refuses the build).
 */
const MAX_TOKEN = 256;
const MAX_TOKENS = 200;

/** The DOIs a text mentions, once each, lower-cased as the DOI reading does. */
export function mentionedDois(text: string): string[] {
  const out = new Set<string>();
  for (const [token] of text.matchAll(DOI_IN_TEXT)) {
    // A sentence's full stop or comma after a DOI is not part of it.
    out.add(asciiLowerCase(token.slice(0, MAX_TOKEN).replace(/%2f/i, '/').replace(/[.,;:!?]+$/, '')));
    if (out.size >= MAX_TOKENS) break;
  }
  return [...out];
}

/**
 * Which of `dois` a named DOI shows, as the release gate would find them: the gate finds a
 * DOI wherever it is not followed by a letter or a digit, so `10.5072/abc-2` shows
 * `10.5072/abc-2` and also `10.5072/abc`.
 */
export function showsAny(named: string, dois: ReadonlySet<string>): string[] {
  if (dois.size === 0) return [];
  const text = named.slice(0, MAX_TOKEN);
  const slash = text.indexOf('/');
  // Called for every DOI every public record names, on every build: most are another
  // registrant's (a PDB entry, an article) and are settled by their prefix.
  if (slash < 0 || !registrantsOf(dois).has(text.slice(0, slash + 1))) return [];
  const out: string[] = [];
  for (let i = slash + 2; i <= text.length; i++) {
    if ((i === text.length || !continuesIdentifier(text.charCodeAt(i))) && dois.has(text.slice(0, i))) out.push(text.slice(0, i));
  }
  return out;
}

/** A lower-case letter or a digit: what continues an identifier for the release gate. */
export function continuesIdentifier(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
}

const registrants = new WeakMap<ReadonlySet<string>, { size: number; prefixes: Set<string> }>();

/** The `10.NNNN/` prefixes of a set of DOIs, computed again only when the set has grown. */
function registrantsOf(dois: ReadonlySet<string>): Set<string> {
  let known = registrants.get(dois);
  if (known?.size !== dois.size) registrants.set(dois, (known = { size: dois.size, prefixes: new Set([...dois].map((doi) => doi.slice(0, doi.indexOf('/') + 1))) }));
  return known!.prefixes;
}

/** Every DOI the raw record's descriptions mention, with where: DataCite descriptions, then description.md (pointer null). */
export function mentionsIn(datacite: unknown, descriptionMarkdown: string | null): Array<CitedDoi & { inMarkdown: boolean }> {
  const out: Array<CitedDoi & { inMarkdown: boolean }> = [];
  relations((datacite as { descriptions?: unknown } | null | undefined)?.descriptions).forEach((d, i) => {
    if (typeof d?.description === 'string') for (const doi of mentionedDois(d.description)) out.push({ doi, pointer: `/descriptions/${i}/description`, inMarkdown: false });
  });
  if (descriptionMarkdown) for (const doi of mentionedDois(descriptionMarkdown)) out.push({ doi, pointer: '', inMarkdown: true });
  return out;
}

/** What a masked mention reads as. */
export const MASKED_MENTION = '[a record not yet released]';

/** A resolver or scheme before a DOI in text, masked with it so no link to a stump is left. */
const DOI_LEAD = String.raw`(?:https?://(?:dx\.|www\.)?doi\.org/|doi:\s*|info:doi/)?`;

/**
 * The text with every mention of `dois` (whole, in any letter case, with `/` or `%2F`, with
 * its resolver) masked. A Markdown link to one keeps its words and loses the link.
 */
export function maskMentions(text: string, dois: ReadonlySet<string>): string {
  if (dois.size === 0) return text;
  const spellings = [...dois].flatMap((doi) => [doi, doi.replace('/', '%2f')]).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const mention = `${DOI_LEAD}(?:${spellings.join('|')})(?![0-9a-z])`;
  const mask = (t: string) => t.replace(new RegExp(mention, 'gi'), MASKED_MENTION);
  // Neither the words nor the address may run over a bracket: each is scanned once (a text of
  // a million brackets costs a pass, not a million).
  const link = new RegExp(String.raw`!?\[([^\[\]]*)\]\(\s*<?[^\s()<>\[\]]*?${mention}[^\s()<>\[\]]*>?(?:\s+"[^"]*")?\s*\)`, 'gi');
  return mask(text.replace(link, (_, words: string) => words));
}

/** The attributes without the relations that name any of `dois`, and their mentions masked in the descriptions. */
export function withoutNaming(datacite: DataCiteAttributes, dois: ReadonlySet<string>): DataCiteAttributes {
  const keep = (identifier: unknown) => {
    const doi = relatedDoi(identifier);
    return !doi || showsAny(doi, dois).length === 0;
  };
  const out = { ...datacite };
  if (Array.isArray(out.relatedIdentifiers)) out.relatedIdentifiers = out.relatedIdentifiers.filter((r) => keep(r?.relatedIdentifier));
  if (Array.isArray(out.relatedItems)) out.relatedItems = out.relatedItems.filter((r) => keep(itemIdentifier(r as Relation)));
  if (Array.isArray(out.descriptions)) out.descriptions = out.descriptions.map((d) => (typeof d?.description === 'string' ? { ...d, description: maskMentions(d.description, dois) } : d));
  return out;
}

/**
 * A digest (a record's, or its cache key) that also names the relations left out, so what was
 * derived from the record with them is never taken for what is derived without.
 */
export function digestWithout(digest: string, dois: readonly string[]): string {
  return dois.length ? createHash('sha256').update(`${digest}\0without relations to\0${dois.join('\n')}`).digest('hex') : digest;
}

type Relation = Record<string, unknown> | null | undefined;

function relations(list: unknown): Relation[] {
  return Array.isArray(list) ? (list as Relation[]) : [];
}

function itemIdentifier(item: Relation): unknown {
  const id = item?.relatedItemIdentifier;
  return id && typeof id === 'object' ? (id as { relatedItemIdentifier?: unknown }).relatedItemIdentifier : undefined;
}
