/** Sanitizes an HTML fragment made by a library (formatted citations) before it meets `set:html`. */
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';

const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeSanitize, {
    ...defaultSchema,
    clobberPrefix: '',
    tagNames: ['div', 'span', 'i', 'em', 'b', 'strong', 'sup', 'sub', 'a'],
    attributes: { a: ['href'], '*': [] },
    protocols: { href: ['http', 'https', 'mailto'] },
  })
  .use(rehypeStringify);

export function sanitizeHtml(html: string): string {
  return String(processor.processSync(html));
}
