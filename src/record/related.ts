/**
 * Related identifiers grouped by relation, each turned into links a reader can follow:
 * PDB entries to RCSB and PDBe, PubMed and PMC, article DOIs to doi.org. Only
 * http/https targets are ever emitted; anything else is shown as text.
 */
import type { RelatedIdentifier, RelatedItem as DataCiteRelatedItem } from '../datacite/types.ts';
import { creatorsOf } from './agents.ts';
import { clean, known } from './text.ts';
import { cstrUrl, isHttpUrl, isValidIssn, isPmcid, normalisePdbId, normalisePmcid, normaliseRrid, pdbIdIn, pdbLinks, pmcUrl, pubmedUrl, raidUrl, rridUrl, swhidUrl } from './identifiers.ts';
import { normaliseDoi, doiUrl } from './doi.ts';
import { pdbPath } from './identity.ts';

export interface RelatedLink {
  label: string;
  url: string;
}

export interface RelatedItem {
  /** What it is: `PDB entry`, `Article`, `Dataset`, `PubMed`… */
  kind: string;
  /** The identifier as shown, e.g. `PDB 1ABC`, `10.1107/S2059798320000000`. */
  text: string;
  links: RelatedLink[];
}

export interface RelatedGroup {
  relationType: string;
  /** Reader-facing heading, e.g. "Supplement to". */
  label: string;
  items: RelatedItem[];
}

/** Reader-facing wording for DataCite relationType values (kernel 4.7). */
const RELATION_LABELS: Record<string, string> = {
  IsCitedBy: 'Cited by',
  Cites: 'Cites',
  IsSupplementTo: 'Supplement to',
  IsSupplementedBy: 'Supplemented by',
  IsContinuedBy: 'Continued by',
  Continues: 'Continues',
  IsDescribedBy: 'Described by',
  Describes: 'Describes',
  HasMetadata: 'Has metadata',
  IsMetadataFor: 'Metadata for',
  HasVersion: 'Other versions',
  IsVersionOf: 'Version of',
  IsNewVersionOf: 'Newer version of',
  IsPreviousVersionOf: 'Previous version of',
  IsPartOf: 'Part of',
  HasPart: 'Has part',
  IsPublishedIn: 'Published in',
  IsReferencedBy: 'Referenced by',
  References: 'References',
  IsDocumentedBy: 'Documented by',
  Documents: 'Documents',
  IsCompiledBy: 'Compiled by',
  Compiles: 'Compiles',
  IsVariantFormOf: 'Variant form of',
  IsOriginalFormOf: 'Original form of',
  IsIdenticalTo: 'Identical to',
  IsReviewedBy: 'Reviewed by',
  Reviews: 'Reviews',
  IsDerivedFrom: 'Derived from',
  IsSourceOf: 'Source of',
  IsRequiredBy: 'Required by',
  Requires: 'Requires',
  IsObsoletedBy: 'Obsoleted by',
  Obsoletes: 'Obsoletes',
  IsCollectedBy: 'Collected by',
  Collects: 'Collects',
  IsTranslationOf: 'Translation of',
  HasTranslation: 'Translations',
  Other: 'Related',
};

/** Relations a reader of a data landing page looks for first. */
const ORDER = ['IsSupplementTo', 'IsReferencedBy', 'IsCitedBy', 'IsDescribedBy', 'References', 'IsDerivedFrom', 'IsSourceOf'];

/** Links for a PDB id (RCSB and PDBe), shown in its canonical form. */
export function pdbItem(id: string): RelatedItem {
  const canonical = normalisePdbId(id) ?? id;
  const links = pdbLinks(canonical);
  return {
    kind: 'PDB entry',
    text: `PDB ${canonical}`,
    links: links
      ? [
          { label: `RCSB PDB ${canonical}`, url: links.rcsb },
          { label: `PDBe ${canonical}`, url: links.pdbe },
          // Site-relative: every experiment of this archive that references the entry.
          { label: `Experiments here with ${canonical}`, url: pdbPath(canonical) },
        ]
      : [],
  };
}

function link(label: string, url: string | null): RelatedLink[] {
  return url && isHttpUrl(url) ? [{ label, url }] : [];
}

