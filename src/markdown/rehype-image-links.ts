/**
 * Images in descriptions become links to the image, with the alt text as the link's text.
 * The page does not show them (a remote image breaks the strict CSP, img-src 'self', and tells
 * a third party who reads the page), but what they say is the author's: dropping the element
 * would drop its alt text with it. Only an http(s) image becomes a link (a relative path names
 * nothing this site serves, other schemes are never linked); any other, and an image inside a
 * link (a link cannot hold a link), becomes its text alone.
 */
import type { Root, Element, ElementContent, Parents } from 'hast';
import { visit, SKIP } from 'unist-util-visit';
import { isHttpUrl } from '../record/identifiers.ts';

/** What an image says: its alt text, else its title, else where it is. */
function imageText(image: Element): string {
  for (const value of [image.properties.alt, image.properties.title, image.properties.src]) {
    const text = typeof value === 'string' ? value.trim() : '';
    if (text) return text;
  }
  return '';
}

function replaceImages(tree: Parents, replace: (image: Element) => ElementContent) {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'img' || !parent || index === undefined) return;
    parent.children.splice(index, 1, replace(node));
    return [SKIP, index + 1];
  });
}

export function rehypeImageLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a') return;
      replaceImages(node, (image) => ({ type: 'text', value: imageText(image) }));
      return SKIP;
    });
    replaceImages(tree, (image) => {
      const src = typeof image.properties.src === 'string' ? image.properties.src : '';
      const text: ElementContent = { type: 'text', value: imageText(image) };
      return isHttpUrl(src) ? { type: 'element', tagName: 'a', properties: { href: src }, children: [text] } : text;
    });
  };
}
