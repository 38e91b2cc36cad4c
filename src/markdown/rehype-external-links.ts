/**
 * Links in descriptions point off-site: they must not pass the opener or our referrer trust.
 * A scheme-relative link (`//evil.example/x`, or `\\evil.example\x`, which browsers read the
 * same way) is off-site too, though it has no scheme for the sanitizer to check: it is written
 * out as the absolute https URL a browser would follow, so the page says where it leads.
 * A link with a user name or password (`https://doi.org@evil.example/`, a credential copied
 * from an internal page) loses its target, as the same URL in a metadata field is never
 * linked (classifyUrl): its text stays.
 */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';
import { classifyUrl } from '../record/identifiers.ts';

/** A base no link can name, so any link that resolves elsewhere leaves the site. */
const SITE = new URL('https://site.invalid/page/');

export function rehypeExternalLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const href = node.properties.href;
      if (/^https?:/i.test(href)) {
        if (classifyUrl(href) === 'unsafe') {
          delete node.properties.href;
          return;
        }
        node.properties.rel = ['nofollow', 'noopener', 'noreferrer'];
        return;
      }
      let target: URL;
      try {
        target = new URL(href, SITE);
      } catch {
        return;
      }
      if (target.protocol === 'https:' && target.host !== SITE.host) {
        if (target.username || target.password) {
          delete node.properties.href;
          return;
        }
        node.properties.href = target.href;
        node.properties.rel = ['nofollow', 'noopener', 'noreferrer'];
      }
    });
  };
}
