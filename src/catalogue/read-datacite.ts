/**
 * DataCite metadata text → REST `attributes` shape, the canonical model. JSON may be the
 * bare attributes object or the REST envelope `{"data":{"attributes":…}}` (what
 * api.datacite.org serves); XML (kernel 4.x) is converted by src/datacite/xml-read.ts.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { parseDataCiteXml } from '../datacite/xml-read.ts';
import { parseJsonText } from './json-text.ts';

/** Returns the attributes, or undefined after reporting why they could not be read. */
export function readDataCite(text: string, format: 'json' | 'xml', sink: DiagnosticSink): unknown {
  if (format === 'xml') return parseDataCiteXml(text, sink) ?? undefined;
  const parsed = parseJsonText(text, sink, 'DataCite JSON');
  return parsed.ok ? unwrapRestEnvelope(parsed.value) : undefined;
}

/** `{"data":{"attributes":{…}}}` → `{…}`; anything else is returned as is for the validator to judge. */
export function unwrapRestEnvelope(value: unknown): unknown {
  if (isObject(value) && isObject(value.data) && isObject(value.data.attributes)) return value.data.attributes;
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
