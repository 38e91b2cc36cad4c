/**
 * DataCite metadata bytes → REST `attributes` shape, the canonical model. JSON may be the
 * bare attributes object or the REST envelope `{"data":{"attributes":…}}` (what
 * api.datacite.org serves); XML (kernel 4.x) is converted by src/datacite/xml-read.ts.
 * Text is decoded and cleaned once here (./text-input.ts), so later stages see clean strings.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { parseDataCiteXml } from '../datacite/xml-read.ts';
import { parseJsonText } from './json-text.ts';
import { cleanValue, decodeText } from './text-input.ts';

/** Returns the attributes, or undefined after reporting why they could not be read. */
export function readDataCite(input: Uint8Array | string, format: 'json' | 'xml', sink: DiagnosticSink): unknown {
  const text = decodeText(input, format, sink, format === 'xml' ? 'DataCite XML' : 'DataCite JSON');
  if (text === undefined) return undefined;
  if (format === 'xml') {
    const attrs = parseDataCiteXml(text, sink);
    return attrs === undefined ? undefined : cleanValue(attrs, sink, IDENTITY, { metadata: true });
  }
  const parsed = parseJsonText(text, sink, 'DataCite JSON');
  if (!parsed.ok) return undefined;
  const attributes = unwrapRestEnvelope(parsed.value);
  const unknown = isObject(attributes) ? Object.keys(attributes).filter((k) => !METADATA_PROPERTIES.has(k) && !REGISTRY_PROPERTIES.has(k)) : [];
  if (unknown.length > 0) {
    sink.add({
      code: 'catalogue/unknown-property',
      pointer: '/' + unknown[0].replace(/~/g, '~0').replace(/\//g, '~1'),
      message: `${unknown.length === 1 ? 'The property' : `${unknown.length} properties, first`} ${JSON.stringify(unknown[0].slice(0, 80))} ${unknown.length === 1 ? 'is' : 'are'} not DataCite metadata and ${unknown.length === 1 ? 'is' : 'are'} left out (misspelt?).`,
    });
  }
  return cleanValue(dataCiteMetadata(attributes), sink, IDENTITY, { metadata: true });
}

/**
 * The DOI is an identity, not text: it is kept exactly as written, so that validation sees it
 * (NFC would turn a Kelvin sign U+212A into an ASCII K, a look-alike taking over another DOI).
 */
const IDENTITY: ReadonlySet<string> = new Set(['doi', 'prefix', 'suffix']);

/** What api.datacite.org adds to a DOI's attributes: dropped without a word. */
const REGISTRY_PROPERTIES: ReadonlySet<string> = new Set([
  'identifier', 'xml', 'state', 'reason', 'isActive', 'landingPage', 'viewCount', 'viewsOverTime', 'downloadCount',
  'downloadsOverTime', 'referenceCount', 'citationCount', 'citationsOverTime', 'partCount', 'partOfCount', 'versionCount',
  'versionOfCount', 'created', 'registered', 'published', 'updated', 'metadataVersion', 'source', 'contentUrl', 'event',
]);

/** `{"data":{"attributes":{…}}}` → `{…}`; anything else is returned as is for the validator to judge. */
export function unwrapRestEnvelope(value: unknown): unknown {
  if (isObject(value) && isObject(value.data) && isObject(value.data.attributes)) return value.data.attributes;
  return value;
}

/**
 * The properties of DataCite Metadata Schema 4.x in REST form. The REST API serves more
 * (`xml` — the whole record base64-encoded —, `state`, `viewCount`, `created`, `url`…):
 * registry bookkeeping, not metadata, so a record saved straight from the API publishes
 * only these. `url` is kept because it is the DOI's registered landing page.
 */
export const METADATA_PROPERTIES: ReadonlySet<string> = new Set([
  'doi', 'prefix', 'suffix', 'identifiers', 'alternateIdentifiers', 'creators', 'titles', 'publisher', 'container',
  'publicationYear', 'subjects', 'contributors', 'dates', 'language', 'types', 'relatedIdentifiers', 'relatedItems',
  'sizes', 'formats', 'version', 'rightsList', 'descriptions', 'geoLocations', 'fundingReferences', 'url', 'schemaVersion',
]);

/** Keeps only DataCite metadata properties of an attributes object; other values are returned as they are. */
export function dataCiteMetadata(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => METADATA_PROPERTIES.has(k)));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
