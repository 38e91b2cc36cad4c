/**
 * DataCite (REST `attributes`) → CSL-JSON crosswalk, our own, written as a table of rows in
 * the style of citation-js's translator (`{ source, target, convert, when }`). Each row is
 * tested on its own (test/unit/citation/csl.test.ts) and the whole is checked against
 * DataCite's own converter, bolognese (test/conformance/bolognese.test.ts). Deliberate
 * differences from bolognese are listed in docs/citation.md.
 */
import type { Creator, DataCiteAttributes } from '../datacite/types.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';
import { contributorsWithRole, creatorsOf, readAgent, type Agent } from '../record/agents.ts';
import { abstractOf } from '../record/descriptions.ts';
import { datesOf, publicationDateOf } from '../record/dates.ts';
import { containerOf, keywordsOf, languageOf, mainTitle, publisherName, resourceTypeOf, versionOf } from '../record/fields.ts';
import { licenceOf } from '../record/licence.ts';

/** A CSL name: personal (family/given) or a literal (organisations, unsplittable names). */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

export interface CslDate {
  'date-parts': number[][];
}

/** The subset of CSL-JSON 1.0.2 this crosswalk writes. */
export interface CslItem {
  id: string;
  type: string;
  DOI?: string;
  URL?: string;
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  translator?: CslName[];
  issued?: CslDate;
  submitted?: CslDate;
  publisher?: string;
  version?: string;
  abstract?: string;
  keyword?: string;
  categories?: string[];
  language?: string;
  'container-title'?: string;
  ISSN?: string;
  volume?: string;
  issue?: string;
  page?: string;
  copyright?: string;
}

export interface CslRow {
  /** DataCite property (documentation; the convert function reads what it needs). */
  source: string;
  target: keyof CslItem;
  /** Value for the target, or undefined to leave it out. */
  convert: (attrs: DataCiteAttributes, options?: CslOptions) => CslItem[keyof CslItem] | undefined;
  when?: (attrs: DataCiteAttributes) => boolean;
}

/**
 * resourceTypeGeneral → CSL type. Follows bolognese's composition DC→schema.org→citeproc
 * (Dataset → dataset, Text → article-journal, Image → graphic, …, fallback `article`),
 * except Software, which CSL 1.0.2 names `software` (bolognese predates it: `article`).
 */
export const CSL_TYPES: Readonly<Record<string, string>> = {
  Audiovisual: 'motion_picture',
  Book: 'book',
  BookChapter: 'chapter',
  ConferencePaper: 'paper-conference',
  Dataset: 'dataset',
  DataPaper: 'article-journal',
  Dissertation: 'thesis',
  Image: 'graphic',
  JournalArticle: 'article-journal',
  PeerReview: 'review',
  Report: 'report',
  Software: 'software',
  ComputationalNotebook: 'software',
  Sound: 'song',
  Standard: 'standard',
  Text: 'article-journal',
  // Kernel 4.5–4.7 types bolognese predates: no article (Zotero imports `article` as a
  // preprint) but a generic `document`. Not `speech` for a poster or talk: the Chicago style
  // then drops the publisher, the repository that holds it, from the citation.
  Poster: 'document',
  Presentation: 'document',
  Award: 'document',
  Instrument: 'document',
  Project: 'document',
  StudyRegistration: 'document',
};

/** What a citation needs beyond DataCite: the day the record became public (see publicationDateOf). */
export interface CslOptions {
  releasedOn?: string | null;
}

/** A record-core agent as a CSL name: people with a family name as parts, everything else literal. */
export function agentName(agent: Agent): CslName {
  if (agent.kind === 'person' && agent.familyName) return agent.givenName ? { family: agent.familyName, given: agent.givenName } : { family: agent.familyName };
  return { literal: agent.name };
}

/** A DataCite creator as a CSL name (read by the record core). */
export function cslName(creator: Creator): CslName {
  return agentName(readAgent(creator));
}

/** ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD, with or without time) → CSL date-parts. */
export function dateParts(value: string | number | undefined | null): CslDate | undefined {
  if (value === undefined || value === null) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(value).trim());
  if (!m) return undefined;
  const parts = [Number(m[1])];
  if (m[2]) parts.push(Number(m[2]));
  if (m[3]) parts.push(Number(m[3]));
  return { 'date-parts': [parts] };
}

function contributorsOfType(attrs: DataCiteAttributes, type: string): CslName[] | undefined {
  const names = contributorsWithRole(attrs, type).map(agentName);
  return names.length ? names : undefined;
}

