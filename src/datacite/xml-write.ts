/**
 * REST `attributes` → DataCite Metadata Schema 4.7 XML, valid against the kernel-4.7 XSD for
 * any record that passes validateDataCite. Built with fast-xml-parser's XMLBuilder, which
 * escapes every text node and attribute value. Element order follows the XSD sequences.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { xmlChars } from './xml-chars.ts';
import type { Affiliation, Creator, DataCiteAttributes, Publisher, Title } from './types.ts';

type Node = Record<string, unknown>;
type Loose = Record<string, unknown>;

export const DATACITE_NAMESPACE = 'http://datacite.org/schema/kernel-4';
export const DATACITE_SCHEMA_LOCATION = 'https://schema.datacite.org/meta/kernel-4.7/metadata.xsd';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
  suppressBooleanAttributes: false,
});


/** Non-empty string form of a value, or undefined (nulls and blanks are left out of the XML). */
function s(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = xmlChars(String(value)).trim();
  return text === '' ? undefined : text;
}

const arr = (value: unknown): Loose[] =>
  Array.isArray(value) ? value.filter((v): v is Loose => typeof v === 'object' && v !== null) : [];

/**
 * A language as xs:language: a POSIX locale (`en_US`, which DataCite's REST API accepts and
 * validation reports as datacite/language-underscore) with hyphens, the tag it names.
 */
function lang(value: unknown): string | undefined {
  const text = s(value);
  return text && /^[a-zA-Z]{1,8}(?:[-_][a-zA-Z0-9]{1,8})+$/.test(text) ? text.replace(/_/g, '-') : text;
}

/** An element with attributes (undefined ones dropped) and optional text. */
function el(text: unknown, attrs: Record<string, unknown> = {}): Node | string | undefined {
  const node: Node = {};
  for (const [k, v] of Object.entries(attrs)) {
    const value = k === 'xml:lang' ? lang(v) : s(v);
    if (value !== undefined) node['@_' + k] = value;
  }
  const t = s(text);
  if (t !== undefined) node['#text'] = t;
  if (Object.keys(node).length === 0) return undefined;
  return node;
}

/** Drops undefined children and empty wrapper lists so optional properties disappear cleanly. */
function clean(node: Node): Node {
  for (const [k, v] of Object.entries(node)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete node[k];
    else if (Array.isArray(v)) node[k] = v.filter((x) => x !== undefined);
  }
  return node;
}

function wrapper(item: string, children: unknown[]): Node | undefined {
  const items = children.filter((c) => c !== undefined);
  return items.length > 0 ? { [item]: items } : undefined;
}

function affiliation(a: Affiliation | string): Node | string | undefined {
  if (typeof a === 'string') return s(a);
  // The XSD requires an affiliation's name; one registered by its identifier alone is left out
  // of this export (validation reports it as affiliation/name-missing, saying so).
  if (!a || s(a.name) === undefined) return undefined;
  return el(a.name, { affiliationIdentifier: a.affiliationIdentifier, affiliationIdentifierScheme: a.affiliationIdentifierScheme, schemeURI: a.schemeUri });
}

function person(p: Creator, nameElement: string, extra: Record<string, unknown> = {}, withIds = true): Node {
  return clean({
    ...Object.fromEntries(Object.entries(extra).filter(([, v]) => s(v)).map(([k, v]) => ['@_' + k, s(v)])),
    [nameElement]: el(p.name, { nameType: p.nameType, 'xml:lang': p.lang }),
    givenName: s(p.givenName),
    familyName: s(p.familyName),
    nameIdentifier: withIds
      ? arr(p.nameIdentifiers).map((n) => el(n.nameIdentifier, { nameIdentifierScheme: n.nameIdentifierScheme, schemeURI: n.schemeUri }))
      : undefined,
    affiliation: withIds ? (Array.isArray(p.affiliation) ? p.affiliation : []).map(affiliation).filter((a) => a !== undefined) : undefined,
  });
}

