/**
 * DCAT 3 catalogue as JSON-LD (`/catalog.jsonld`, conventions A6): one dcat:Catalog whose
 * datasets are the public records. Each released dataset (sweep) is a dcat:Distribution:
 * accessURL = its file listing page (mandatory in DCAT-AP), downloadURL = its Metalink
 * manifest (every file URL with size and SHA-256), byteSize = the data it describes.
 * Metadata-only records have no distribution. Written record by record (stream).
 */
import { absoluteUrl } from '../record/identity.ts';
import type { StagedRecord } from './record-dump.ts';
import { doiUrl } from '../record/doi.ts';
import { relatedLinks } from '../record/related.ts';
import { geoCoverageOf, subjectsOf } from '../record/fields.ts';
import { licencesOf } from '../record/licence.ts';
import { collectedOf } from '../record/dates.ts';
import { numberText } from '../record/number-text.ts';
import type { RelationType } from './schema-org-relations.ts';

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  spdx: 'http://spdx.org/rdf/terms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  locn: 'http://www.w3.org/ns/locn#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
};

/**
 * DataCite relations with a Dublin Core or DCAT 3 property of the same meaning; every other
 * relation (Describes, IsCollectedBy, Other…) is still stated, as the generic dct:relation.
 */
export const DCAT_RELATIONS: Readonly<Partial<Record<RelationType, string>>> = {
  Cites: 'dct:references',
  References: 'dct:references',
  IsCitedBy: 'dct:isReferencedBy',
  IsReferencedBy: 'dct:isReferencedBy',
  IsPartOf: 'dct:isPartOf',
  IsPublishedIn: 'dct:isPartOf',
  HasPart: 'dct:hasPart',
  HasVersion: 'dcat:hasVersion',
  IsVersionOf: 'dcat:isVersionOf',
  IsNewVersionOf: 'dcat:previousVersion',
  IsDerivedFrom: 'dct:source',
  Requires: 'dct:requires',
  IsRequiredBy: 'dct:isRequiredBy',
  Obsoletes: 'dct:replaces',
  IsObsoletedBy: 'dct:isReplacedBy',
};

/** The record's related works that have a link, each on its DCAT property. */
function relations(r: StagedRecord): Node {
  const out: Record<string, Node[]> = {};
  for (const { relationType, url } of relatedLinks(r.dump.attributes)) {
    const property = DCAT_RELATIONS[relationType as RelationType] ?? 'dct:relation';
    (out[property] ??= []).push({ '@id': url });
  }
  return out;
}

/** A WKT literal (GeoSPARQL), longitude before latitude as WKT writes it. */
function wkt(text: string): Node {
  return { '@value': text, '@type': 'gsp:wktLiteral' };
}

const xy = (lon: number, lat: number) => `${numberText(lon)} ${numberText(lat)}`;

/**
 * The places the record covers (DCAT-AP dct:spatial): each geoLocation as a dct:Location with
 * its name, its point as dcat:centroid, its box as dcat:bbox and its polygon as locn:geometry,
 * as the page and the JSON-LD give them.
 */
function spatial(r: StagedRecord): Node[] {
  return geoCoverageOf(r.dump.attributes).map((g) => {
    const out: Node = { '@type': 'dct:Location' };
    if (g.place) out['locn:geographicName'] = g.place;
    if (g.point) out['dcat:centroid'] = wkt(`POINT(${xy(g.point.longitude, g.point.latitude)})`);
    if (g.box) {
      const { south, west, north, east } = g.box;
      out['dcat:bbox'] = wkt(`POLYGON((${[[west, south], [east, south], [east, north], [west, north], [west, south]].map(([x, y]) => xy(x!, y!)).join(', ')}))`);
    }
    if (g.polygon) out['locn:geometry'] = wkt(`POLYGON((${g.polygon.map(([lon, lat]) => xy(lon, lat)).join(', ')}))`);
    return out;
  });
}

/** The collection period (DCAT-AP dct:temporal), read as the page reads it; an open end stays open. */
function temporal(r: StagedRecord): Node | undefined {
  const c = collectedOf({ datacite: r.dump.attributes, collected: r.dump.aperture.collected });
  if (!c || (!c.start && !c.end)) return undefined;
  const out: Node = { '@type': 'dct:PeriodOfTime' };
  if (c.start) out['dcat:startDate'] = dateLiteral(c.start);
  if (c.end) out['dcat:endDate'] = dateLiteral(c.end);
  return out;
}

