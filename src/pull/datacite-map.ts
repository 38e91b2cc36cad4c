/**
 * DataCite REST attributes → the mirror's datacite.json and experiment.json. Shared by the
 * REST and OAI-PMH sources (OAI's kernel XML is converted to the same attributes first) and
 * by PaNOSC when a document has a DOI.
 */
import type { MappedRecord, Origin, RemoteDataset, RemoteItem } from './types.ts';
import { dataciteRelease, releaseJson } from './release.ts';
import { isObject, isoDay, str } from './text.ts';
import { parseDataCiteXml } from '../datacite/xml-read.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';

const isEmpty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

/**
 * REST attributes whose JSON properties are missing but which carry the registered XML
 * (`xml`, base64; `detail=true` lists and single GETs): the properties the JSON lacks are
 * read from that XML, by the same reader as XML in content/. Properties the JSON has win:
 * it is DataCite's own normalised reading of the same record.
 */
export function withXmlMetadata(attrs: Record<string, unknown>): Record<string, unknown> {
  if (typeof attrs.xml !== 'string' || !['titles', 'creators', 'publisher', 'publicationYear', 'types'].some((k) => isEmpty(attrs[k]))) return attrs;
  let text: string;
  try {
    text = Buffer.from(attrs.xml, 'base64').toString('utf8');
  } catch {
    return attrs;
  }
  const fromXml = parseDataCiteXml(text, new DiagnosticSink()) as unknown as Record<string, unknown> | undefined;
  if (!fromXml) return attrs;
  const merged = { ...attrs };
  for (const [key, value] of Object.entries(fromXml)) if (isEmpty(merged[key]) && !isEmpty(value)) merged[key] = value;
  return merged;
}

/** REST bookkeeping that is not metadata: counts, timestamps, the base64 XML copy, registry state. */
const NOT_METADATA = new Set([
  'xml', 'identifiers', 'contentUrl', 'metadataVersion', 'source', 'isActive', 'state', 'reason', 'created', 'registered',
  'published', 'updated', 'landingPage', 'viewsOverTime', 'downloadsOverTime', 'citationsOverTime',
]);

export function metadataOnly(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !NOT_METADATA.has(k) && !k.endsWith('Count')));
}

/** The facility a DataCite record names: its publisher. */
export function publisherName(attrs: Record<string, unknown>): string | null {
  return typeof attrs.publisher === 'string' ? str(attrs.publisher) : isObject(attrs.publisher) ? str(attrs.publisher.name) : null;
}

function collected(attrs: Record<string, unknown>): { start: string | null; end: string | null } {
  for (const d of Array.isArray(attrs.dates) ? attrs.dates : []) {
    if (!isObject(d) || d.dateType !== 'Collected' || typeof d.date !== 'string') continue;
    const [start, end] = d.date.split('/');
    return { start: isoDay(start), end: isoDay(end ?? start) };
  }
  return { start: null, end: null };
}

/**
 * One DataCite record → a RemoteItem: a mapped record when it is public (released or
 * metadata-only), `withdrawn` when its state is `registered` (hidden by its owner), and
 * `not-public` otherwise. `stateKnown` is false for OAI-PMH, which serves findable DOIs only.
 */
export function dataciteItem(
  attrs: Record<string, unknown>,
  origin: Origin,
  now: Date,
  options: { stateKnown?: boolean; datasets?: (doi: string) => RemoteDataset[]; updated?: string | null } = {},
): RemoteItem {
  attrs = withXmlMetadata(attrs);
  const doi = str(attrs.doi);
  const decision = dataciteRelease(attrs, now, options.stateKnown ?? true);
  if (!decision.public) {
    if (attrs.state === 'registered' || attrs.state === 'flagged') return { kind: 'withdrawn', origin, doi, reason: `the DOI was made ${String(attrs.state)} (no longer findable) in DataCite` };
    return { kind: 'not-public', origin, reason: decision.reason, ambiguous: decision.ambiguous };
  }
  const record: MappedRecord = {
    origin,
    doi,
    datacite: metadataOnly(attrs),
    experiment: {
      release: releaseJson(decision),
      facility: publisherName(attrs),
      instrument: null,
      technique: null,
      proposal: null,
      collected: collected(attrs),
    },
    descriptionMarkdown: null,
    datasets: doi && options.datasets ? options.datasets(doi) : [],
    updated: options.updated ?? str(attrs.updated),
  };
  return { kind: 'record', record };
}
