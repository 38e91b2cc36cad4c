/**
 * DataCite XML (kernel 4.x, and kernel 3 where it is the same shape) → REST `attributes`,
 * the canonical metadata model. Property names follow api.datacite.org (camelCase plurals,
 * `schemeURI` → `schemeUri`). Values are copied, never judged: validation is
 * src/validate/datacite.ts's job.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type {
  Affiliation, Creator, DataCiteAttributes, FundingReference, GeoLocation, NameIdentifier, RelatedItem, Rights, Title,
} from './types.ts';
import { blockTextOf, child, childElements, parseXmlDocument, textOf, type XmlElement } from './xml-tree.ts';

type Loose = Record<string, unknown>;

/** Drops undefined, empty strings and empty arrays so the JSON carries only what the XML said. */
function compact<T extends Loose>(obj: T): T {
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete obj[key];
  }
  return obj;
}

const attr = (el: XmlElement | undefined, name: string): string | undefined => el?.attrs[name];
const texts = (el: XmlElement | undefined, wrapper: string, item: string): string[] =>
  childElements(child(el, wrapper), item).map(textOf).filter((t) => t !== '');

function list<T>(root: XmlElement, wrapper: string, item: string, map: (el: XmlElement) => T | undefined): T[] {
  return childElements(child(root, wrapper), item).map(map).filter((x): x is T => x !== undefined);
}

function nameIdentifier(el: XmlElement): NameIdentifier | undefined {
  const value = textOf(el);
  if (!value) return undefined;
  return compact({ nameIdentifier: value, nameIdentifierScheme: attr(el, 'nameIdentifierScheme'), schemeUri: attr(el, 'schemeURI') });
}

function affiliation(el: XmlElement): Affiliation | undefined {
  const name = textOf(el);
  if (!name) return undefined;
  return compact({
    name,
    affiliationIdentifier: attr(el, 'affiliationIdentifier'),
    affiliationIdentifierScheme: attr(el, 'affiliationIdentifierScheme'),
    schemeUri: attr(el, 'schemeURI'),
  });
}

function person(el: XmlElement, nameElement: 'creatorName' | 'contributorName'): Creator {
  const nameEl = child(el, nameElement);
  return compact({
    name: textOf(nameEl),
    nameType: attr(nameEl, 'nameType') as Creator['nameType'],
    givenName: textOf(child(el, 'givenName')),
    familyName: textOf(child(el, 'familyName')),
    lang: attr(nameEl, 'lang'),
    nameIdentifiers: childElements(el, 'nameIdentifier').map(nameIdentifier).filter((x): x is NameIdentifier => !!x),
    affiliation: childElements(el, 'affiliation').map(affiliation).filter((x): x is Affiliation => !!x),
  });
}

function title(el: XmlElement): Title | undefined {
  const text = textOf(el);
  if (!text) return undefined;
  return compact({ title: text, titleType: attr(el, 'titleType') as Title['titleType'], lang: attr(el, 'lang') });
}

/** XML has no numbers: coordinates become numbers when they are plain decimals. */
function coordinate(text: string): number | string {
  return /^\s*[-+]?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
}

function point(el: XmlElement | undefined): { pointLongitude: number | string; pointLatitude: number | string } | undefined {
  if (!el) return undefined;
  const lon = child(el, 'pointLongitude');
  const lat = child(el, 'pointLatitude');
  if (lon || lat) return { pointLongitude: coordinate(textOf(lon)), pointLatitude: coordinate(textOf(lat)) };
  // kernel 3: "lat long" as text
  const parts = textOf(el).split(/\s+/);
  return parts.length === 2 ? { pointLatitude: coordinate(parts[0]), pointLongitude: coordinate(parts[1]) } : undefined;
}

function box(el: XmlElement | undefined): Record<string, number | string> | undefined {
  if (!el) return undefined;
  const keys = ['westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude'];
  if (keys.some((k) => child(el, k))) return Object.fromEntries(keys.map((k) => [k, coordinate(textOf(child(el, k)))]));
  // kernel 3: "south west north east" as text
  const p = textOf(el).split(/\s+/);
  if (p.length !== 4) return undefined;
  return { southBoundLatitude: coordinate(p[0]), westBoundLongitude: coordinate(p[1]), northBoundLatitude: coordinate(p[2]), eastBoundLongitude: coordinate(p[3]) };
}

function polygon(el: XmlElement): Array<Record<string, unknown>> {
  return childElements(el)
    .filter((c) => c.name === 'polygonPoint' || c.name === 'inPolygonPoint')
    .map((c) => ({ [c.name]: point(c) }));
}

