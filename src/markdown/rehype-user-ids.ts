/**
 * Every id and name a description gives (raw HTML `<div id="main">`, the footnote ids
 * remark-rehype makes) gets one prefix, `user-content-` as on GitHub. Unprefixed, the
 * description's `id="main"` or `id="datasets-heading"` comes before the page's own element of
 * that id, so the skip link would jump into the description and a section's aria-labelledby
 * would read out the description's text as that section's name. A page shows several
 * descriptions (description.md, the abstract, Methods…): each after the first is given its
 * own prefix (`idPrefix` in the file's data), so two footnote `[^1]` stay two notes.
 * References within the description (`href="#x"`, aria-describedby, aria-labelledby) follow
 * the ids they name, so its own anchors keep working; others are left as written.
 */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

export const USER_ID_PREFIX = 'user-content-';

/** Attributes that refer to ids (hast property names). */
const ID_LISTS = ['ariaDescribedBy', 'ariaLabelledBy'] as const;

export function rehypeUserIds() {
  return (tree: Root, file: { data: Record<string, unknown> }) => {
    const prefix = typeof file.data.idPrefix === 'string' ? file.data.idPrefix : USER_ID_PREFIX;
    const ids = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      for (const key of ['id', 'name'] as const) {
        const value = node.properties[key];
        if (typeof value === 'string' && value !== '') {
          ids.add(value);
          node.properties[key] = prefix + value;
        }
      }
    });
    visit(tree, 'element', (node: Element) => {
      const href = node.properties.href;
      if (typeof href === 'string' && href.startsWith('#') && ids.has(decodeFragment(href.slice(1)))) {
        node.properties.href = `#${prefix}${decodeFragment(href.slice(1))}`;
      }
      for (const key of ID_LISTS) {
        const refs = node.properties[key];
        if (Array.isArray(refs)) node.properties[key] = refs.map((ref) => (ids.has(String(ref)) ? prefix + String(ref) : ref));
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
