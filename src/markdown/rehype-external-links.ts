/** Links in descriptions point off-site: they must not pass the opener or our referrer trust. */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeExternalLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a' && typeof node.properties.href === 'string' && /^https?:/i.test(node.properties.href)) {
        node.properties.rel = ['nofollow', 'noopener', 'noreferrer'];
      }
    });
  };
}
