/**
 * schema.org `Dataset` JSON-LD for a landing page (conventions A2, issue 3 item 1), built
 * from the typed record and what the page shows. Written as rows `{ target, convert }`
 * like the CSL crosswalk; deliberate differences from bolognese's schema_org writer are in
 * docs/citation.md. `jsonLdScript` makes the result safe inside `<script>`.
 */
import type { Creator, DataCiteAttributes } from '../datacite/types.ts';
import type { ExperimentRecord, OtherChecksum } from '../record/types.ts';
import { fileChecksum, type ChecksumAlgorithm } from '../record/checksum.ts';
import { clean, cslName, mainTitle, publisherName } from '../citation/csl.ts';
import { licenceOf, orcidOf, publicationDate, rorUrl } from '../citation/people.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';

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

export type JsonLd = { [key: string]: JsonLdValue };
type JsonLdValue = string | number | boolean | JsonLd | JsonLdValue[];

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

function person(c: Creator): JsonLd {
  const orcid = orcidOf(c);
  // Without a nameType or split name parts, a "Family, Given" name is a person; anything else an organisation.
  const split = !c.familyName && c.nameType !== 'Organizational' ? cslName(c) : undefined;
  const family = clean(c.familyName) || split?.family;
  const given = clean(c.givenName) || split?.given;
  const isOrg = c.nameType === 'Organizational' || (!family && c.nameType !== 'Personal');
  const out: JsonLd = { '@type': isOrg ? 'Organization' : 'Person' };
  if (orcid && !isOrg) {
    out['@id'] = orcid;
    out.sameAs = orcid;
    out.identifier = { '@type': 'PropertyValue', propertyID: 'https://registry.identifiers.org/registry/orcid', value: orcid.slice('https://orcid.org/'.length), url: orcid };
  }
  if (isOrg) {
    const ror = c.nameIdentifiers?.map((n) => rorUrl(n.nameIdentifier, n.nameIdentifierScheme)).find(Boolean);
    if (ror) out['@id'] = ror;
  }
  out.name = !isOrg && given && family ? `${given} ${family}` : clean(c.name);
  if (!isOrg && given) out.givenName = given;
  if (!isOrg && family) out.familyName = family;
  const affiliations = (c.affiliation ?? []).map((a): JsonLd => {
    if (typeof a === 'string') return { '@type': 'Organization', name: a };
    const ror = rorUrl(a.affiliationIdentifier, a.affiliationIdentifierScheme);
    return ror ? { '@type': 'Organization', '@id': ror, name: a.name } : { '@type': 'Organization', name: a.name };
  });
  if (!isOrg && affiliations.length) out.affiliation = affiliations.length === 1 ? affiliations[0]! : affiliations;
  return out;
}

/** The abstract (else the page's Markdown text), cut to 5000 characters on a word boundary. */
export function schemaDescription(r: ExperimentRecord): string | undefined {
  const ds = r.datacite.descriptions ?? [];
  const text = (ds.find((d) => d.descriptionType === 'Abstract') ?? ds[0])?.description?.trim() || r.descriptionMarkdown?.trim();
  if (!text) return undefined;
  if (text.length <= DESCRIPTION_MAX) return text;
  const cut = text.slice(0, DESCRIPTION_MAX - 1);
  return cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length) + '…';
}

function publisher(a: DataCiteAttributes): JsonLd | undefined {
  const name = publisherName(a.publisher);
  if (!name) return undefined;
  const ror = typeof a.publisher === 'object' ? rorUrl(a.publisher.publisherIdentifier, a.publisher.publisherIdentifierScheme) : undefined;
  return ror ? { '@type': 'Organization', '@id': ror, name } : { '@type': 'Organization', name };
}

