/**
 * What a machine reads from a built landing page: `<link>` and `<meta>` elements, the
 * JSON-LD blocks and the visible title, parsed with rehype-parse (parse5, the HTML
 * standard's parsing algorithm) so the self-check sees the page as a harvester would.
 */
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import type { Element, Root, Text } from 'hast';

export interface PageHead {
  links: Array<{ rel: string; href: string; type: string | null; profile: string | null }>;
  meta: Array<{ name: string; content: string }>;
  /** Raw bodies of `<script type="application/ld+json">`. */
  jsonLd: string[];
  h1: string | null;
  canonical: string | null;
}

function attr(el: Element, name: string): string | null {
  const v = el.properties?.[name];
  if (Array.isArray(v)) return v.join(' ');
  return v === undefined || v === null ? null : String(v);
}

function textOf(el: Element): string {
  let out = '';
  visit(el, 'text', (t: Text) => {
    out += t.value;
  });
  return out.replace(/\s+/g, ' ').trim();
}

export function readPageHead(html: string): PageHead {
  const tree = unified().use(rehypeParse).parse(html) as Root;
  const head: PageHead = { links: [], meta: [], jsonLd: [], h1: null, canonical: null };
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'link') {
      const href = attr(el, 'href') ?? '';
      for (const rel of (attr(el, 'rel') ?? '').split(/\s+/).filter(Boolean)) {
        head.links.push({ rel, href, type: attr(el, 'type'), profile: attr(el, 'profile') });
        if (rel === 'canonical') head.canonical = href;
      }
    } else if (el.tagName === 'meta' && attr(el, 'name')) {
      head.meta.push({ name: attr(el, 'name')!, content: attr(el, 'content') ?? '' });
    } else if (el.tagName === 'script' && attr(el, 'type') === 'application/ld+json') {
      head.jsonLd.push(el.children.map((c) => (c.type === 'text' ? c.value : '')).join(''));
    } else if (el.tagName === 'h1' && head.h1 === null) {
      head.h1 = textOf(el);
    }
  });
  return head;
}