function geoLocation(el: XmlElement): GeoLocation | undefined {
  const polygons = childElements(el, 'geoLocationPolygon').map(polygon);
  const geo = compact({
    geoLocationPlace: textOf(child(el, 'geoLocationPlace')),
    geoLocationPoint: point(child(el, 'geoLocationPoint')),
    geoLocationBox: box(child(el, 'geoLocationBox')),
    // One polygon is the REST array of points; several are an array of such arrays.
    geoLocationPolygon: polygons.length === 0 ? undefined : polygons.length === 1 ? polygons[0] : polygons,
  } as Loose) as GeoLocation;
  return Object.keys(geo).length > 0 ? geo : undefined;
}

function funding(el: XmlElement): FundingReference {
  const funderId = child(el, 'funderIdentifier');
  const award = child(el, 'awardNumber');
  return compact({
    funderName: textOf(child(el, 'funderName')),
    funderIdentifier: textOf(funderId),
    funderIdentifierType: attr(funderId, 'funderIdentifierType'),
    schemeUri: attr(funderId, 'schemeURI'),
    awardNumber: textOf(award),
    awardUri: attr(award, 'awardURI'),
    awardTitle: textOf(child(el, 'awardTitle')),
  });
}

function relatedItem(el: XmlElement): RelatedItem {
  const id = child(el, 'relatedItemIdentifier');
  const number = child(el, 'number');
  const itemPerson = (p: XmlElement, nameEl: 'creatorName' | 'contributorName'): Loose => {
    const n = child(p, nameEl);
    return compact({
      name: textOf(n),
      nameType: attr(n, 'nameType'),
      givenName: textOf(child(p, 'givenName')),
      familyName: textOf(child(p, 'familyName')),
      contributorType: attr(p, 'contributorType'),
    });
  };
  return compact({
    relatedItemType: attr(el, 'relatedItemType') ?? '',
    relationType: attr(el, 'relationType') ?? '',
    relationTypeInformation: attr(el, 'relationTypeInformation'),
    relatedItemIdentifier: id
      ? compact({
          relatedItemIdentifier: textOf(id),
          relatedItemIdentifierType: attr(id, 'relatedItemIdentifierType') ?? '',
          relatedMetadataScheme: attr(id, 'relatedMetadataScheme'),
          schemeUri: attr(id, 'schemeURI'),
          schemeType: attr(id, 'schemeType'),
        })
      : undefined,
    creators: list(el, 'creators', 'creator', (p) => itemPerson(p, 'creatorName')) as unknown as Creator[],
    titles: list(el, 'titles', 'title', title),
    publicationYear: textOf(child(el, 'publicationYear')),
    volume: textOf(child(el, 'volume')),
    issue: textOf(child(el, 'issue')),
    number: textOf(number),
    numberType: attr(number, 'numberType'),
    firstPage: textOf(child(el, 'firstPage')),
    lastPage: textOf(child(el, 'lastPage')),
    publisher: textOf(child(el, 'publisher')),
    edition: textOf(child(el, 'edition')),
    contributors: list(el, 'contributors', 'contributor', (p) => itemPerson(p, 'contributorName')),
  } as RelatedItem);
}

