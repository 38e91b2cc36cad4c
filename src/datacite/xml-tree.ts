/**
 * A small, order-preserving element tree read with sax in strict, namespace-aware mode, so
 * the DataCite reader can walk children by local name and keep mixed content
 * (`<description>a<br/>b</description>`) in order. sax decodes character references
 * (`&#233;` → é) and refuses what is not well-formed XML 1.0 (unknown entities, bad
 * nesting, text outside the root); the checks sax leaves out are added here: a second
 * root element, an attribute given twice, nesting deeper than MAX_DEPTH, more than
 * MAX_ITEMS children. DTD entities are never expanded (no "billion laughs").
 */
import sax from 'sax';
import { MAX_DEPTH, MAX_ITEMS } from './limits.ts';

export interface XmlElement {
  /** Local name (`dc:creator` → `creator`). */
  name: string;
  /** Namespace URI of the element ('' when none). */
  uri: string;
  /** Attributes by local name (`xml:lang` → `lang`); namespace declarations left out. */
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export type XmlDocument = { ok: true; root: XmlElement } | { ok: false; line: number; column: number; message: string };

class XmlProblem extends Error {}

/** Parses a whole document; never throws. */
export function parseXmlDocument(xml: string): XmlDocument {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: string | null = null;
  const fail = (message: string): never => {
    failure = message;
    throw new XmlProblem(message);
  };
  // Text and CDATA sections that follow each other are one run of text (`The <![CDATA[art]]>`
  // is "The art"), kept as written and trimmed only when read (blockTextOf); a run of
  // whitespace alone between elements is indentation and left out.
  const text = (t: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children.length - 1;
    if (typeof parent.children[last] === 'string') parent.children[last] += t;
    else if (t.trim() !== '') parent.children.push(t);
  };
  parser.onerror = (error) => fail(error.message.split('\n')[0]);
  // sax keeps the last of two equal attributes; XML 1.0 (WFC: Unique Att Spec) forbids them.
  let seenAttributes = new Set<string>();
  parser.onopentagstart = () => {
    seenAttributes = new Set();
  };
  parser.onattribute = (a) => {
    if (seenAttributes.has(a.name)) fail(`the attribute "${a.name}" is given twice`);
    seenAttributes.add(a.name);
  };
  parser.onopentag = (tag) => {
    const node = tag as sax.QualifiedTag;
    if (stack.length === 0 && root !== null) fail(`a second root element <${node.name}> follows the first`);
    if (stack.length >= MAX_DEPTH) fail(`elements nest more than ${MAX_DEPTH} levels deep`);
    const attrs: Record<string, string> = {};
    for (const a of Object.values(node.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      if (Object.hasOwn(attrs, a.local)) fail(`the attribute "${a.local}" is given twice on <${node.name}>`);
      attrs[a.local] = a.value;
    }
    const element: XmlElement = { name: node.local, uri: node.uri, attrs, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.children.length >= MAX_ITEMS) fail(`<${parent.name}> has more than ${MAX_ITEMS} children`);
      parent.children.push(element);
    } else {
      root = element;
    }
    stack.push(element);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = text;
  parser.oncdata = text;
  try {
    // XML 1.0 §2.11: a parser reads CRLF and a lone CR as LF; sax leaves them as written.
    parser.write(xml.replace(/\r\n?/g, '\n')).close();
  } catch (error) {
    if (!(error instanceof XmlProblem) && failure === null) failure = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  if (failure !== null) return { ok: false, line: parser.line + 1, column: parser.column + 1, message: failure };
  if (root === null) return { ok: false, line: 1, column: 1, message: 'there is no root element' };
  return { ok: true, root };
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
  return el.children.map((c) => (typeof c === 'string' ? c.trim() : c.name === 'br' ? '\n' : blockTextOf(c))).join('').trim();
}

/** Single-line text content: whitespace runs (including wrapped lines) become one space, as the REST API does. */
export function textOf(el: XmlElement | undefined): string {
  return blockTextOf(el).replace(/\s+/g, ' ');
}
