/**
 * schema.org `Dataset` JSON-LD for a landing page (conventions A2, issue 3 item 1), built
 * from the typed record and what the page shows. Written as rows `{ target, convert }`
 * like the CSL crosswalk; deliberate differences from bolognese's schema_org writer are in
 * docs/citation.md. `jsonLdScript` makes the result safe inside `<script>`.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import type { ExperimentRecord, OtherChecksum } from '../record/types.ts';
import { fileChecksum, type ChecksumAlgorithm } from '../record/checksum.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';
import { contributorsWithRole, creatorsOf, type Agent } from '../record/agents.ts';
import { cutAtWord, descriptionTextOf } from '../markdown/description-text.ts';
import { collectedOf, datesOf, isoDatePart, publicationDateOf } from '../record/dates.ts';
import {
  alternateIdentifiersOf,
  containerOf,
  formatsOf,
  geoCoverageOf,
  subjectsOf,
  type SubjectTerm,
  languageOf,
  mainTitle,
  otherTitles,
  publisherOf,
  repositoryOf,
  resourceTypeOf,
  sizesOf,
  versionOf,
} from '../record/fields.ts';
import { fundingOf } from '../record/funding.ts';
import { licencesOf } from '../record/licence.ts';
import { schemaOrgRelations, type JsonLd, type JsonLdValue } from './schema-org-relations.ts';

export interface SchemaOrgContext {
  landingUrl: string;
  catalogueName: string;
  catalogueUrl: string;
  datasetSummaries: Array<{
    id: string;
    title: string;
    url: string;
    fileCount: number;
    totalBytes: number;
    /** A download description of the dataset's files (e.g. its Metalink manifest). */
    distributionUrl?: string;
    /** Media type of `distributionUrl`; application/json when not given. */
    distributionType?: string;
  }>;
  /** Files to list inline; ignored (hasPart per dataset instead) when more than MAX_INLINE_FILES. */
  files?: Array<{ name: string; url: string; mediaType: string; size: number; sha256?: string; checksum?: OtherChecksum }>;
  variableMeasured?: Array<{ name: string; value?: number | string; minValue?: number; maxValue?: number; unitText?: string; unitCode?: string }>;
}

export type { JsonLd, JsonLdValue };

/** Inline DataDownload entries at most; beyond this each dataset is a `hasPart` with its own page. */
export const MAX_INLINE_FILES = 100;

export const DESCRIPTION_MIN = 50;
export const DESCRIPTION_MAX = 5000;

export const ACCESS_OPEN = 'http://purl.org/coar/access_right/c_abf2';
export const ACCESS_EMBARGOED = 'http://purl.org/coar/access_right/c_f1cf';
const PANET = 'http://purl.org/pan-science/PaNET/';

interface SchemaOrgRow {
  target: string;
  convert: (r: ExperimentRecord, ctx: SchemaOrgContext) => JsonLdValue | undefined;
}

/**
 * resourceTypeGeneral → schema.org type, as bolognese maps it (Software is SoftwareSourceCode,
 * Text a ScholarlyArticle…); a type the vocabulary lacks is a CreativeWork.
 */
export const SCHEMA_ORG_TYPES: Readonly<Record<string, string>> = {
  Audiovisual: 'MediaObject',
  // Kernel 4.6 and 4.7 types bolognese predates: the schema.org classes that name them.
  Award: 'Grant',
  Book: 'Book',
  BookChapter: 'Chapter',
  Collection: 'Collection',
  ComputationalNotebook: 'SoftwareSourceCode',
  ConferencePaper: 'Article',
  ConferenceProceeding: 'Periodical',
  DataPaper: 'ScholarlyArticle',
  Dataset: 'Dataset',
  Dissertation: 'Thesis',
  Event: 'Event',
  Image: 'ImageObject',
  Instrument: 'Thing',
  JournalArticle: 'ScholarlyArticle',
  Journal: 'Periodical',
  Preprint: 'ScholarlyArticle',
  Project: 'Project',
  Report: 'Report',
  Service: 'Service',
  Software: 'SoftwareSourceCode',
  Sound: 'AudioObject',
  Text: 'ScholarlyArticle',
  PeerReview: 'Review',
  Poster: 'Poster',
  Presentation: 'PresentationDigitalDocument',
};