/** One related identifier as a reader-facing item; null when it cannot be shown safely. */
export function relatedItem(rel: RelatedIdentifier): RelatedItem {
  const id = rel.relatedIdentifier.trim();
  const type = rel.relatedIdentifierType;
  const pdb = pdbIdIn(id, type);
  if (pdb && normalisePdbId(pdb)) return pdbItem(pdb);
  const kind = rel.resourceTypeGeneral === 'JournalArticle' || rel.resourceTypeGeneral === 'Text' ? 'Article' : (rel.resourceTypeGeneral ?? type);
  switch (type) {
    case 'DOI': {
      const doi = normaliseDoi(id);
      return { kind, text: doi, links: link(doiUrl(doi), doiUrl(doi)) };
    }
    case 'PMID':
      return { kind: 'PubMed', text: `PMID ${id}`, links: link(`PubMed ${id}`, pubmedUrl(id)) };
    case 'URL':
      return { kind, text: id, links: link(id, id) };
    case 'arXiv': {
      const arxiv = id.replace(/^arxiv:/i, '');
      return { kind: 'Preprint', text: `arXiv:${arxiv}`, links: link(`arXiv ${arxiv}`, `https://arxiv.org/abs/${encodeURIComponent(arxiv)}`) };
    }
    case 'Handle':
      return { kind, text: id, links: link(`hdl:${id}`, `https://hdl.handle.net/${encodeURI(id)}`) };
    case 'ISSN':
    case 'EISSN':
      return { kind: 'Journal', text: `ISSN ${id}`, links: isValidIssn(id) ? link(`ISSN ${id}`, `https://portal.issn.org/resource/ISSN/${encodeURIComponent(id)}`) : [] };
    case 'CSTR': {
      const cstr = id.replace(/^cstr:\s*/i, '');
      return { kind, text: `CSTR ${cstr}`, links: isHttpUrl(id) ? link(id, id) : link(`CSTR ${cstr}`, cstrUrl(cstr)) };
    }
    case 'RRID': {
      const rrid = normaliseRrid(id);
      return { kind, text: rrid ?? `RRID ${id}`, links: isHttpUrl(id) ? link(id, id) : link(rrid ?? id, rridUrl(id)) };
    }
    case 'SWHID':
      return { kind, text: id, links: isHttpUrl(id) ? link(id, id) : link(id, swhidUrl(id)) };
    case 'RAiD':
      return { kind, text: `RAiD ${id.replace(/^https?:\/\/(?:app\.|static\.)?raid\.org\//i, '')}`, links: link(id, raidUrl(id)) };
    default:
      if (isPmcid(id)) return { kind: 'PubMed Central', text: normalisePmcid(id)!, links: link(`PubMed Central ${id}`, pmcUrl(id)) };
      return { kind, text: `${type} ${id}`, links: link(id, id) };
  }
}

/**
 * A related item (kernel 4.4+: a work described in place, often one without an identifier)
 * as a reader-facing item: its title with who, when and where, linked by its identifier
 * when it has one. Null when it names nothing a reader could look up.
 */
export function describedItem(item: DataCiteRelatedItem): RelatedItem | null {
  if (!item || typeof item !== 'object') return null;
  const title = (Array.isArray(item.titles) ? item.titles : []).map((t) => known(t?.title)).find(Boolean);
  const id = item.relatedItemIdentifier;
  const identified = id && typeof id.relatedItemIdentifier === 'string' && id.relatedItemIdentifier.trim()
    ? relatedItem({ relatedIdentifier: id.relatedItemIdentifier, relatedIdentifierType: id.relatedItemIdentifierType, relationType: item.relationType, resourceTypeGeneral: item.relatedItemType })
    : null;
  if (!title && !identified) return null;
  const names = creatorsOf({ creators: Array.isArray(item.creators) ? item.creators : [] }).map((a) => a.invertedName);
  const part = (label: string, v: unknown) => (clean(v) ? `${label}${clean(v)}` : '');
  const pages = [clean(item.firstPage), clean(item.lastPage)].filter(Boolean).join('–');
  const details = [
    names.length > 3 ? `${names.slice(0, 3).join('; ')} et al.` : names.join('; '),
    clean(item.publicationYear),
    [part('vol. ', item.volume), part('no. ', item.issue), part(`${clean(item.numberType) || 'no.'} `, item.number), part(pages.includes('–') ? 'pp. ' : 'p. ', pages)].filter(Boolean).join(', '),
    part('', item.edition) && `${clean(item.edition)} ed.`,
    clean(item.publisher),
  ].filter(Boolean);
  const kind = item.relatedItemType === 'JournalArticle' || item.relatedItemType === 'Text' ? 'Article' : clean(item.relatedItemType) || identified?.kind || 'Item';
  // Joined as sentences; a part that ends in a full stop (an initial: "Writer, C.") takes no second one.
  const text = title ? [title, ...details].reduce((all, p) => `${all}${all.endsWith('.') ? ' ' : '. '}${p}`) : identified!.text;
  return { kind, text, links: identified?.links ?? [] };
}

