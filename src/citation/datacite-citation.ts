/**
 * The citation DataCite recommends on landing pages (conventions A4.1):
 * Creator (PublicationYear). Title. Version. Publisher. ResourceType. https://doi.org/DOI
 * Plain text; the page escapes it like any other text.
 */
import type { Creator, DataCiteAttributes } from '../datacite/types.ts';
import { mainTitle, publisherName } from './csl.ts';
import { doiUrl } from '../record/doi.ts';

function creatorName(c: Creator): string {
  const family = c.familyName?.trim();
  const given = c.givenName?.trim();
  if (family) return given ? `${family}, ${given}` : family;
  return c.name.trim();
}

/** Appends a full stop unless the part already ends in sentence punctuation. */
function sentence(part: string): string {
  return /[.!?]$/.test(part) ? part : `${part}.`;
}

export function dataciteCitation(attrs: DataCiteAttributes): string {
  const creators = (attrs.creators ?? []).map(creatorName).filter(Boolean).join('; ');
  const parts: string[] = [];
  parts.push(`${creators || 'Anonymous'} (${String(attrs.publicationYear).trim()}).`);
  const title = mainTitle(attrs);
  if (title) parts.push(sentence(title));
  const version = attrs.version ? String(attrs.version).trim() : '';
  if (version) parts.push(sentence(/^v(ersion)?\b/i.test(version) ? version : `Version ${version}`));
  const publisher = publisherName(attrs.publisher);
  if (publisher) parts.push(sentence(publisher));
  const type = attrs.types?.resourceType?.trim() || attrs.types?.resourceTypeGeneral;
  if (type) parts.push(sentence(type));
  parts.push(doiUrl(attrs.doi));
  return parts.join(' ');
}