const IANA = 'https://www.iana.org/assignments/media-types/';
const ACCESS = 'http://publications.europa.eu/resource/authority/access-right/';

export interface CatalogueContext {
  siteUrl: string;
  title: string;
  description: string;
  publisher: string;
  publisherUrl: string | null;
  contactEmail: string | null;
}

type Node = Record<string, unknown>;

function literal(value: string | number, type: string): Node {
  return { '@value': String(value), '@type': `xsd:${type}` };
}

function dateLiteral(iso: string): Node {
  if (iso.includes('T')) return literal(iso, 'dateTime');
  return literal(iso, iso.length === 4 ? 'gYear' : iso.length === 7 ? 'gYearMonth' : 'date');
}

/** The catalogue node without its datasets: the writer streams those into `dcat:dataset`. */
export function catalogueHead(ctx: CatalogueContext): Node {
  const publisher: Node = { '@type': 'foaf:Agent', 'foaf:name': ctx.publisher };
  if (ctx.publisherUrl) publisher['@id'] = ctx.publisherUrl;
  const head: Node = {
    '@context': DCAT_CONTEXT,
    '@id': absoluteUrl(ctx.siteUrl, '/catalog.jsonld'),
    '@type': 'dcat:Catalog',
    'dct:title': ctx.title,
    'dct:description': ctx.description,
    'dct:publisher': publisher,
    'foaf:homepage': { '@id': absoluteUrl(ctx.siteUrl, '/') },
  };
  if (ctx.contactEmail) head['dcat:contactPoint'] = { '@type': 'vcard:Kind', 'vcard:fn': ctx.publisher, 'vcard:hasEmail': { '@id': `mailto:${ctx.contactEmail}` } };
  return head;
}

export function dcatDataset(r: StagedRecord): Node {
  const d = r.dump;
  const node: Node = {
    '@id': d.doiUrl,
    '@type': 'dcat:Dataset',
    'dct:title': r.title,
    'dct:description': r.description || r.title,
    'dct:identifier': d.doiUrl,
    'dcat:landingPage': { '@id': d.url },
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': r.publisher },
    'dct:creator': r.creators.map((name) => ({ '@type': 'foaf:Agent', 'foaf:name': name })),
    'dct:issued': dateLiteral(r.released),
    'dct:accessRights': { '@id': ACCESS + (d.state === 'released' ? 'PUBLIC' : 'RESTRICTED') },
    'dcat:keyword': r.keywords,
  };
  Object.assign(node, relations(r));
  // A subject's term URI (valueUri) names the concept itself, as DCAT-AP's dct:subject takes it; the words stay in dcat:keyword.
  const terms = [...new Set(subjectsOf(d.attributes).flatMap((s) => (s.url ? [s.url] : [])))];
  if (terms.length) node['dct:subject'] = terms.map((iri) => ({ '@id': iri }));
  const places = spatial(r);
  if (places.length) node['dct:spatial'] = places;
  const period = temporal(r);
  if (period) node['dct:temporal'] = period;
  if (d.aperture.lastModified) node['dct:modified'] = dateLiteral(d.aperture.lastModified);
  // Every licence with an address, the record's first (r.licenceUrl); a distribution keeps that one.
  const licences = [...new Set([r.licenceUrl, ...licencesOf(d.attributes).map((l) => l.url)].filter((u): u is string => Boolean(u)))];
  if (licences.length) node['dct:license'] = licences.length === 1 ? { '@id': licences[0] } : licences.map((iri) => ({ '@id': iri }));
  const distributions = d.aperture.datasets
    .filter((ds) => ds.url && ds.manifests?.metalink)
    .map((ds): Node => {
      const dist: Node = {
        '@id': `${ds.url}#distribution`,
        '@type': 'dcat:Distribution',
        'dct:title': ds.title,
        'dct:description': `${ds.fileCount} files (${(ds.mediaTypes ?? []).join(', ') || 'unknown type'}), ${ds.totalBytes} bytes; the download URL is a Metalink manifest with each file's URL, size and SHA-256.`,
        'dcat:accessURL': { '@id': ds.url },
        'dcat:downloadURL': { '@id': ds.manifests!.metalink },
        'dcat:mediaType': { '@id': IANA + 'application/metalink4+xml' },
        'dcat:byteSize': literal(ds.totalBytes, 'nonNegativeInteger'),
      };
      if (r.licenceUrl) dist['dct:license'] = { '@id': r.licenceUrl };
      return dist;
    });
  if (distributions.length) node['dcat:distribution'] = distributions;
  return node;
}
