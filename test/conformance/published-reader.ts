/**
 * Reads one published record back from the files a build wrote, with parsers that know
 * nothing of Aperture: rehype-parse for the landing page, fast-xml-parser for DataCite XML and
 * the Atom feed, citation-js's own BibTeX and RIS input plugins, `yaml` for CITATION.cff and
 * JSON for the rest. Each output becomes a `Facts`: only what that output states, so a fact
 * an output does not carry is absent rather than wrong.
 */
import { readFileSync, existsSync } from 'node:fs';
import { SCHEMA_ORG_RELATIONS } from '../../src/exports/schema-org-relations.ts';
import { join } from 'node:path';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Element, Root, RootContent } from 'hast';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';

export interface Creator {
  name?: string;
  orcid?: string | null;
  affiliations?: string[];
  rors?: string[];
}

export interface Facts {
  doi?: string;
  title?: string;
  creators?: Creator[];
  publisher?: string;
  year?: string;
  date?: string;
  type?: string;
  version?: string;
  language?: string;
  licence?: string | null;
  /** Every rights entry (DataCite exports keep them all). */
  licences?: string[];
  related?: string[];
  funders?: string[];
  subjects?: string[];
  /** The http(s) term URIs (valueUri) of the subjects, in order. */
  subjectTerms?: string[];
}

type Json = Record<string, any>;
const list = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const ORCID = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/;

// ---- HTML -------------------------------------------------------------------------------

function children(n: Root | Element): Element[] {
  return (n.children as RootContent[]).filter((c): c is Element => c.type === 'element');
}

function all(n: Root | Element, test: (e: Element) => boolean, out: Element[] = []): Element[] {
  for (const c of children(n)) {
    if (test(c)) out.push(c);
    all(c, test, out);
  }
  return out;
}