function titles(list: unknown): Node | undefined {
  return wrapper('title', arr(list).map((t) => el((t as unknown as Title).title, { titleType: t.titleType, 'xml:lang': t.lang })));
}

function publisher(p: unknown): Node | string | undefined {
  if (typeof p === 'object' && p !== null) {
    const o = p as Publisher;
    return el(o.name, { publisherIdentifier: o.publisherIdentifier, publisherIdentifierScheme: o.publisherIdentifierScheme, schemeURI: o.schemeUri, 'xml:lang': o.lang });
  }
  return s(p);
}

function point(p: unknown): Node | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const o = p as Loose;
  return clean({ pointLongitude: s(o.pointLongitude), pointLatitude: s(o.pointLatitude) });
}

function polygon(points: unknown): Node | undefined {
  const list = arr(points);
  const polygonPoint = list.map((x) => point(x.polygonPoint)).filter(Boolean);
  const inPolygonPoint = list.map((x) => point(x.inPolygonPoint)).find(Boolean);
  return polygonPoint.length > 0 ? clean({ polygonPoint, inPolygonPoint }) : undefined;
}

function geoLocation(g: Loose): Node {
  const raw = g.geoLocationPolygon;
  const polygons = Array.isArray(raw) && Array.isArray(raw[0]) ? raw : raw ? [raw] : [];
  const b = (g.geoLocationBox ?? undefined) as Loose | undefined;
  return clean({
    geoLocationPlace: s(g.geoLocationPlace),
    geoLocationPoint: point(g.geoLocationPoint),
    geoLocationBox: b
      ? clean({ westBoundLongitude: s(b.westBoundLongitude), eastBoundLongitude: s(b.eastBoundLongitude), southBoundLatitude: s(b.southBoundLatitude), northBoundLatitude: s(b.northBoundLatitude) })
      : undefined,
    geoLocationPolygon: polygons.map(polygon),
  });
}

function relatedItem(r: Loose): Node {
  const id = (r.relatedItemIdentifier ?? undefined) as Loose | undefined;
  return clean({
    '@_relatedItemType': s(r.relatedItemType),
    '@_relationType': s(r.relationType),
    '@_relationTypeInformation': s(r.relationTypeInformation),
    relatedItemIdentifier: id
      ? el(id.relatedItemIdentifier, { relatedItemIdentifierType: id.relatedItemIdentifierType, relatedMetadataScheme: id.relatedMetadataScheme, schemeURI: id.schemeUri ?? id.schemeURI, schemeType: id.schemeType })
      : undefined,
    creators: wrapper('creator', arr(r.creators).map((c) => person(c as unknown as Creator, 'creatorName', {}, false))),
    titles: titles(r.titles),
    publicationYear: s(r.publicationYear),
    volume: s(r.volume),
    issue: s(r.issue),
    number: el(r.number, { numberType: r.numberType }),
    firstPage: s(r.firstPage),
    lastPage: s(r.lastPage),
    publisher: s(r.publisher),
    edition: s(r.edition),
    contributors: wrapper('contributor', arr(r.contributors).map((c) => person(c as unknown as Creator, 'contributorName', { contributorType: c.contributorType }, false))),
  });
}

