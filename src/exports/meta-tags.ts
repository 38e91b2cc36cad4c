/**
 * Highwire `citation_*` and Dublin Core meta tags (conventions A3), read by Zotero's
 * Embedded Metadata translator and F-UJI. Values are plain strings; the renderer escapes
 * them as attribute values.
 */
import type { Creator } from '../datacite/types.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { mainTitle, publisherName } from '../citation/csl.ts';
import { licenceOf, publicationDate } from '../citation/people.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';

export interface MetaTag {
  name: string;
  content: string;
}

/** What the tags need beyond the record (kept for symmetry with toSchemaOrg; the landing URL). */
export interface MetaTagContext {
  landingUrl?: string;
}

/** "Family, Given" for people, the name as given for organisations. */
function authorName(c: Creator): string {
  const family = c.familyName?.trim();
  const given = c.givenName?.trim();
  if (family && c.nameType !== 'Organizational') return given ? `${family}, ${given}` : family;
  return c.name.trim();
}

/** ISO date (YYYY[-MM[-DD]]) → Highwire YYYY/MM/DD (as much as is known). */
function slashDate(iso: string): string {
  return iso.replace(/-/g, '/');
}

export function metaTags(record: ExperimentRecord, _ctx: MetaTagContext = {}): MetaTag[] {
  const a = record.datacite;
  const tags: MetaTag[] = [];
  const add = (name: string, content: string | undefined | null): void => {
    if (content && content.trim()) tags.push({ name, content: content.trim() });
  };
  const title = mainTitle(a);
  const authors = (a.creators ?? []).map(authorName);
  const date = publicationDate(a);
  const publisher = publisherName(a.publisher);
  const keywords = (a.subjects ?? []).map((s) => s.subject?.trim()).filter(Boolean).join('; ');
  const licence = licenceOf(a);
  const open = record.release.state === 'released';

  add('citation_title', title);
  for (const au of authors) add('citation_author', au);
  add('citation_publication_date', slashDate(date));
  add('citation_doi', normaliseDoi(record.doi));
  add('citation_publisher', publisher);
  add('citation_keywords', keywords);

  add('DC.title', title);
  for (const au of authors) add('DC.creator', au);
  add('DC.date', date);
  add('DC.publisher', publisher);
  add('DC.identifier', doiUrl(record.doi));
  add('DC.type', 'Dataset');
  add('DC.rights', licence?.url);
  add('DCTERMS.accessRights', open ? 'info:eu-repo/semantics/openAccess' : 'info:eu-repo/semantics/embargoedAccess');
  return tags;
}
