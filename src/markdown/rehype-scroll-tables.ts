/**
 * A table in a description scrolls sideways inside its own box, never the page: it is wrapped
 * in the `.table-scroll` region the site's data tables use. A scrolling box must be reachable
 * by keyboard and named (WCAG 2.1.1, 4.1.2), so the region gets tabindex=0 and a label: the
 * table's caption, else the heading above it, else "Table N". Runs after sanitizing, which
 * would drop the role and tabindex.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { visit } from 'unist-util-visit';

function textOf(node: RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** The nearest heading before `index` among the table's siblings. */
function headingBefore(siblings: Array<RootContent | ElementContent>, index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const node = siblings[i];
    if (node.type === 'element' && /^h[1-6]$/.test(node.tagName)) return textOf(node).trim();
    if (node.type === 'element' && node.tagName === 'table') return '';
  }
  return '';
}

export function rehypeScrollTables() {
  return (tree: Root) => {
    let n = 0;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return;
      n += 1;
      const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
      const label = (caption && textOf(caption).trim()) || headingBefore(parent.children, index) || `Table ${n}`;
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: label },
        children: [node],
      };
      parent.children[index] = wrapper;
      // The table is now inside the wrapper; do not visit it again as a new table.
      return 'skip';
    });
  };
}
