/**
 * DataCite (REST `attributes`) → CSL-JSON crosswalk, our own, written as a table of rows in
 * the style of citation-js's translator (`{ source, target, convert, when }`). Each row is
 * tested on its own (test/unit/citation/csl.test.ts) and the whole is checked against
 * DataCite's own converter, bolognese (test/conformance/bolognese.test.ts). Deliberate
 * differences from bolognese are listed in docs/citation.md.
 */
import type { Creator, DataCiteAttributes, DateEntry } from '../datacite/types.ts';
import { licenceOf } from './people.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';

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
  convert: (attrs: DataCiteAttributes) => CslItem[keyof CslItem] | undefined;
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
};

/** DOIs are case-insensitive; we always write them lower-case (conventions A4.6). */
export function publisherName(publisher: DataCiteAttributes['publisher'] | undefined): string | undefined {
  if (publisher === undefined || publisher === null) return undefined;
  const name = typeof publisher === 'string' ? publisher : publisher.name;
  return name?.trim() || undefined;
}

/** Collapses runs of whitespace (XML indentation inside titles and names). */
export function clean(s: string | undefined | null): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** The main title: the first title without a titleType (else the first title). */
export function mainTitle(attrs: DataCiteAttributes): string | undefined {
  const titles = attrs.titles ?? [];
  const main = titles.find((t) => !t.titleType) ?? titles[0];
  return clean(main?.title) || undefined;
}

/**
 * A creator as a CSL name. Personal names use familyName/givenName; without them, an
 * "Family, Given" name is split; organisations (and anything else) stay literal.
 */
export function cslName(creator: Creator): CslName {
  const family = clean(creator.familyName);
  if (family) {
    const given = clean(creator.givenName);
    return given ? { family, given } : { family };
  }
  const name = clean(creator.name);
  const comma = name.indexOf(', ');
  if (creator.nameType !== 'Organizational' && comma > 0) {
    return { family: name.slice(0, comma), given: name.slice(comma + 2) };
  }
  return { literal: name };
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

function findDate(dates: DateEntry[] | undefined, type: string): string | undefined {
  return dates?.find((d) => d.dateType === type)?.date;
}

function contributorsOfType(attrs: DataCiteAttributes, type: string): CslName[] | undefined {
  const names = (attrs.contributors ?? []).filter((c) => c.contributorType === type).map(cslName);
  return names.length ? names : undefined;
}

/** The journal/book/series this resource is part of: `container`, else an IsPublishedIn related item. */
function containerOf(attrs: DataCiteAttributes): Record<string, unknown> | undefined {
  const container = attrs.container;
  if (container && typeof container.title === 'string') return container;
  const item = attrs.relatedItems?.find((r) => r.relationType === 'IsPublishedIn');
  if (!item) return undefined;
  return {
    title: item.titles?.[0]?.title,
    volume: item.volume,
    issue: item.issue,
    firstPage: item.firstPage,
    lastPage: item.lastPage,
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

function subjects(attrs: DataCiteAttributes): string[] {
  return (attrs.subjects ?? []).map((s) => s.subject?.trim()).filter((s): s is string => Boolean(s));
}

function abstractOf(attrs: DataCiteAttributes): string | undefined {
  const ds = attrs.descriptions ?? [];
  const d = ds.find((x) => x.descriptionType === 'Abstract') ?? ds[0];
  return d?.description?.trim() || undefined;
}

export const CSL_ROWS: readonly CslRow[] = [
  { source: 'types.resourceTypeGeneral', target: 'type', convert: (a) => CSL_TYPES[a.types?.resourceTypeGeneral ?? ''] ?? 'article' },
  { source: 'doi', target: 'id', convert: (a) => doiUrl(a.doi) },
  { source: 'doi', target: 'DOI', convert: (a) => normaliseDoi(a.doi) },
  { source: 'doi', target: 'URL', convert: (a) => doiUrl(a.doi) },
  { source: 'titles[]', target: 'title', convert: mainTitle },
  { source: 'creators[]', target: 'author', convert: (a) => (a.creators?.length ? a.creators.map(cslName) : undefined) },
  { source: 'contributors[Editor]', target: 'editor', convert: (a) => contributorsOfType(a, 'Editor') },
  { source: 'contributors[Translator]', target: 'translator', convert: (a) => contributorsOfType(a, 'Translator') },
  {
    source: 'dates[Issued] | publicationYear',
    target: 'issued',
    convert: (a) => dateParts(findDate(a.dates, 'Issued')) ?? dateParts(a.publicationYear),
  },
  { source: 'dates[Submitted]', target: 'submitted', convert: (a) => dateParts(findDate(a.dates, 'Submitted')) },
  { source: 'publisher', target: 'publisher', convert: (a) => publisherName(a.publisher) },
  { source: 'version', target: 'version', convert: (a) => str(a.version) },
  { source: 'descriptions[Abstract]', target: 'abstract', convert: abstractOf },
  { source: 'subjects[]', target: 'keyword', convert: (a) => subjects(a).join(', ') || undefined },
  { source: 'subjects[]', target: 'categories', convert: (a) => (subjects(a).length ? subjects(a) : undefined) },
  { source: 'language', target: 'language', convert: (a) => str(a.language) },
  { source: 'container.title', target: 'container-title', convert: (a) => str(containerOf(a)?.title) },
  { source: 'container.volume', target: 'volume', convert: (a) => str(containerOf(a)?.volume) },
  { source: 'container.issue', target: 'issue', convert: (a) => str(containerOf(a)?.issue) },
  {
    source: 'container.firstPage/lastPage',
    target: 'page',
    convert: (a) => {
      const c = containerOf(a);
      const first = str(c?.firstPage);
      const last = str(c?.lastPage);
      return first && last ? `${first}-${last}` : first;
    },
  },
  {
    source: 'rightsList[]',
    target: 'copyright',
    // SPDX's name when the licence is known (as bolognese does), else the first statement.
    convert: (a) => licenceOf(a)?.spdxName ?? a.rightsList?.map((r) => r.rights?.trim()).find((r): r is string => Boolean(r)),
  },
];

/** DataCite attributes → one CSL-JSON item (rows in table order; undefined values left out). */
export function toCsl(attrs: DataCiteAttributes): CslItem {
  const item: Partial<Record<keyof CslItem, unknown>> = {};
  for (const row of CSL_ROWS) {
    if (row.when && !row.when(attrs)) continue;
    const value = row.convert(attrs);
    if (value !== undefined) item[row.target] = value;
  }
  return item as unknown as CslItem;
}