/** The `<resource>` element's content, in kernel-4.7 order. */
function resource(a: DataCiteAttributes): Node {
  const alternates = arr(a.alternateIdentifiers).length > 0
    ? arr(a.alternateIdentifiers).filter((x) => s(x.alternateIdentifierType) !== undefined).map((x) => el(x.alternateIdentifier, { alternateIdentifierType: x.alternateIdentifierType }))
    : arr(a.identifiers).filter((x) => s(x.identifierType)?.toUpperCase() !== 'DOI').map((x) => el(x.identifier, { alternateIdentifierType: x.identifierType }));
  return clean({
    '@_xmlns': DATACITE_NAMESPACE,
    '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    '@_xsi:schemaLocation': `${DATACITE_NAMESPACE} ${DATACITE_SCHEMA_LOCATION}`,
    identifier: el(a.doi, { identifierType: 'DOI' }),
    creators: wrapper('creator', arr(a.creators).map((c) => person(c as unknown as Creator, 'creatorName'))),
    titles: titles(a.titles),
    publisher: publisher(a.publisher),
    publicationYear: s(a.publicationYear),
    resourceType: el(a.types?.resourceType, { resourceTypeGeneral: a.types?.resourceTypeGeneral }),
    subjects: wrapper('subject', arr(a.subjects).map((x) =>
      el(x.subject, { subjectScheme: x.subjectScheme, schemeURI: x.schemeUri, valueURI: x.valueUri, classificationCode: x.classificationCode, 'xml:lang': x.lang }),
    )),
    // The XSD requires a contributorType and an alternateIdentifierType: entries registered without
    // them are left out of this one export (validation reports contributor/role-missing and
    // identifier/alternate-type-missing, saying so) rather than given a made-up one.
    contributors: wrapper('contributor', arr(a.contributors).filter((c) => s(c.contributorType) !== undefined).map((c) => person(c as unknown as Creator, 'contributorName', { contributorType: c.contributorType }))),
    dates: wrapper('date', arr(a.dates).map((d) => el(d.date, { dateType: d.dateType, dateInformation: d.dateInformation }))),
    language: lang(a.language),
    alternateIdentifiers: wrapper('alternateIdentifier', alternates),
    relatedIdentifiers: wrapper('relatedIdentifier', arr(a.relatedIdentifiers).map((r) =>
      el(r.relatedIdentifier, {
        resourceTypeGeneral: r.resourceTypeGeneral,
        relatedIdentifierType: r.relatedIdentifierType,
        relationType: r.relationType,
        relatedMetadataScheme: r.relatedMetadataScheme,
        schemeURI: r.schemeUri,
        schemeType: r.schemeType,
        relationTypeInformation: r.relationTypeInformation,
      }),
    )),
    sizes: wrapper('size', (a.sizes ?? []).map(s)),
    formats: wrapper('format', (a.formats ?? []).map(s)),
    version: s(a.version),
    rightsList: wrapper('rights', arr(a.rightsList).map((r) =>
      el(r.rights, { rightsURI: r.rightsUri, rightsIdentifier: r.rightsIdentifier, rightsIdentifierScheme: r.rightsIdentifierScheme, schemeURI: r.schemeUri, 'xml:lang': r.lang }),
    )),
    descriptions: wrapper('description', arr(a.descriptions).map((d) => el(d.description, { descriptionType: d.descriptionType, 'xml:lang': d.lang }))),
    geoLocations: wrapper('geoLocation', arr(a.geoLocations).map(geoLocation).filter((g) => Object.keys(g).length > 0)),
    // The XSD requires a funderName; a funder registered by its identifier alone is left out of
    // this one export (validation reports it as funding/funder-name-missing, saying so).
    fundingReferences: wrapper('fundingReference', arr(a.fundingReferences).filter((f) => s(f.funderName) !== undefined).map((f) =>
      clean({
        funderName: s(f.funderName),
        funderIdentifier: el(f.funderIdentifier, { funderIdentifierType: f.funderIdentifierType, schemeURI: f.schemeUri }),
        awardNumber: el(f.awardNumber, { awardURI: f.awardUri }),
        awardTitle: s(f.awardTitle),
      }),
    )),
    relatedItems: wrapper('relatedItem', arr(a.relatedItems).map(relatedItem)),
  });
}

/** DataCite 4.7 XML for validated attributes (UTF-8, with XML declaration). */
export function toDataCiteXml(attrs: DataCiteAttributes): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + builder.build({ resource: resource(attrs) });
}