function funders(a: DataCiteAttributes): JsonLd[] | undefined {
  const list = (a.fundingReferences ?? []).map((f): JsonLd => {
    const out: JsonLd = { '@type': 'Organization' };
    const id = f.funderIdentifier?.trim();
    if (id && /^(https?:\/\/(dx\.)?doi\.org\/)?10\.13039\//i.test(id)) out['@id'] = doiUrl(id);
    else if (id && /^https:\/\//.test(id)) out['@id'] = id;
    out.name = f.funderName;
    return out;
  });
  return list.length ? list : undefined;
}

function temporalCoverage(r: ExperimentRecord): string | undefined {
  const { start, end } = r.collected;
  if (start) return end && end !== start ? `${start}/${end}` : start;
  const d = r.datacite.dates?.find((x) => x.dateType === 'Collected' || x.dateType === 'Coverage');
  return d?.date?.trim() || undefined;
}

/** Related works as schema.org references: DOI → https://doi.org/…, http(s) URLs as they are. */
function relatedRefs(a: DataCiteAttributes, relations: string[], type: string): JsonLd[] {
  return (a.relatedIdentifiers ?? [])
    .filter((r) => relations.includes(r.relationType))
    .map((r): string | undefined => {
      const id = r.relatedIdentifier?.trim() ?? '';
      if (r.relatedIdentifierType === 'DOI') return doiUrl(id);
      if (r.relatedIdentifierType === 'URL' && /^https?:\/\//i.test(id)) return id;
      return undefined;
    })
    .filter((id): id is string => Boolean(id))
    .map((id) => ({ '@id': id, '@type': type }));
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

function hasPart(r: ExperimentRecord, ctx: SchemaOrgContext): JsonLd[] | undefined {
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
  { target: 'description', convert: (r) => schemaDescription(r) },
  { target: 'url', convert: (_r, ctx) => ctx.landingUrl },
  {
    target: 'identifier',
    convert: (r) => ({ '@type': 'PropertyValue', propertyID: 'https://registry.identifiers.org/registry/doi', value: `doi:${normaliseDoi(r.doi)}`, url: doiUrl(r.doi) }),
  },
  { target: 'sameAs', convert: (r) => doiUrl(r.doi) },
  { target: 'creator', convert: (r) => (r.datacite.creators?.length ? r.datacite.creators.map(person) : undefined) },
  { target: 'publisher', convert: (r) => publisher(r.datacite) },
  { target: 'datePublished', convert: (r) => publicationDate(r.datacite) },
  { target: 'license', convert: (r) => licenceOf(r.datacite)?.url },
  { target: 'isAccessibleForFree', convert: () => true },
  { target: 'conditionsOfAccess', convert: (r) => (isOpen(r) ? ACCESS_OPEN : ACCESS_EMBARGOED) },
  {
    target: 'keywords',
    convert: (r) => {
      const k = (r.datacite.subjects ?? []).map((s) => s.subject?.trim()).filter((s): s is string => Boolean(s));
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
  { target: 'includedInDataCatalog', convert: (_r, ctx) => ({ '@type': 'DataCatalog', name: ctx.catalogueName, url: ctx.catalogueUrl }) },
  { target: 'funder', convert: (r) => funders(r.datacite) },
  { target: 'version', convert: (r) => (r.datacite.version ? String(r.datacite.version) : undefined) },
  { target: 'temporalCoverage', convert: (r) => temporalCoverage(r) },
  // Works this dataset cites, and the article it supplements (bolognese's mapping).
  { target: 'citation', convert: (r) => { const c = relatedRefs(r.datacite, ['Cites', 'References'], 'CreativeWork'); return c.length ? c : undefined; } },
  {
    target: '@reverse',
    convert: (r) => { const b = relatedRefs(r.datacite, ['IsSupplementTo'], 'ScholarlyArticle'); return b.length ? { isBasedOn: b } : undefined; },
  },
  { target: 'inLanguage', convert: (r) => r.datacite.language ?? undefined },
  { target: 'distribution', convert: distribution },
  { target: 'hasPart', convert: hasPart },
];

export function toSchemaOrg(record: ExperimentRecord, ctx: SchemaOrgContext): JsonLd {
  const out: JsonLd = {
    '@context': { '@vocab': 'https://schema.org/', spdx: 'http://spdx.org/rdf/terms#' },
    '@type': 'Dataset',
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