/** The schema.org type of a record: DataCite's own `types.schemaOrg` when set, else from resourceTypeGeneral. */
export function schemaOrgType(a: Pick<DataCiteAttributes, 'types'>): string {
  const declared = a.types?.schemaOrg?.trim();
  if (declared && /^[A-Z][A-Za-z]+$/.test(declared)) return declared;
  return SCHEMA_ORG_TYPES[resourceTypeOf(a).general] ?? 'CreativeWork';
}

function agent(a: Agent): JsonLd {
  const isOrg = a.kind === 'organisation';
  const out: JsonLd = { '@type': isOrg ? 'Organization' : 'Person' };
  if (a.orcidUrl) {
    out['@id'] = a.orcidUrl;
    out.sameAs = a.orcidUrl;
    out.identifier = { '@type': 'PropertyValue', propertyID: 'https://registry.identifiers.org/registry/orcid', value: a.orcid!, url: a.orcidUrl };
  }
  if (a.ror) out['@id'] = a.ror;
  // Other registered identifiers (ISNI, Scopus, GND…) as PropertyValues, and as sameAs when they link.
  if (a.otherIds.length) {
    const ids = a.otherIds.map((x): JsonLd => ({ '@type': 'PropertyValue', propertyID: x.scheme, value: x.value, ...(x.url ? { url: x.url } : {}) }));
    const own = out.identifier ? [out.identifier as JsonLd] : [];
    out.identifier = [...own, ...ids].length === 1 ? ids[0]! : [...own, ...ids];
    const links = [...(a.orcidUrl ? [a.orcidUrl] : []), ...a.otherIds.flatMap((x) => (x.url ? [x.url] : []))];
    if (links.length) out.sameAs = links.length === 1 ? links[0]! : links;
  }
  out.name = a.displayName;
  if (!isOrg && a.givenName) out.givenName = a.givenName;
  if (!isOrg && a.familyName) out.familyName = a.familyName;
  const affiliations = a.affiliations.map((x): JsonLd => (x.ror ?? x.url ? { '@type': 'Organization', '@id': (x.ror ?? x.url)!, name: x.name } : { '@type': 'Organization', name: x.name }));
  if (!isOrg && affiliations.length) out.affiliation = affiliations.length === 1 ? affiliations[0]! : affiliations;
  return out;
}

/**
 * The abstract (else the page's Markdown text) as plain text, the text the meta description
 * is cut from, cut to 5000 characters on a word boundary.
 */
export function schemaDescription(r: ExperimentRecord): string | undefined {
  const text = descriptionTextOf(r);
  return text ? cutAtWord(text, DESCRIPTION_MAX) : undefined;
}

/** A subject as schema.org keywords item: text when free, a DefinedTerm when a scheme, term URI or code says which term it is. */
function keyword(s: SubjectTerm): string | JsonLd {
  if (!s.url && !s.code && !s.scheme && !s.schemeUrl) return s.name;
  const term: JsonLd = { '@type': 'DefinedTerm', name: s.name };
  if (s.code) term.termCode = s.code;
  if (s.url) term.url = s.url;
  const set = s.scheme ? { '@type': 'DefinedTermSet', name: s.scheme, ...(s.schemeUrl ? { url: s.schemeUrl } : {}) } : s.schemeUrl;
  if (set) term.inDefinedTermSet = set;
  return term;
}

function publisher(a: DataCiteAttributes): JsonLd | undefined {
  const p = publisherOf(a);
  if (!p) return undefined;
  return p.ror ? { '@type': 'Organization', '@id': p.ror, name: p.name } : { '@type': 'Organization', name: p.name };
}

