/**
 * DataCite metadata in the REST API `attributes` shape (camelCase plurals), the one
 * canonical metadata model inside Aperture. DataCite XML is converted to this on load
 * and back on export. Field names follow https://api.datacite.org and kernel 4.7.
 */

export interface NameIdentifier {
  nameIdentifier: string;
  nameIdentifierScheme?: string;
  schemeUri?: string;
}

export interface Affiliation {
  /** Required by the schema, yet an affiliation registered only by its identifier is kept (record/agents.ts). */
  name?: string;
  affiliationIdentifier?: string;
  affiliationIdentifierScheme?: string;
  schemeUri?: string;
}

export interface Creator {
  name: string;
  nameType?: 'Personal' | 'Organizational';
  givenName?: string;
  familyName?: string;
  nameIdentifiers?: NameIdentifier[];
  /** The REST API returns strings unless asked for objects; both are accepted on load. */
  affiliation?: Array<Affiliation | string>;
  lang?: string;
}

export interface Contributor extends Creator {
  /** Required by the schema, yet a contributor registered without one is kept (validate/datacite-schema.ts). */
  contributorType?: string;
}

export interface Title {
  title: string;
  titleType?: 'AlternativeTitle' | 'Subtitle' | 'TranslatedTitle' | 'Other';
  lang?: string;
}

export interface Publisher {
  name: string;
  publisherIdentifier?: string;
  publisherIdentifierScheme?: string;
  schemeUri?: string;
  lang?: string;
}

export interface Subject {
  subject: string;
  subjectScheme?: string;
  schemeUri?: string;
  valueUri?: string;
  classificationCode?: string;
  lang?: string;
}

export interface DateEntry {
  date: string;
  dateType: string;
  dateInformation?: string;
}

export interface Types {
  resourceTypeGeneral: string;
  resourceType?: string;
  schemaOrg?: string;
  citeproc?: string;
  bibtex?: string;
  ris?: string;
}

export interface AlternateIdentifier {
  alternateIdentifier: string;
  /** Required by the schema, yet an identifier registered without one is kept. */
  alternateIdentifierType?: string;
}

export interface RelatedIdentifier {
  relatedIdentifier: string;
  relatedIdentifierType: string;
  relationType: string;
  relationTypeInformation?: string;
  resourceTypeGeneral?: string;
  relatedMetadataScheme?: string;
  schemeUri?: string;
  schemeType?: string;
}

export interface Rights {
  rights?: string;
  rightsUri?: string;
  rightsIdentifier?: string;
  rightsIdentifierScheme?: string;
  schemeUri?: string;
  lang?: string;
}

export interface Description {
  description: string;
  descriptionType: string;
  lang?: string;
}

export interface GeoLocation {
  geoLocationPlace?: string;
  geoLocationPoint?: { pointLongitude: number | string; pointLatitude: number | string };
  geoLocationBox?: Record<string, number | string>;
  geoLocationPolygon?: unknown;
}

export interface FundingReference {
  /** Required by the schema, yet a funder registered only by its identifier is kept (record/funding.ts). */
  funderName?: string;
  funderIdentifier?: string;
  funderIdentifierType?: string;
  schemeUri?: string;
  awardNumber?: string;
  awardUri?: string;
  awardTitle?: string;
}

export interface RelatedItem {
  relationType: string;
  relatedItemType: string;
  relatedItemIdentifier?: { relatedItemIdentifier: string; relatedItemIdentifierType: string };
  titles?: Title[];
  creators?: Creator[];
  publicationYear?: string | number;
  volume?: string;
  issue?: string;
  number?: string;
  firstPage?: string;
  lastPage?: string;
  publisher?: string;
  edition?: string;
  [key: string]: unknown;
}

/** DataCite REST `attributes`, as accepted in the catalogue and emitted by `convert --to datacite-json`. */
export interface DataCiteAttributes {
  doi: string;
  prefix?: string;
  suffix?: string;
  identifiers?: Array<{ identifier: string; identifierType: string }>;
  alternateIdentifiers?: AlternateIdentifier[];
  creators: Creator[];
  titles: Title[];
  /** String in the REST API by default; object form from kernel 4.5 on. */
  publisher: string | Publisher;
  container?: Record<string, unknown>;
  publicationYear: number | string;
  subjects?: Subject[];
  contributors?: Contributor[];
  dates?: DateEntry[];
  language?: string | null;
  types: Types;
  relatedIdentifiers?: RelatedIdentifier[];
  relatedItems?: RelatedItem[];
  sizes?: string[];
  formats?: string[];
  version?: string | null;
  rightsList?: Rights[];
  descriptions?: Description[];
  geoLocations?: GeoLocation[];
  fundingReferences?: FundingReference[];
  url?: string;
  schemaVersion?: string;
  [key: string]: unknown;
}
