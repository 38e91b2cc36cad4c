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
import { rehypeImageLinks } from './rehype-image-links.ts';
import { rehypeUserIds, USER_ID_PREFIX } from './rehype-user-ids.ts';
import { rehypeScrollTables } from './rehype-scroll-tables.ts';
import { escapeHtml } from './escape-html.ts';
import { paragraphs } from '../record/text.ts';

const schema = {
  ...defaultSchema,
  // rehype-user-ids.ts has prefixed every id and the links to them; a second prefix from
  // sanitize would break those links (stack-notes.md §8).
  clobberPrefix: '',
  // Style sheets are dropped with their text: CSS shown as prose is noise, not content.
  strip: [...(defaultSchema.strip ?? []), 'style'],
  // Remote images would break the strict CSP (img-src 'self') and tell third parties who reads
  // what; rehype-image-links.ts has made them links already, this is the backstop.
  // A table's caption stays one (its text loose in the table was invalid markup); it also names the table's scroll region.
  tagNames: [...(defaultSchema.tagNames ?? []).filter((tag) => tag !== 'img'), 'caption'],
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
  attributes: {
    ...defaultSchema.attributes,
    // A description may not reorder the page's Tab sequence (tabindex="1" jumps ahead of the
    // page's own controls, WCAG 2.4.3) nor claim a keyboard shortcut (accesskey).
    '*': (defaultSchema.attributes?.['*'] ?? []).filter((name) => name !== 'tabIndex' && name !== 'accessKey'),
    a: [...(defaultSchema.attributes?.a ?? []), 'rel'],
  },
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  // Footnote ids are prefixed with the rest (rehype-user-ids.ts), once.
  .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
  .use(rehypeRaw)
  .use(rehypeDemoteHeadings, { offset: 2 })
  .use(rehypeImageLinks)
  .use(rehypeExternalLinks)
  .use(rehypeUserIds)
  .use(rehypeSanitize, schema)
  .use(rehypeScrollTables)
  .use(rehypeStringify);

/**
 * Markdown longer than this is shown as plain text. Rendering is quadratic in some inputs a
 * hostile record can hold (unmatched `]` or `*` repeated: 80,000 characters took 17 s, and a
 * 10 MB metadata file would take hours); at this length the worst of them took 1.5 s (4 s
 * in a staging worker). The longest description among 107 real DataCite records from other
 * repositories has 3,486.
 */
export const MARKDOWN_MAX_CHARS = 20_000;

/**
 * Markdown nested deeper than this (quotes, list items, emphasis, HTML elements) is shown
 * as plain text. The parser and its tree walkers recurse once per level: 20,000 nested `>`
 * overflowed the stack after 35 s of garbage collection over the deep stack in a staging
 * worker, and 20,000 `*` around a word took 9 s. No description nests a hundred levels.
 */
export const MARKDOWN_MAX_DEPTH = 100;

/**
 * HTML elements that do not deepen the parsed tree however many are left open: void ones, and
 * those whose end tag may be left out (the parser closes an open `<p>` or `<li>` at the next).
 */
const FLAT_ELEMENTS = new Set(
  ['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']
    .concat(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rt', 'rp', 'colgroup', 'caption']),
);

/** Block containers opened on one line: `>` quotes and list markers, and two columns of indentation per level under a marker (indented code alone nests nothing). */
function lineDepth(line: string): number {
  let depth = 0;
  let column = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    // Indentation before the first marker: where a nested list item starts.
    if (c === ' ') column += depth === 0 ? 1 : 0;
    else if (c === '\t') column += depth === 0 ? 4 : 0;
    else if (c === '>') depth += 1;
    else {
      const marker = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(i, i + 11));
      if (!marker) break;
      depth += 1;
      i += marker[0].length;
      continue;
    }
    i += 1;
  }
  return depth === 0 ? 0 : depth + Math.floor(column / 2);
}

/**
 * How deep the Markdown would nest, over-estimated in one linear pass: block containers per
 * line, runs of emphasis delimiters, and HTML elements left open. Enough to keep text that
 * would recurse past the stack away from the parser. (Nested brackets do not recurse: they
 * cost time, which the length limit bounds.)
 */