function textOf(n: Element | Root | RootContent): string {
  if (n.type === 'text') return n.value;
  if (n.type === 'element' || n.type === 'root') return (n.children as RootContent[]).map(textOf).join('');
  return '';
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const prop = (e: Element, name: string) => {
  const v = e.properties?.[name];
  return Array.isArray(v) ? v.join(' ') : v === undefined || v === null ? undefined : String(v);
};

export interface PageOutputs {
  page: Facts;
  meta: Facts;
  jsonLd: Json | null;
  /** `<link rel=…>` hrefs in the head, by rel. */
  links: Map<string, string[]>;
}

/** The landing page: what a reader sees (title, creators, facts box, lists), its meta tags, links and JSON-LD. */
export function readLandingHtml(html: string): PageOutputs {
  const tree = unified().use(rehypeParse).parse(html) as Root;
  const metas = new Map<string, string[]>();
  for (const m of all(tree, (e) => e.tagName === 'meta' && prop(e, 'name') !== undefined)) {
    const name = prop(m, 'name')!;
    metas.set(name, [...(metas.get(name) ?? []), prop(m, 'content') ?? '']);
  }
  const links = new Map<string, string[]>();
  for (const l of all(tree, (e) => e.tagName === 'link')) {
    for (const rel of (prop(l, 'rel') ?? '').split(/\s+/)) links.set(rel, [...(links.get(rel) ?? []), prop(l, 'href') ?? '']);
  }
  const script = all(tree, (e) => e.tagName === 'script' && prop(e, 'type') === 'application/ld+json')[0];
  const jsonLd = script ? (JSON.parse(textOf(script)) as Json) : null;

  const one = (n: string) => metas.get(n)?.[0];
  const meta: Facts = {
    doi: one('citation_doi'),
    title: one('citation_title'),
    // Highwire names are "Family, Given"; compared as such by the caller.
    creators: (metas.get('citation_author') ?? []).map((name) => ({ name })),
    publisher: one('citation_publisher'),
    date: one('citation_publication_date')?.replace(/\//g, '-'),
    language: one('citation_language'),
    licence: one('DC.rights') ?? null,
    // Read as Zotero reads them: every tag split at every ";".
    subjects: (metas.get('citation_keywords') ?? []).flatMap((v) => v.split(';')).map((k) => k.trim()).filter(Boolean),
  };

  const h1 = all(tree, (e) => e.tagName === 'h1')[0];
  const creatorList = all(tree, (e) => e.tagName === 'ul' && /^Creators/.test(prop(e, 'ariaLabel') ?? ''));
  const creators = creatorList.flatMap((ul) =>
    children(ul).filter((li) => li.tagName === 'li').map((li): Creator => {
      const spans = children(li);
      const aff = spans.find((s) => s.tagName === 'span' && /\baff\b/.test(prop(s, 'className') ?? '') && /^\s*–/.test(textOf(s)));
      const orcid = spans.find((s) => s.tagName === 'a' && /\borcid\b/.test(prop(s, 'className') ?? ''));
      return {
        name: norm(textOf(spans[0]!)),
        orcid: orcid ? (ORCID.exec(prop(orcid, 'href') ?? '')?.[1] ?? null) : null,
        affiliations: aff ? norm(textOf(aff)).replace(/^– /, '').split('; ') : [],
        // Affiliations identified otherwise (GRID, ISNI) are links too; RORs are those on ror.org.
        rors: aff ? all(aff, (e) => e.tagName === 'a').map((a) => prop(a, 'href')!).filter((h) => h.startsWith('https://ror.org/')) : [],
      };
    }),
  );
  const facts = new Map<string, Element>();
  for (const dl of all(tree, (e) => e.tagName === 'dl')) {
    const items = children(dl);
    items.forEach((dt, i) => {
      if (dt.tagName === 'dt' && items[i + 1]?.tagName === 'dd' && !facts.has(norm(textOf(dt)))) facts.set(norm(textOf(dt)), items[i + 1]!);
    });
  }
  const section = (id: string) => all(tree, (e) => e.tagName === 'section' && prop(e, 'ariaLabelledBy') === id)[0];
  const keywords = section('keywords-heading');
  const funding = section('funding-heading');
  const related = section('related-heading');
  const licenceDd = facts.get('Licence');
  const licenceLink = licenceDd && all(licenceDd, (e) => e.tagName === 'a')[0];
  const page: Facts = {
    // The DOI as its resolver URL, as the page shows it.
    doi: facts.get('DOI') ? norm(textOf(facts.get('DOI')!)) : undefined,
    title: h1 ? norm(textOf(h1)) : undefined,
    creators,
    publisher: facts.get('Publisher') ? norm(textOf(facts.get('Publisher')!)).replace(/ \(\d{4}\)$/, '') : undefined,
    year: facts.get('Publisher') ? /\((\d{4})\)$/.exec(norm(textOf(facts.get('Publisher')!)))?.[1] : undefined,
    type: facts.get('Resource type') ? norm(textOf(facts.get('Resource type')!)) : undefined,
    ...(facts.get('Version') ? { version: norm(textOf(facts.get('Version')!)) } : {}),
    ...(facts.get('Language') ? { language: norm(textOf(facts.get('Language')!)) } : {}),
    licence: licenceLink ? (prop(licenceLink, 'href') ?? null) : licenceDd && !/^No licence stated/.test(norm(textOf(licenceDd))) ? norm(textOf(licenceDd.children[0] as RootContent)) : null,
    // The term itself, without the scheme label beside it.
    subjects: keywords ? all(keywords, (e) => e.tagName === 'li').map((li) => norm(textOf(children(li)[0] ?? li))) : [],
    subjectTerms: keywords ? all(keywords, (e) => e.tagName === 'a').map((a) => prop(a, 'href')!) : [],
    // One line per funder: "Funder, award N: title".
    funders: funding ? all(funding, (e) => e.tagName === 'li').map((li) => norm(textOf(li))) : [],
    related: related ? all(related, (e) => e.tagName === 'a').map((a) => prop(a, 'href')!).filter((h) => /^https?:/.test(h)) : [],
  };
  return { page, meta, jsonLd, links };
}

// ---- JSON-LD ----------------------------------------------------------------------------

const RELATION_PROPERTIES = [...new Set(Object.values(SCHEMA_ORG_RELATIONS).flatMap((p) => ('property' in p && p.property !== 'sameAs' ? [p.property] : [])))];

export function jsonLdFacts(ld: Json): Facts {
  const ids = list(ld.identifier as Json | Json[]);
  const licence = ld.license;
  return {
    doi: String(ids[0]?.value ?? '').replace(/^doi:/, ''),
    title: ld.name,
    creators: list(ld.creator as Json | Json[]).map((c) => ({
      name: c.name,
      orcid: c['@type'] === 'Person' ? (ORCID.exec(String(c['@id'] ?? ''))?.[1] ?? null) : null,
      affiliations: list(c.affiliation as Json | Json[]).map((a) => a.name),
      rors: list(c.affiliation as Json | Json[]).map((a) => a['@id']).filter((id) => typeof id === 'string' && id.startsWith('https://ror.org/')),
    })),
    publisher: ld.publisher?.name,
    date: ld.datePublished,
    type: ld['@type'],
    version: ld.version === undefined ? undefined : String(ld.version),
    language: ld.inLanguage,
    // One licence, or a list of them (data and software), the record's first.
    licence: list(licence).map((x: Json | string) => (typeof x === 'object' ? x.name : x))[0] ?? null,
    licences: list(licence).map((x: Json | string) => (typeof x === 'object' ? x.name : x)),
    // Every relation, on whichever property the relation table put it (our own datasets aside).
    related: [
      ...RELATION_PROPERTIES.flatMap((p) => [...list(ld[p] as Json[]), ...list(ld['@reverse']?.[p] as Json[])]).filter((p) => p['@type'] !== 'Dataset'),
      ...list(ld.mentions as Json[]).map((role) => role.mentions as Json),
    ].map((r) => r['@id']).filter(Boolean).concat(list(ld.sameAs as string[]).slice(1)),
    // A funder registered by its identifier alone is named by it.
    funders: list(ld.funder as Json[]).map((f) => f.name ?? f.identifier?.value),
    // A vocabulary term is a DefinedTerm, a free keyword text.
    subjects: list(ld.keywords as Array<string | Json>).map((k) => (typeof k === 'string' ? k : k.name)),
    subjectTerms: list(ld.keywords as Array<string | Json>).flatMap((k) => (typeof k === 'object' && k.url ? [k.url] : [])),
  };
}

// ---- DataCite XML -----------------------------------------------------------------------

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#', parseTagValue: false, trimValues: true, isArray: () => false });
/** An element's text, whitespace folded as the record core folds it. */
const txt = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? String((v as Json)['#'] ?? '') : String(v)).replace(/\s+/g, ' ').trim();

/** DataCite XML as registered: names as written, every rights entry, identifiers verbatim. */
export function dataciteXmlFacts(text: string): Facts {
  const r = (xml.parse(text) as Json).resource as Json;
  const titles = list(r.titles?.title as Json[]);
  const main = titles.find((t) => typeof t !== 'object' || !t['@titleType']) ?? titles[0];
  return {
    doi: txt(r.identifier).toLowerCase(),
    title: txt(main),
    creators: list(r.creators?.creator as Json[]).map((c) => ({
      name: txt(c.creatorName),
      orcid: list(c.nameIdentifier as Json[]).map((n) => ORCID.exec(txt(n))?.[1]).find(Boolean) ?? null,
      affiliations: list(c.affiliation as Json[]).map(txt),
    })),
    publisher: txt(r.publisher),
    year: txt(r.publicationYear),
    type: r.resourceType?.['@resourceTypeGeneral'],
    ...(r.version !== undefined ? { version: txt(r.version) } : {}),
    ...(r.language !== undefined ? { language: txt(r.language) } : {}),
    licences: list(r.rightsList?.rights as Json[]).map((x) => (typeof x === 'object' ? x['@rightsURI'] : undefined) ?? txt(x)).filter(Boolean),
    related: list(r.relatedIdentifiers?.relatedIdentifier as Json[]).map(txt).filter(Boolean),
    funders: list(r.fundingReferences?.fundingReference as Json[]).map((f) => txt(f.funderName)).filter(Boolean),
    subjects: list(r.subjects?.subject as Json[]).map(txt).filter(Boolean),
  };
}

// ---- citations --------------------------------------------------------------------------

function cslFacts(item: Json): Facts {
  const issued = item.issued?.['date-parts']?.[0] as number[] | undefined;
  return {
    doi: item.DOI,
    title: item.title,
    creators: list(item.author as Json[]).map((a) => ({ name: a.literal ?? [a.given, a['dropping-particle'], a['non-dropping-particle'], a.family, a.suffix].filter(Boolean).join(' ') })),
    publisher: item.publisher,
    year: issued ? String(issued[0]) : undefined,
    date: issued ? issued.map((p, i) => (i ? String(p).padStart(2, '0') : String(p))).join('-') : undefined,
    type: item.type,
    ...(item.version !== undefined ? { version: String(item.version) } : {}),
    ...(item.language !== undefined ? { language: item.language } : {}),
    ...(item.copyright !== undefined ? { licence: item.copyright } : {}),
    subjects: typeof item.keyword === 'string' ? item.keyword.split(/, |; /) : list(item.categories as string[]),
  };
}

export function cslJsonFacts(text: string): Facts {
  return cslFacts((JSON.parse(text) as Json[])[0]!);
}

/** Read back with citation-js's own BibTeX input, as a reference manager would import it. */
export function bibtexFacts(text: string): Facts {
  const item = new Cite(text, { forceType: '@biblatex/text' }).data[0] as Json;
  return cslFacts(item);
}

/**
 * Text as BibTeX carries it, for comparison: LaTeX writes Ǆ as D + Ž (NFKC) and has no
 * zero-width joiner. Dashes are compared: a typed `--` must come back as `--`, not as the
 * en dash TeX makes of it.
 */
export function bibtexText(text: string | undefined): string | undefined {
  return text?.normalize('NFKC').replace(/\p{Cf}/gu, '').replace(/\s+/g, ' ').trim();
}

export function risFacts(text: string): Facts {
  const item = new Cite(text, { forceType: '@ris/file' }).data[0] as Json;
  const ty = /^TY {2}- (.*)$/m.exec(text)?.[1];
  // The RIS spec gives tags a meaning per type, and citation-js reads them so: AU of a film is
  // its director, PY of a conference paper the event's year, ET the edition.
  const facts: Facts = { ...cslFacts({ ...item, author: item.author ?? item.director, issued: item.issued ?? item['event-date'] }), type: ty };
  if (item.version === undefined && item.edition !== undefined) facts.version = String(item.edition);
  return facts;
}

export function cffFacts(text: string): Facts {
  const c = parseYaml(text) as Json;
  return {
    doi: c.doi,
    title: c.title,
    creators: list(c.authors as Json[]).map((a) => ({
      name: a.name ?? [a['given-names'], a['name-particle'], a['family-names']].filter(Boolean).join(' '),
      orcid: a.orcid ? (ORCID.exec(a.orcid)?.[1] ?? null) : null,
      affiliations: a.affiliation ? [a.affiliation] : [],
    })),
    ...(c['date-released'] ? { date: String(c['date-released']) } : {}),
    ...(c.version !== undefined ? { version: String(c.version) } : {}),
    ...(c.license !== undefined ? { licence: String(c.license) } : {}),
    subjects: list(c.keywords as string[]),
  };
}

// ---- site-wide files --------------------------------------------------------------------

export interface FeedEntry {
  title: string;
  authors: string[];
  link: string;
}

export function feedEntries(text: string): Map<string, FeedEntry> {
  const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'author' || name === 'link' }).parse(text) as Json;
  const out = new Map<string, FeedEntry>();
  for (const e of list(feed.feed?.entry as Json[])) {
    out.set(String(e.id), { title: txt(e.title), authors: list(e.author as Json[]).map((a) => txt(a.name)), link: list(e.link as Json[])[0]?.['@href'] });
  }
  return out;
}

export function readIf(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export function recordDir(dist: string, slug: string): string {
  return join(dist, 'doi', ...slug.split('/'));
}