/** `<resource>` element → attributes. */
export function resourceToAttributes(root: XmlElement, schemaVersion?: string): DataCiteAttributes {
  const identifier = child(root, 'identifier');
  const idType = attr(identifier, 'identifierType') ?? '';
  const idValue = textOf(identifier);
  // The DOI exactly as written: a Unicode lower-case would turn a Kelvin sign into a `k` (src/record/doi.ts folds ASCII only).
  // DOIs fold A–Z only (as DataCite does), so a look-alike never becomes another DOI.
  const doi = idType.toUpperCase() === 'DOI' ? idValue.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : '';
  const publisherEl = child(root, 'publisher');
  const publisherName = textOf(publisherEl);
  const publisherHasAttrs = ['publisherIdentifier', 'publisherIdentifierScheme', 'schemeURI', 'lang'].some((a) => attr(publisherEl, a));
  const year = textOf(child(root, 'publicationYear'));
  const resourceType = child(root, 'resourceType');
  const slash = doi.indexOf('/');
  return compact({
    doi,
    prefix: slash > 0 ? doi.slice(0, slash) : undefined,
    suffix: slash > 0 ? doi.slice(slash + 1) : undefined,
    identifiers: idValue && !doi ? [{ identifier: idValue, identifierType: idType }] : undefined,
    creators: list(root, 'creators', 'creator', (el) => person(el, 'creatorName')),
    titles: list(root, 'titles', 'title', title),
    publisher: publisherHasAttrs
      ? compact({
          name: publisherName,
          publisherIdentifier: attr(publisherEl, 'publisherIdentifier'),
          publisherIdentifierScheme: attr(publisherEl, 'publisherIdentifierScheme'),
          schemeUri: attr(publisherEl, 'schemeURI'),
          lang: attr(publisherEl, 'lang'),
        })
      : publisherName,
    // The REST API serves the year as an integer.
    publicationYear: /^\d{4}$/.test(year) ? Number(year) : year,
    types: compact({ resourceTypeGeneral: attr(resourceType, 'resourceTypeGeneral') ?? '', resourceType: textOf(resourceType) }),
    subjects: list(root, 'subjects', 'subject', (el) =>
      textOf(el)
        ? compact({
            subject: textOf(el),
            subjectScheme: attr(el, 'subjectScheme'),
            schemeUri: attr(el, 'schemeURI'),
            valueUri: attr(el, 'valueURI'),
            classificationCode: attr(el, 'classificationCode'),
            lang: attr(el, 'lang'),
          })
        : undefined,
    ),
    contributors: list(root, 'contributors', 'contributor', (el) => ({ ...person(el, 'contributorName'), contributorType: attr(el, 'contributorType') ?? '' })),
    dates: list(root, 'dates', 'date', (el) =>
      compact({ date: textOf(el), dateType: attr(el, 'dateType') ?? '', dateInformation: attr(el, 'dateInformation') }),
    ),
    language: textOf(child(root, 'language')),
    alternateIdentifiers: list(root, 'alternateIdentifiers', 'alternateIdentifier', (el) => ({
      alternateIdentifier: textOf(el),
      alternateIdentifierType: attr(el, 'alternateIdentifierType') ?? '',
    })),
    relatedIdentifiers: list(root, 'relatedIdentifiers', 'relatedIdentifier', (el) =>
      compact({
        relatedIdentifier: textOf(el),
        relatedIdentifierType: attr(el, 'relatedIdentifierType') ?? '',
        relationType: attr(el, 'relationType') ?? '',
        relationTypeInformation: attr(el, 'relationTypeInformation'),
        resourceTypeGeneral: attr(el, 'resourceTypeGeneral'),
        relatedMetadataScheme: attr(el, 'relatedMetadataScheme'),
        schemeUri: attr(el, 'schemeURI'),
        schemeType: attr(el, 'schemeType'),
      }),
    ),
    sizes: texts(root, 'sizes', 'size'),
    formats: texts(root, 'formats', 'format'),
    version: textOf(child(root, 'version')),
    rightsList: list(root, 'rightsList', 'rights', (el) => {
      const r: Rights = compact({
        rights: textOf(el),
        rightsUri: attr(el, 'rightsURI'),
        rightsIdentifier: attr(el, 'rightsIdentifier'),
        rightsIdentifierScheme: attr(el, 'rightsIdentifierScheme'),
        schemeUri: attr(el, 'schemeURI'),
        lang: attr(el, 'lang'),
      });
      return Object.keys(r).length > 0 ? r : undefined;
    }),
    descriptions: list(root, 'descriptions', 'description', (el) =>
      blockTextOf(el) ? compact({ description: blockTextOf(el), descriptionType: attr(el, 'descriptionType') ?? '', lang: attr(el, 'lang') }) : undefined,
    ),
    geoLocations: list(root, 'geoLocations', 'geoLocation', geoLocation),
    fundingReferences: list(root, 'fundingReferences', 'fundingReference', funding),
    relatedItems: list(root, 'relatedItems', 'relatedItem', relatedItem),
    schemaVersion,
  } as unknown as DataCiteAttributes);
}

const KERNEL_NAMESPACE = /^http:\/\/datacite\.org\/schema\/kernel-[0-9.]+$/;

/**
 * Parses DataCite XML. XML that is not well-formed, whose root is not `<resource>`, or whose
 * root is in another namespace than a DataCite kernel's gives a `catalogue/malformed-xml`
 * diagnostic (with `line:column` when known) and undefined. A `<resource>` without any
 * namespace is read (some hand-written files omit it), with a warning.
 */
export function parseDataCiteXml(xml: string, sink: DiagnosticSink): DataCiteAttributes | undefined {
  const doc = parseXmlDocument(xml.replace(/^\uFEFF/, ''));
  if (!doc.ok) {
    sink.add({
      code: 'catalogue/malformed-xml',
      pointer: `${doc.line}:${doc.column}`,
      message: `XML is not well-formed at line ${doc.line}, column ${doc.column}: ${doc.message}`,
    });
    return undefined;
  }
  const root = doc.root;
  if (root.name !== 'resource') {
    sink.add({ code: 'catalogue/malformed-xml', pointer: '1:1', message: `The root element is <${root.name}>, not a DataCite <resource>` });
    return undefined;
  }
  if (root.uri !== '' && !KERNEL_NAMESPACE.test(root.uri)) {
    sink.add({
      code: 'catalogue/malformed-xml',
      pointer: '1:1',
      message: `The root <resource> is in the namespace ${JSON.stringify(root.uri.slice(0, 200))}, not a DataCite kernel namespace (http://datacite.org/schema/kernel-4)`,
    });
    return undefined;
  }
  return resourceToAttributes(root, root.uri || undefined);
}