/**
 * The awards the page lists beside each funder (number, title, link) as schema.org Grants,
 * each naming its funder as `funder` does; a funding reference without an award has none.
 */
function grants(a: DataCiteAttributes): JsonLd[] | undefined {
  const funderNodes = funders(a) ?? [];
  const list = fundingOf(a).flatMap((f, i): JsonLd[] => {
    if (!f.award && !f.awardTitle && !f.awardUrl) return [];
    const out: JsonLd = { '@type': 'Grant' };
    if (f.awardUrl) out['@id'] = f.awardUrl;
    if (f.award) out.identifier = f.award;
    if (f.awardTitle) out.name = f.awardTitle;
    if (f.awardUrl) out.url = f.awardUrl;
    out.funder = funderNodes[i]!;
    return [out];
  });
  return list.length ? list : undefined;
}

function funders(a: DataCiteAttributes): JsonLd[] | undefined {
  const list = fundingOf(a).map((f): JsonLd => {
    const out: JsonLd = { '@type': 'Organization' };
    if (f.funderUrl) out['@id'] = f.funderUrl;
    if (f.funderName) out.name = f.funderName;
    else if (f.funderId) {
      // Registered by its identifier alone: the identifier says who it is, and no name is made up.
      const id: JsonLd = { '@type': 'PropertyValue', propertyID: f.funderIdScheme ?? 'Other', value: f.funderId };
      if (f.funderUrl) id.url = f.funderUrl;
      out.identifier = id;
    }
    return out;
  });
  return list.length ? list : undefined;
}

/** The record's dates of one type, each as the day or date-time it names (a range: its end). */
function datedAs(r: ExperimentRecord, type: string): string[] {
  return datesOf(r.datacite).filter((d) => d.type === type && d.range).map((d) => isoDatePart(d.value)).filter((d): d is string => d !== null);
}

function temporalCoverage(r: ExperimentRecord): string | undefined {
  // The collection period; a record without one may still state the period it covers.
  const c = collectedOf(r) ?? datesOf(r.datacite).find((d) => d.type === 'Coverage' && d.range)?.range;
  if (!c) return undefined;
  if (c.start && c.end && c.end !== c.start) return `${c.start}/${c.end}`;
  if (c.start && !c.end) return `${c.start}/..`;
  if (!c.start && c.end) return `../${c.end}`;
  return c.start ?? undefined;
}

