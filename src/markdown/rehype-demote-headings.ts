/** Shifts heading levels so a description's `#` does not compete with the page title. */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeDemoteHeadings(options: { offset: number }) {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const match = /^h([1-6])$/.exec(node.tagName);
      if (match) node.tagName = `h${Math.min(6, Number(match[1]) + options.offset)}`;
    });
  };
}
