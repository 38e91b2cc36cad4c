/**
 * Markdown descriptions → sanitized HTML. rehype-sanitize runs last, so whatever the
 * catalogue says, the output holds no script, no event handler and no link other than
 * http, https or mailto. Raw HTML in Markdown is parsed (so it can be judged) and then
 * sanitized like everything else.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { rehypeDemoteHeadings } from './rehype-demote-headings.ts';
import { rehypeExternalLinks } from './rehype-external-links.ts';

const schema = {
  ...defaultSchema,
  // remark-rehype already prefixes footnote ids with `user-content-`; a second prefix
  // from sanitize would break footnote links (stack-notes.md §8).
  clobberPrefix: '',
  // Remote images would break the strict CSP (img-src 'self') and tell third parties who reads what.
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => tag !== 'img'),
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
  attributes: {
    ...defaultSchema.attributes,
    a: [...(defaultSchema.attributes?.a ?? []), 'rel'],
  },
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeDemoteHeadings, { offset: 2 })
  .use(rehypeExternalLinks)
  .use(rehypeSanitize, schema)
  .use(rehypeStringify);

/** Renders a record's Markdown description; headings start at h3 to sit under the page's h2. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}

/** Plain text of a Markdown document, for meta descriptions and search excerpts. */
export function markdownToText(markdown: string): string {
  return renderedText(renderMarkdown(markdown));
}

/** Plain text of what renderMarkdown returned (so a document rendered already is not rendered again). */
export function renderedText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
