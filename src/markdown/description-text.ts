/**
 * The record's description as one line of plain text, for what states it outside the page
 * body: the meta description, the JSON-LD `description`, feeds and DCAT. DataCite
 * descriptions are often registered as HTML (`<p>`, `<br>`, `&amp;`) or Markdown; the page
 * renders them (render-markdown.ts), and this reads the same rendering as text, so the head
 * says what the page shows: markup gone, entities decoded once, white space folded.
 */
import type { ExperimentRecord } from '../record/types.ts';
import { summarySourceOf } from '../record/descriptions.ts';
export { cutAtWord } from '../record/cut-text.ts';
import { MARKDOWN_MAX_CHARS, renderDescription, renderedText } from './render-markdown.ts';

type Described = Pick<ExperimentRecord, 'datacite' | 'descriptionMarkdown'>;

/** What is read of a description longer than the renderer takes: far more than any stated length needs. */
const READ_CHARS = MARKDOWN_MAX_CHARS;

/**
 * The text of rendered Markdown. Text the renderer refused (too long or too deep) is shown
 * escaped as written, so its tags are still there once decoded; they are dropped as text.
 */
export function plainText(markdown: string): string {
  const rendered = renderDescription(markdown);
  const text = renderedText(rendered.html);
  return rendered.plain ? text.replace(/<\/?[A-Za-z][^<>]*>/g, ' ').replace(/\s+/g, ' ').trim() : text;
}

const memo = new WeakMap<object, string>();

/** A description as the landing page rendered it (renderDescription of `markdown`). */
export interface RenderedBody {
  markdown: string;
  html: string;
  plain: unknown;
}

/**
 * The summary (the abstract, else the catalogue's description, see summarySourceOf) as plain
 * text; '' when the record has none. A long one is read up to a paragraph break or space
 * before READ_CHARS, so it is rendered, not shown as written. Memoised per record: the
 * landing page, the JSON-LD and its length check all ask; `rendered` (the page body, the
 * separate abstract) spares rendering the summary again when the page has (2–3 ms a record).
 */
export function descriptionTextOf(record: Described, rendered: ReadonlyArray<RenderedBody | null> = []): string {
  const known = memo.get(record);
  if (known !== undefined) return known;
  let source = summarySourceOf(record) ?? '';
  const body = rendered.find((r) => r && !r.plain && r.markdown === source);
  if (body) {
    // The page shows this text, rendered already: read that rendering.
    const text = renderedText(body.html);
    memo.set(record, text);
    return text;
  }
  if (source.length > READ_CHARS) {
    const head = source.slice(0, READ_CHARS);
    const paragraph = head.lastIndexOf('\n\n');
    source = head.slice(0, paragraph > READ_CHARS / 2 ? paragraph : Math.max(head.lastIndexOf(' '), 0) || READ_CHARS);
  }
  const text = source ? plainText(source) : '';
  memo.set(record, text);
  return text;
}
