/**
 * Every id and name a description gives (raw HTML `<div id="main">`, remark-rehype's
 * `footnote-label`) is prefixed with `user-content-`, as GitHub does, unless it has the prefix
 * already (footnote ids, which remark-rehype prefixes itself). Unprefixed, the description's
 * `id="main"` or `id="datasets-heading"` comes before the page's own element of that id, so
 * the skip link and the table of contents would jump into the description, and a section's
 * aria-labelledby would read out the description's text as that section's name.
 * References within the description (`href="#x"`, aria-describedby, aria-labelledby) follow
 * the ids they name, so its own anchors keep working; others are left as written.
 */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

const PREFIX = 'user-content-';
const prefixed = (id: string) => (id.startsWith(PREFIX) ? id : PREFIX + id);

/** Attributes that refer to ids (hast property names). */
const ID_LISTS = ['ariaDescribedBy', 'ariaLabelledBy'] as const;

export function rehypeUserIds() {
  return (tree: Root) => {
    const ids = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      for (const key of ['id', 'name'] as const) {
        const value = node.properties[key];
        if (typeof value === 'string' && value !== '') {
          ids.add(value);
          node.properties[key] = prefixed(value);
        }
      }
    });
    visit(tree, 'element', (node: Element) => {
      const href = node.properties.href;
      if (typeof href === 'string' && href.startsWith('#') && ids.has(decodeFragment(href.slice(1)))) {
        node.properties.href = `#${prefixed(decodeFragment(href.slice(1)))}`;
      }
      for (const key of ID_LISTS) {
        const refs = node.properties[key];
        if (Array.isArray(refs)) node.properties[key] = refs.map((ref) => (ids.has(String(ref)) ? prefixed(String(ref)) : ref));
      }
    });
  };
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