export function nestingDepth(markdown: string): number {
  let deepest = 0;
  for (const line of markdown.split('\n')) {
    deepest = Math.max(deepest, lineDepth(line));
    // A run of emphasis delimiters opens as many emphases inside one another ("***…a…***");
    // a line of them alone is a rule ("______"), which nests nothing.
    if (/^[\s*_~-]*$/.test(line)) continue;
    for (const run of line.matchAll(/[*_~]{2,}/g)) deepest = Math.max(deepest, run[0].length);
  }
  let open = 0;
  for (const tag of markdown.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(\/?)>/g)) {
    if (tag[1]) open = Math.max(0, open - 1);
    else if (!tag[3] && !FLAT_ELEMENTS.has(tag[2].toLowerCase())) deepest = Math.max(deepest, ++open);
  }
  return deepest;
}

/** Why a description is shown as plain text rather than rendered Markdown. */
export type PlainText = 'too-long' | 'too-deep';

/** The text as written, escaped, one paragraph per blank-line-separated block (as the abstract's paragraphs are shown). */
function plainParagraphs(text: string): string {
  return paragraphs(text)
    .map((block) => `<p>${escapeHtml(block)}</p>`)
    .join('\n');
}

/**
 * Renders a record's Markdown description; headings start at h3 to sit under the page's h2.
 * Text that cannot be rendered safely is shown as written, in escaped paragraphs, and
 * `plain` says why: longer than MARKDOWN_MAX_CHARS, or nested deeper than
 * MARKDOWN_MAX_DEPTH (or than the parser's recursion followed). The record is never lost over it.
 */
export function renderDescription(markdown: string, idPrefix = USER_ID_PREFIX): { html: string; plain: PlainText | null } {
  if (markdown.length > MARKDOWN_MAX_CHARS) return { html: plainParagraphs(markdown), plain: 'too-long' };
  if (nestingDepth(markdown) > MARKDOWN_MAX_DEPTH) return { html: plainParagraphs(markdown), plain: 'too-deep' };
  try {
    return { html: String(processor.processSync({ value: markdown, data: { idPrefix } })), plain: null };
  } catch (error) {
    // V8's "Maximum call stack size exceeded", should nesting the estimate missed still reach it.
    if (error instanceof RangeError) return { html: plainParagraphs(markdown), plain: 'too-deep' };
    throw error;
  }
}

/**
 * Renders a record's other descriptions after its page body, the Markdown limit shared: they
 * render while the characters rendered so far (`spent`, the body's) and theirs stay within
 * MARKDOWN_MAX_CHARS, so a record of many long descriptions costs no more than one at the
 * limit (rendering is quadratic in the worst case). The rest are shown as written.
 */
export function renderMoreDescriptions(texts: readonly string[], spent: number): Array<{ html: string; plain: PlainText | null }> {
  let left = MARKDOWN_MAX_CHARS - spent;
  return texts.map((text, i) => {
    if (text.length > left) return { html: plainParagraphs(text), plain: 'too-long' };
    // Ids of its own, apart from the body's and each other's (rehype-user-ids.ts).
    const rendered = renderDescription(text, `${USER_ID_PREFIX}${i + 2}-`);
    // Text refused for its depth cost nothing to render.
    if (!rendered.plain) left -= text.length;
    return rendered;
  });
}

/** The HTML of renderDescription. */
export function renderMarkdown(markdown: string): string {
  return renderDescription(markdown).html;
}

/** Plain text of a Markdown document, for meta descriptions and search excerpts. */
export function markdownToText(markdown: string): string {
  return renderedText(renderMarkdown(markdown));
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** A numeric reference's character; one outside Unicode stays as written. */
function codePoint(n: number, entity: string): string {
  return n <= 0x10ffff ? String.fromCodePoint(n) : entity;
}

/** Elements that end a run of text: their tags become a space, so paragraphs and list items do not run together. */
const BLOCK_TAGS = /<\/?(?:address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>/gi;

/**
 * Plain text of what renderMarkdown returned (so a document rendered already is not rendered
 * again). Inline tags go without a trace ("<em>database</em>." is "database.", not
 * "database ."); block tags leave a space. Entities are decoded once, `&amp;` last.
 */
export function renderedText(html: string): string {
  return html
    .replace(BLOCK_TAGS, ' ')
    .replace(/<[^>]*>/g, '')
    // One pass: "&#x26;amp;" (a registered "&amp;amp;") is "&amp;", not "&".
    .replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|quot|apos|amp));/gi, (entity, hex?: string, dec?: string, name?: string) =>
      hex ? codePoint(parseInt(hex, 16), entity) : dec ? codePoint(Number(dec), entity) : NAMED[name!.toLowerCase()]!)
    .replace(/\s+/g, ' ')
    .trim();
}
