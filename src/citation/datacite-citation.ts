/**
 * The citation DataCite recommends on landing pages (conventions A4.1):
 * Creator (PublicationYear). Title. Version. Publisher. ResourceType. https://doi.org/DOI
 * Plain text; the page escapes it like any other text. Every part is read by the record core.
 *
 * A shown citation names at most 20 creators, by APA 7's rule (§9.8), which DataCite Commons
 * formats its citations with: 21 or more are the first 19, an ellipsis and the last. A
 * collaboration of 5,000 would otherwise make a 100 KB paragraph. The exports (DataCite
 * XML/JSON, BibTeX, RIS, CSL-JSON, CFF) and the head's citation_author keep every creator.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import { doiUrl } from '../record/doi.ts';
import { creatorsOf } from '../record/agents.ts';
import { citationYearOf } from '../record/dates.ts';
import { mainTitle, publisherName, resourceTypeOf, versionOf } from '../record/fields.ts';

/** Appends a full stop unless the part already ends in sentence punctuation. */
function sentence(part: string): string {
  return /[.!?]$/.test(part) ? part : `${part}.`;
}

/** APA 7: up to this many creators are all named; more are cut to the first 19 and the last. */
export const CITED_CREATORS_MAX = 20;

/** The creators a shown citation names, "; "-separated, cut as APA 7 cuts them. */
function citedCreators(names: string[]): string {
  if (names.length <= CITED_CREATORS_MAX) return names.join('; ');
  return `${names.slice(0, CITED_CREATORS_MAX - 1).join('; ')}; … ${names[names.length - 1]}`;
}

export function dataciteCitation(attrs: DataCiteAttributes, releasedOn: string | null = null): string {
  const creators = citedCreators(creatorsOf(attrs).map((a) => a.invertedName));
  const parts: string[] = [];
  parts.push(`${creators || 'Anonymous'} (${citationYearOf(attrs, releasedOn) ?? 'n.d.'}).`);
  const title = mainTitle(attrs);
  if (title) parts.push(sentence(title));
  const version = versionOf(attrs);
  if (version) parts.push(sentence(/^v(ersion)?\b/i.test(version) ? version : `Version ${version}`));
  const publisher = publisherName(attrs.publisher);
  if (publisher) parts.push(sentence(publisher));
  const type = resourceTypeOf(attrs);
  parts.push(sentence(type.specific ?? type.general));
  parts.push(doiUrl(attrs.doi));
  return parts.join(' ');
}