/** The DOI and the record's alternate identifiers (accession numbers, local ids) as PropertyValues. */
function identifiers(r: ExperimentRecord): JsonLd | JsonLd[] {
  const doi: JsonLd = { '@type': 'PropertyValue', propertyID: 'https://registry.identifiers.org/registry/doi', value: `doi:${normaliseDoi(r.doi)}`, url: doiUrl(r.doi) };
  const others = alternateIdentifiersOf(r.datacite).map((x): JsonLd => {
    const out: JsonLd = { '@type': 'PropertyValue', propertyID: x.type || 'local', value: x.value };
    if (/^https?:\/\//i.test(x.value)) out.url = x.value;
    return out;
  });
  return others.length ? [doi, ...others] : doi;
}

/** geoLocations as schema.org Places (point → GeoCoordinates, box and polygon → GeoShape), as bolognese writes them. */
function spatialCoverage(a: DataCiteAttributes): JsonLd | JsonLd[] | undefined {
  const places = geoCoverageOf(a).flatMap((g): JsonLd[] => {
    const address: JsonLd = g.place ? { address: g.place } : {};
    const out: JsonLd[] = [];
    if (g.point) out.push({ '@type': 'Place', geo: { '@type': 'GeoCoordinates', ...address, latitude: String(g.point.latitude), longitude: String(g.point.longitude) } });
    if (g.box) out.push({ '@type': 'Place', geo: { '@type': 'GeoShape', ...address, box: `${g.box.south} ${g.box.west} ${g.box.north} ${g.box.east}` } });
    if (g.polygon) out.push({ '@type': 'Place', geo: { '@type': 'GeoShape', ...address, polygon: g.polygon.map(([lon, lat]) => [String(lon), String(lat)]) } });
    if (!out.length && g.place) out.push({ '@type': 'Place', name: g.place });
    return out;
  });
  if (!places.length) return undefined;
  return places.length === 1 ? places[0]! : places;
}

/** The catalogue the page belongs to, and the record's own repository when it names one. */
function dataCatalogues(r: ExperimentRecord, ctx: SchemaOrgContext): JsonLd | JsonLd[] {
  const ours: JsonLd = { '@type': 'DataCatalog', name: ctx.catalogueName, url: ctx.catalogueUrl };
  const repo = repositoryOf(r.datacite);
  if (!repo) return ours;
  const theirs: JsonLd = repo.url ? { '@id': repo.url, '@type': 'DataCatalog', name: repo.name } : { '@type': 'DataCatalog', name: repo.name };
  return [ours, theirs];
}

/** The series or journal the resource appears in (not a data repository: that is includedInDataCatalog). */
function periodical(a: DataCiteAttributes): JsonLd | undefined {
  const c = containerOf(a);
  if (!c || /repository/i.test(c.type ?? '')) return undefined;
  const out: JsonLd = { '@type': /series/i.test(c.type ?? '') ? 'Series' : 'Periodical', name: c.title };
  if (c.identifier && /issn/i.test(c.identifierType ?? '')) out.issn = c.identifier;
  if (c.volume) out.volume = c.volume;
  if (c.issue) out.issue = c.issue;
  if (c.firstPage) out.firstPage = c.firstPage;
  if (c.lastPage) out.lastPage = c.lastPage;
  return out;
}

function seriesOf(a: DataCiteAttributes): JsonLd[] {
  const c = containerOf(a);
  if (!c || !/series/i.test(c.type ?? '')) return [];
  const out: JsonLd = { '@type': 'CreativeWorkSeries', name: c.title };
  if (c.identifier && /issn/i.test(c.identifierType ?? '')) out.issn = c.identifier;
  return [out];
}

function single(list: JsonLdValue[]): JsonLdValue | undefined {
  return list.length ? (list.length === 1 ? list[0]! : list) : undefined;
}

/** SPDX 2.3 checksum algorithm individuals; it has no CRC32, so a CRC32 is not stated. */
const SPDX_ALGORITHM: Partial<Record<ChecksumAlgorithm, string>> = { sha256: 'sha256', sha512: 'sha512', sha1: 'sha1', md5: 'md5', adler32: 'adler32' };

function checksum(file: { sha256?: string; checksum?: OtherChecksum }): JsonLd | undefined {
  const c = fileChecksum(file);
  const algorithm = c && SPDX_ALGORITHM[c.algorithm];
  if (!c || !algorithm) return undefined;
  return { '@type': 'spdx:Checksum', 'spdx:algorithm': { '@id': `spdx:checksumAlgorithm_${algorithm}` }, 'spdx:checksumValue': c.value };
}

function isOpen(r: ExperimentRecord): boolean {
  return r.release.state === 'released';
}

function distribution(r: ExperimentRecord, ctx: SchemaOrgContext): JsonLd[] | undefined {
  if (!isOpen(r) || !ctx.files?.length || ctx.files.length > MAX_INLINE_FILES) return undefined;
  return ctx.files.map((f) => ({
    '@type': 'DataDownload',
    name: f.name,
    contentUrl: f.url,
    encodingFormat: f.mediaType,
    contentSize: Math.trunc(f.size),
    ...(checksum(f) ? { 'spdx:checksum': checksum(f)! } : {}),
  }));
}

/** Our datasets (when files are not listed inline) and the works the record declares HasPart. */
function hasPart(r: ExperimentRecord, ctx: SchemaOrgContext): JsonLdValue[] | undefined {
  const declared = schemaOrgRelations(r.datacite).forward.get('hasPart') ?? [];
  const ours = ownParts(r, ctx) ?? [];
  const parts = [...ours, ...declared];
  return parts.length ? parts : undefined;
}

function ownParts(r: ExperimentRecord, ctx: SchemaOrgContext): JsonLd[] | undefined {
  if (isOpen(r) && ctx.files?.length && ctx.files.length <= MAX_INLINE_FILES) return undefined;
  if (!ctx.datasetSummaries.length) return undefined;
  return ctx.datasetSummaries.map((d) => {
    const part: JsonLd = {
      '@type': 'Dataset',
      '@id': d.url,
      name: d.title,
      description: `${d.title}: ${d.fileCount} files, ${d.totalBytes} bytes, part of ${mainTitle(r.datacite) ?? r.doi}.`,
      url: d.url,
    };
    if (isOpen(r) && d.distributionUrl) {
      part.distribution = { '@type': 'DataDownload', contentUrl: d.distributionUrl, encodingFormat: d.distributionType ?? 'application/json' };
    }
    return part;
  });
}

export const SCHEMA_ORG_ROWS: readonly SchemaOrgRow[] = [
  { target: '@id', convert: (r) => doiUrl(r.doi) },
  { target: 'name', convert: (r) => mainTitle(r.datacite) },
  // The record's other titles, which the page shows under the main one: a subtitle is a
  // secondary title (alternativeHeadline), an alternative or translated title another name.
  { target: 'alternativeHeadline', convert: (r) => single(otherTitles(r.datacite).filter((t) => t.type === 'Subtitle').map((t) => t.title)) },
  { target: 'alternateName', convert: (r) => single(otherTitles(r.datacite).filter((t) => t.type !== 'Subtitle').map((t) => t.title)) },
  { target: 'description', convert: (r) => schemaDescription(r) },
  { target: 'url', convert: (_r, ctx) => ctx.landingUrl },
  { target: 'identifier', convert: identifiers },
  {
    target: 'sameAs',
    // The DOI, and the works the record declares IsIdenticalTo.
    convert: (r) => { const same = [doiUrl(r.doi), ...(schemaOrgRelations(r.datacite).forward.get('sameAs') ?? [])]; return same.length === 1 ? same[0] : same; },
  },
  { target: 'creator', convert: (r) => { const c = creatorsOf(r.datacite); return c.length ? c.map(agent) : undefined; } },
  { target: 'publisher', convert: (r) => publisher(r.datacite) },
  { target: 'datePublished', convert: (r) => publicationDateOf(r.datacite, r.release.releasedOn) },
  // The Created and (latest) Updated dates the page lists, as schema.org names them.
  { target: 'dateCreated', convert: (r) => datedAs(r, 'Created')[0] },
  { target: 'dateModified', convert: (r) => datedAs(r, 'Updated').sort().at(-1) },
  {
    target: 'license',
    // A licence without a URL is still a licence: named as a CreativeWork rather than dropped.
    // Several (data and software) are a list, the record's licence first; an access statement
    // (info:eu-repo/semantics/openAccess) is no licence: conditionsOfAccess says that.
    convert: (r) => {
      const ls = licencesOf(r.datacite).map((l) => l.url ?? { '@type': 'CreativeWork', name: l.name });
      return ls.length > 1 ? ls : ls[0];
    },
  },
  { target: 'isAccessibleForFree', convert: () => true },
  { target: 'conditionsOfAccess', convert: (r) => (isOpen(r) ? ACCESS_OPEN : ACCESS_EMBARGOED) },
  {
    target: 'keywords',
    // A subject from a vocabulary is a DefinedTerm (schema.org's keywords takes DefinedTerm or
    // Text): its term URI, code and scheme reach harvesters; a free keyword stays text.
    convert: (r) => {
      const k = subjectsOf(r.datacite).map(keyword);
      return k.length ? k : undefined;
    },
  },
  {
    target: 'measurementTechnique',
    convert: (r) => {
      const t = r.technique;
      if (!t) return undefined;
      if (!t.panet) return t.name;
      return { '@type': 'DefinedTerm', name: t.name, termCode: t.panet, url: PANET + t.panet, inDefinedTermSet: PANET + 'PaNET.owl' };
    },
  },
  {
    target: 'variableMeasured',
    convert: (_r, ctx) => (ctx.variableMeasured?.length ? ctx.variableMeasured.map((v) => ({ '@type': 'PropertyValue', ...v })) : undefined),
  },
  { target: 'includedInDataCatalog', convert: dataCatalogues },
  { target: 'periodical', convert: (r) => periodical(r.datacite) },
  { target: 'spatialCoverage', convert: (r) => spatialCoverage(r.datacite) },
  { target: 'funder', convert: (r) => funders(r.datacite) },
  { target: 'funding', convert: (r) => grants(r.datacite) },
  { target: 'version', convert: (r) => versionOf(r.datacite) },
  // DataCite formats and sizes, which the page lists: schema.org's CreativeWork words for them
  // (bolognese writes sizes as contentSize, which schema.org gives media objects only).
  { target: 'encodingFormat', convert: (r) => single(formatsOf(r.datacite)) },
  { target: 'size', convert: (r) => single(sizesOf(r.datacite)) },
  { target: 'temporalCoverage', convert: (r) => temporalCoverage(r) },
  // Every relation the record registers, on the schema.org property that says it (schema-org-relations.ts).
  // The series the resource belongs to (SeriesInformation, a container of type Series) is
  // schema.org's isPartOf a CreativeWorkSeries; `periodical` above is bolognese's word for it,
  // which schema.org does not define.
  {
    target: 'isPartOf',
    convert: (r) => {
      const all = [...(schemaOrgRelations(r.datacite).forward.get('isPartOf') ?? []), ...seriesOf(r.datacite)];
      return all.length ? all : undefined;
    },
  },
  ...['citation', 'isBasedOn', 'workExample', 'exampleOfWork', 'subjectOf', 'about', 'review', 'mentions'].map(
    (target): SchemaOrgRow => ({ target, convert: (r) => schemaOrgRelations(r.datacite).forward.get(target) }),
  ),
  {
    target: '@reverse',
    convert: (r) => {
      const reverse = schemaOrgRelations(r.datacite).reverse;
      return reverse.size ? Object.fromEntries(reverse) : undefined;
    },
  },
  { target: 'inLanguage', convert: (r) => languageOf(r.datacite) },
  { target: 'translator', convert: (r) => { const t = contributorsWithRole(r.datacite, 'Translator'); return t.length ? (t.length === 1 ? agent(t[0]!) : t.map(agent)) : undefined; } },
  { target: 'workTranslation', convert: (r) => single(schemaOrgRelations(r.datacite).forward.get('workTranslation') ?? []) },
  { target: 'translationOfWork', convert: (r) => single(schemaOrgRelations(r.datacite).forward.get('translationOfWork') ?? []) },
  { target: 'distribution', convert: distribution },
  { target: 'hasPart', convert: hasPart },
];

export function toSchemaOrg(record: ExperimentRecord, ctx: SchemaOrgContext): JsonLd {
  const out: JsonLd = {
    '@context': { '@vocab': 'https://schema.org/', spdx: 'http://spdx.org/rdf/terms#' },
    '@type': schemaOrgType(record.datacite),
  };
  for (const row of SCHEMA_ORG_ROWS) {
    const v = row.convert(record, ctx);
    if (v !== undefined) out[row.target] = v;
  }
  return out;
}

/**
 * Serialises JSON-LD for a `<script type="application/ld+json">` body. `<`, `>` and `&`
 * become `\u003c`, `\u003e`, `\u0026` (JSON-LD 1.1 script restrictions), so `</script>` or
 * `<!--` in metadata cannot end or confuse the element; U+2028/9 are escaped for old parsers.
 */
export function jsonLdScript(obj: unknown): string {
  return JSON.stringify(obj)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