/**
 * relationTypeInformation as a heading: kernel 4.7 writes it as a verb phrase in running text
 * ("was presented at", "is reply to"), which heads its list with a capital like every other.
 */
function heading(text: string): string {
  const [first = '', ...rest] = [...text];
  return first.toLocaleUpperCase('en') + rest.join('');
}

/** Groups related identifiers and related items by relation, most useful relations first. */
export function groupRelated(related: RelatedIdentifier[] | undefined, items?: DataCiteRelatedItem[] | undefined): RelatedGroup[] {
  const groups = new Map<string, RelatedGroup>();
  const add = (relationType: string, information: string | undefined, item: RelatedItem) => {
    const label = relationType === 'Other' && clean(information) ? heading(clean(information)) : (RELATION_LABELS[relationType] ?? relationType);
    const group = groups.get(label) ?? { relationType, label, items: [] };
    group.items.push(item);
    groups.set(label, group);
  };
  for (const rel of related ?? []) add(rel.relationType, rel.relationTypeInformation, relatedItem(rel));
  for (const item of Array.isArray(items) ? items : []) {
    const described = describedItem(item);
    if (described) add(item.relationType, typeof item.relationTypeInformation === 'string' ? item.relationTypeInformation : undefined, described);
  }
  const rank = (g: RelatedGroup) => {
    const i = ORDER.indexOf(g.relationType);
    return i < 0 ? ORDER.length : i;
  };
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}

/** The PDB entries among related identifiers (for search filters and the summary box). */
export function pdbEntries(related: RelatedIdentifier[] | undefined): string[] {
  return groupRelated(related)
    .flatMap((g) => g.items)
    .filter((i) => i.kind === 'PDB entry')
    .map((i) => i.text.replace(/^PDB /, ''));
}

/** Related identifiers by what they point at (`PDB entry`, `Article`, `PubMed`, `Dataset`…), in record order. */
export function relatedByKind(related: RelatedIdentifier[] | undefined): Map<string, RelatedItem[]> {
  const out = new Map<string, RelatedItem[]>();
  for (const rel of related ?? []) {
    if (!rel || typeof rel.relatedIdentifier !== 'string' || !rel.relatedIdentifier.trim()) continue;
    const item = relatedItem(rel);
    // Appended in place: a copy per item was quadratic in a record's related identifiers.
    const list = out.get(item.kind);
    if (list) list.push(item);
    else out.set(item.kind, [item]);
  }
  return out;
}

export interface RelatedWork {
  relationType: string;
  /** relationTypeInformation (kernel 4.7: the relation in words, for Other). */
  information: string | undefined;
  /** The first link the page gives the work (http/https only), else null. */
  url: string | null;
  /** A related item's title; undefined for a related identifier. */
  title: string | undefined;
}

/**
 * Every related work with its relation, related identifiers and related items (kernel 4.4+)
 * alike, each by the first link the page gives it; a work with neither a link nor a title
 * names nothing a reader could look up and is left out.
 */
export function relatedWorks(a: { relatedIdentifiers?: RelatedIdentifier[]; relatedItems?: DataCiteRelatedItem[] }): RelatedWork[] {
  const out: RelatedWork[] = [];
  const linkOf = (url: string | undefined) => (url && isHttpUrl(url) ? url : null);
  for (const r of Array.isArray(a.relatedIdentifiers) ? a.relatedIdentifiers : []) {
    if (!r || typeof r.relatedIdentifier !== 'string' || !r.relatedIdentifier.trim()) continue;
    out.push({ relationType: clean(r.relationType), information: known(r.relationTypeInformation), url: linkOf(relatedItem(r).links[0]?.url), title: undefined });
  }
  for (const item of Array.isArray(a.relatedItems) ? a.relatedItems : []) {
    const described = item && describedItem(item);
    if (!described) continue;
    const title = (Array.isArray(item.titles) ? item.titles : []).map((t) => known(t?.title)).find(Boolean);
    out.push({ relationType: clean(item.relationType), information: known(item.relationTypeInformation), url: linkOf(described.links[0]?.url), title });
  }
  return out.filter((w) => w.url || w.title);
}

/** The related works a reader can follow, with their relation and link. */
export function relatedLinks(a: { relatedIdentifiers?: RelatedIdentifier[]; relatedItems?: DataCiteRelatedItem[] }): Array<{ relationType: string; url: string }> {
  return relatedWorks(a).flatMap((w) => (w.url ? [{ relationType: w.relationType, url: w.url }] : []));
}
