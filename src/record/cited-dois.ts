/**
 * The DOIs a record names as related: its relatedIdentifiers and relatedItems, however the
 * DOI is written (bare, `doi:`, a resolver URL, percent-encoded). One reading for the two
 * places that need it: the stage, which keeps a public record from naming a record of the
 * catalogue that is not released (src/build/unreleased-relations.ts), and the release gate,
 * which tells a withdrawn DOI another record cites from a withdrawn record shown as live.
 */
import { createHash } from 'node:crypto';
import { isDoi, normaliseDoi } from './doi.ts';
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

/** The attributes without the relations that name any of `dois` (everything else as it was). */
export function withoutRelationsTo(datacite: DataCiteAttributes, dois: ReadonlySet<string>): DataCiteAttributes {
  const keep = (identifier: unknown) => {
    const doi = relatedDoi(identifier);
    return !doi || !dois.has(doi);
  };
  const out = { ...datacite };
  if (Array.isArray(out.relatedIdentifiers)) out.relatedIdentifiers = out.relatedIdentifiers.filter((r) => keep(r?.relatedIdentifier));
  if (Array.isArray(out.relatedItems)) out.relatedItems = out.relatedItems.filter((r) => keep(itemIdentifier(r as Relation)));
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
