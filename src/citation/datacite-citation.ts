/**
 * The citation DataCite recommends on landing pages (conventions A4.1):
 * Creator (PublicationYear). Title. Version. Publisher. ResourceType. https://doi.org/DOI
 * Plain text; the page escapes it like any other text. Every part is read by the record core.
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

export function dataciteCitation(attrs: DataCiteAttributes, releasedOn: string | null = null): string {
  const creators = creatorsOf(attrs).map((a) => a.invertedName).join('; ');
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
