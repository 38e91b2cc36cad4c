/**
 * Highwire `citation_*` and Dublin Core meta tags (conventions A3), read by Zotero's
 * Embedded Metadata translator and F-UJI. Values are plain strings; the renderer escapes
 * them as attribute values. Every value is read by the record core, so the tags say what
 * the page, the JSON-LD and the citations say.
 */
import type { ExperimentRecord } from '../record/types.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';
import { creatorsOf } from '../record/agents.ts';

import { publicationDateOf } from '../record/dates.ts';
import { keywordsOf, languageOf, publisherName, repeatedTitle, resourceTypeOf } from '../record/fields.ts';
import { licenceOf } from '../record/licence.ts';

export interface MetaTag {
  name: string;
  content: string;
}

/** What the tags need beyond the record (kept for symmetry with toSchemaOrg; the landing URL). */
export interface MetaTagContext {
  landingUrl?: string;
}

/** ISO date (YYYY[-MM[-DD]]) → Highwire YYYY/MM/DD (as much as is known). */
function slashDate(iso: string): string {
  return iso.replace(/-/g, '/');
}

/** DCMI Type vocabulary term for a resourceTypeGeneral (Dataset, Software, Text, Image…). */
function dcmiType(general: string): string {
  const map: Record<string, string> = {
    Dataset: 'Dataset',
    Software: 'Software',
    ComputationalNotebook: 'Software',
    Image: 'StillImage',
    Audiovisual: 'MovingImage',
    Sound: 'Sound',
    Collection: 'Collection',
    Event: 'Event',
    InteractiveResource: 'InteractiveResource',
    PhysicalObject: 'PhysicalObject',
    Service: 'Service',
  };
  return map[general] ?? (/(Text|Article|Book|Paper|Report|Dissertation|Preprint|Journal|Standard|Review)/.test(general) ? 'Text' : general);
}

/**
 * A subject as one item of the `; `-separated citation_keywords (Highwire's form, as DSpace
 * and EPrints write it; a reader taking only the first tag still gets every keyword). Zotero
 * splits the value at every `;`, so a semicolon inside a subject ("Proteins; structure")
 * is written as a comma (one at either end dropped): the subject stays one keyword instead
 * of becoming two.
 */
function oneKeyword(subject: string): string {
  return subject.split(';').map((part) => part.trim()).filter(Boolean).join(', ');
}

export function metaTags(record: ExperimentRecord, _ctx: MetaTagContext = {}): MetaTag[] {
  const a = record.datacite;
  const tags: MetaTag[] = [];
  const add = (name: string, content: string | undefined | null): void => {
    if (content && content.trim()) tags.push({ name, content: content.trim() });
  };
  // The page has the title whole in its heading and JSON-LD; a runaway one is not copied twice more here.
  const title = repeatedTitle(a);
  const authors = creatorsOf(a).map((c) => c.invertedName);
  const date = publicationDateOf(a, record.release.releasedOn);
  const publisher = publisherName(a.publisher);
  const keywords = keywordsOf(a).map(oneKeyword).join('; ');
  const licence = licenceOf(a);
  const open = record.release.state === 'released';

  add('citation_title', title);
  for (const au of authors) add('citation_author', au);
  if (date) add('citation_publication_date', slashDate(date));
  add('citation_doi', normaliseDoi(record.doi));
  add('citation_publisher', publisher);
  add('citation_keywords', keywords);
  add('citation_language', languageOf(a));

  add('DC.title', title);
  for (const au of authors) add('DC.creator', au);
  add('DC.date', date);
  add('DC.publisher', publisher);
  add('DC.identifier', doiUrl(record.doi));
  add('DC.type', dcmiType(resourceTypeOf(a).general));
  add('DC.rights', licence?.url ?? licence?.name);
  add('DCTERMS.accessRights', open ? 'info:eu-repo/semantics/openAccess' : 'info:eu-repo/semantics/embargoedAccess');
  return tags;
}
