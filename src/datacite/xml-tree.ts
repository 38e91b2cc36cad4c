/**
 * A small, order-preserving element tree over fast-xml-parser's `preserveOrder` output,
 * so the DataCite reader can walk children by local name and keep mixed content
 * (`<description>a<br/>b</description>`) in order.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // `xml:lang` becomes `lang`, `dc:creator` becomes `creator`: DataCite has one namespace.
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

type Ordered = Array<Record<string, unknown>>;

function convert(items: Ordered): XmlNode[] {
  const out: XmlNode[] = [];
  for (const item of items) {
    for (const [key, value] of Object.entries(item)) {
      if (key === ':@') continue;
      if (key === '#text') out.push(String(value));
      else if (!key.startsWith('?') && !key.startsWith('!')) {
        const attrs = (item[':@'] ?? {}) as Record<string, unknown>;
        out.push({
          name: key,
          attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])),
          children: Array.isArray(value) ? convert(value as Ordered) : [],
        });
      }
    }
  }
  return out;
}

/** Top-level elements of a well-formed document (call XMLValidator first). */
export function parseXmlElements(xml: string): XmlElement[] {
  return convert(parser.parse(xml) as Ordered).filter((n): n is XmlElement => typeof n !== 'string');
}

export function childElements(el: XmlElement | undefined, name?: string): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return childElements(el, name)[0];
}

/** Text content with line breaks kept; `<br/>` becomes a line break (DataCite descriptions allow it). */
export function blockTextOf(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (typeof c === 'string' ? c : c.name === 'br' ? '\n' : blockTextOf(c))).join('').trim();
}

/** Single-line text content: whitespace runs (including wrapped lines) become one space, as the REST API does. */
export function textOf(el: XmlElement | undefined): string {
  return blockTextOf(el).replace(/\s+/g, ' ');
}