/**
 * A subject as one item of the comma-separated CSL `keyword` (`categories` keeps the list
 * exact). Readers split the string at every comma (citation-js: into BibTeX `keywords`), so a
 * comma inside a subject ("Crystallography, X-ray") is written as `;`: the subject stays one
 * keyword instead of becoming two. As citation_keywords does the other way round (meta-tags.ts).
 */
function oneKeyword(subject: string): string {
  return subject.split(',').map((part) => part.trim()).filter(Boolean).join('; ');
}

function submittedOf(attrs: DataCiteAttributes): string | undefined {
  return datesOf(attrs).find((d) => d.type === 'Submitted' && d.range)?.range?.start ?? undefined;
}

export const CSL_ROWS: readonly CslRow[] = [
  { source: 'types.resourceTypeGeneral', target: 'type', convert: (a) => CSL_TYPES[resourceTypeOf(a).general] ?? 'article' },
  { source: 'doi', target: 'id', convert: (a) => doiUrl(a.doi) },
  { source: 'doi', target: 'DOI', convert: (a) => normaliseDoi(a.doi) },
  { source: 'doi', target: 'URL', convert: (a) => doiUrl(a.doi) },
  { source: 'titles[]', target: 'title', convert: mainTitle },
  { source: 'creators[]', target: 'author', convert: (a) => { const c = creatorsOf(a); return c.length ? c.map(agentName) : undefined; } },
  { source: 'contributors[Editor]', target: 'editor', convert: (a) => contributorsOfType(a, 'Editor') },
  { source: 'contributors[Translator]', target: 'translator', convert: (a) => contributorsOfType(a, 'Translator') },
  { source: 'dates[Issued] | publicationYear', target: 'issued', convert: (a, o) => dateParts(publicationDateOf(a, o?.releasedOn)) },
  { source: 'dates[Submitted]', target: 'submitted', convert: (a) => dateParts(submittedOf(a)) },
  { source: 'publisher', target: 'publisher', convert: (a) => publisherName(a.publisher) },
  { source: 'version', target: 'version', convert: versionOf },
  { source: 'descriptions[Abstract]', target: 'abstract', convert: abstractOf },
  { source: 'subjects[]', target: 'keyword', convert: (a) => keywordsOf(a).map(oneKeyword).join(', ') || undefined },
  { source: 'subjects[]', target: 'categories', convert: (a) => (keywordsOf(a).length ? keywordsOf(a) : undefined) },
  { source: 'language', target: 'language', convert: languageOf },
  { source: 'container.title | relatedItems[IsPublishedIn] | descriptions[SeriesInformation]', target: 'container-title', convert: (a) => containerOf(a)?.title },
  {
    source: 'container.identifier[ISSN]',
    target: 'ISSN',
    convert: (a) => { const c = containerOf(a); return c?.identifier && /issn/i.test(c.identifierType ?? '') ? c.identifier : undefined; },
  },
  { source: 'container.volume', target: 'volume', convert: (a) => containerOf(a)?.volume ?? undefined },
  { source: 'container.issue', target: 'issue', convert: (a) => containerOf(a)?.issue ?? undefined },
  {
    source: 'container.firstPage/lastPage',
    target: 'page',
    convert: (a) => {
      const c = containerOf(a);
      const first = c?.firstPage;
      const last = c?.lastPage;
      return first && last ? `${first}-${last}` : (first ?? undefined);
    },
  },
  // The licence's name (SPDX's when the licence is known, as bolognese does), else the statement.
  { source: 'rightsList[]', target: 'copyright', convert: (a) => licenceOf(a)?.name },
];

/** DataCite attributes → one CSL-JSON item (rows in table order; undefined values left out). */
export function toCsl(attrs: DataCiteAttributes, options: CslOptions = {}): CslItem {
  const item: Partial<Record<keyof CslItem, unknown>> = {};
  for (const row of CSL_ROWS) {
    if (row.when && !row.when(attrs)) continue;
    const value = row.convert(attrs, options);
    if (value !== undefined) item[row.target] = value;
  }
  return item as unknown as CslItem;
}

/** What RIS needs from the record beyond the CSL item (TY from the resource type, SN from the container). */
export function risExtras(attrs: DataCiteAttributes): { resourceTypeGeneral: string; containerIdentifier: string | null } {
  return { resourceTypeGeneral: resourceTypeOf(attrs).general, containerIdentifier: containerOf(attrs)?.identifier ?? null };
}
