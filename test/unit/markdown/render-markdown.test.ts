import { describe, expect, test } from 'vitest';
import { MARKDOWN_MAX_CHARS, nestingDepth, renderDescription, renderMarkdown, renderMoreDescriptions, markdownToText } from '../../../src/markdown/render-markdown.ts';
import { sanitizeHtml } from '../../../src/markdown/sanitize-html.ts';

describe('renderMarkdown(markdown)', () => {
  test('renders GFM: tables, lists, emphasis, autolinks', () => {
    const html = renderMarkdown('| a | b |\n| - | - |\n| 1 | 2 |\n\n- *x*\n- ~~y~~\n\nhttps://example.org');
    expect(html).toContain('<table>');
    expect(html).toContain('<em>x</em>');
    expect(html).toContain('<del>y</del>');
    expect(html).toContain('href="https://example.org"');
  });

  test('a table scrolls in its own focusable region, named by its caption, the heading above it or its number', () => {
    const region = (label: string) => `<div class="table-scroll" tabindex="0" role="region" aria-label="${label}"><table>`;
    expect(renderMarkdown('## Unit cells\n\n| a |\n| - |\n| 1 |')).toContain(region('Unit cells'));
    expect(renderMarkdown('<table><caption>Beam</caption><tr><td>1</td></tr></table>')).toContain(region('Beam'));
    const two = renderMarkdown('| a |\n| - |\n| 1 |\n\ntext\n\n| b |\n| - |\n| 2 |');
    expect(two).toContain(region('Table 1'));
    expect(two).toContain(region('Table 2'));
  });

  test("a description cannot change the page's Tab order or claim a keyboard shortcut", () => {
    expect(renderMarkdown('<p tabindex="1" accesskey="s">x</p>')).toBe('<p>x</p>');
  });

  test('demotes headings so a description never competes with the page title', () => {
    expect(renderMarkdown('# Sample\n\n## Method')).toMatch(/<h3>Sample<\/h3>\s*<h4>Method<\/h4>/);
  });

  test('removes scripts, event handlers, iframes and remote images', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src="https://t.example/x.png" onerror="alert(1)">\n\n<iframe src="https://e.org"></iframe>\n\n![x](https://t.example/y.png)');
    expect(html).not.toMatch(/<script|onerror|<iframe|<img/i);
  });

  test('a style sheet goes with its text; a style attribute goes (the strict CSP refuses inline styles)', () => {
    const html = renderMarkdown('Before\n\n<style>body { display: none }</style>\n\n<p style="color: red">After</p>');
    expect(html).not.toMatch(/display|style|color/);
    expect(html).toContain('<p>After</p>');
  });

  test('keeps http, https and mailto links and drops javascript: and data: targets', () => {
    const html = renderMarkdown('[a](https://a.org) [b](mailto:x@y.org) [c](javascript:alert(1)) [d](data:text/html,hi) <a href="JaVaScRiPt:alert(1)">e</a>');
    expect(html).toContain('href="https://a.org"');
    expect(html).toContain('href="mailto:x@y.org"');
    expect(html).not.toMatch(/javascript:|data:/i);
  });

  test('footnote links point at their targets (single user-content- prefix)', () => {
    const html = renderMarkdown('Text[^1]\n\n[^1]: note');
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
  });

  test('scheme-relative links are off-site links: written out absolute, with rel=nofollow', () => {
    const html = renderMarkdown('[a](//evil.example/a) <a href="\\\\evil.example\\b">b</a> <a href="/\\evil.example/c">c</a> [d](#top) [e](/doi/10.5072/x/)');
    expect(html).toContain('<a href="https://evil.example/a" rel="nofollow noopener noreferrer">a</a>');
    expect(html).toContain('<a href="https://evil.example/b" rel="nofollow noopener noreferrer">b</a>');
    expect(html).toContain('<a href="https://evil.example/c" rel="nofollow noopener noreferrer">c</a>');
    expect(html).toContain('<a href="#top">d</a>');
    expect(html).toContain('<a href="/doi/10.5072/x/">e</a>');
  });

  test('a link with a user name or password keeps its text but not its target, as in metadata', () => {
    const html = renderMarkdown('<a href="https://u:p@evil.example/a">a</a> [b](https://doi.org@evil.example/b) [c](//u@evil.example/c) [d](https://ok.example/d)');
    expect(html).toContain('<a>a</a> <a>b</a> <a>c</a>');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('<a href="https://ok.example/d" rel="nofollow noopener noreferrer">d</a>');
  });

  test('an image is not shown but its alt text is kept: a link to an http(s) image, text otherwise', () => {
    const html = renderMarkdown('![Crystal photo](https://t.example/x.png) <img src="javascript:alert(1)" alt="script image"> ![](images/local.png) [![Badge](https://t.example/b.svg)](https://ok.example/)');
    expect(html).toBe('<p><a href="https://t.example/x.png" rel="nofollow noopener noreferrer">Crystal photo</a> script image images/local.png <a href="https://ok.example/" rel="nofollow noopener noreferrer">Badge</a></p>');
  });

  test('ids and names a description gives are prefixed, so they cannot take over the page\'s own ids; its own anchors follow', () => {
    const html = renderMarkdown('<div id="main" name="main">x</div> <h2 id="datasets-heading">h</h2> <a href="#main">up</a> <a href="#cite-heading">cite</a>');
    expect(html).toContain('<div id="user-content-main" name="user-content-main">x</div> <h4 id="user-content-datasets-heading">h</h4> <a href="#user-content-main">up</a> <a href="#cite-heading">cite</a>');
  });

  test('each further description of a page has ids of its own: two footnotes [^1] stay two notes', () => {
    const body = renderDescription('Body[^1]\n\n[^1]: body note').html;
    const [methods, other] = renderMoreDescriptions(['Methods[^1]\n\n[^1]: methods note', '<a id="x" href="#x">x</a>'], 0).map((r) => r.html);
    expect(body).toContain('<li id="user-content-fn-1">');
    expect(methods).toContain('<a href="#user-content-2-fn-1" id="user-content-2-fnref-1"');
    expect(methods).toContain('<li id="user-content-2-fn-1">');
    expect(other).toContain('<a id="user-content-3-x" href="#user-content-3-x">x</a>');
  });

  test('the footnote label id is prefixed with the footnote ids, and the references follow it', () => {
    const html = renderMarkdown('Text[^1]\n\n[^1]: note');
    expect(html).toContain('aria-describedby="user-content-footnote-label"');
    expect(html).toContain('<h4 id="user-content-footnote-label">');
  });

  test('external links get rel=noopener noreferrer nofollow', () => {
    expect(renderMarkdown('[a](https://a.org)')).toContain('rel="nofollow noopener noreferrer"');
  });
});

describe('renderDescription(markdown): text Markdown cannot render safely is shown as written', () => {
  test('an ordinary description is Markdown', () => {
    expect(renderDescription('## Sample\n\n**Tetragonal** <em>form</em>.\n\n______\n')).toEqual({ html: '<h4>Sample</h4>\n<p><strong>Tetragonal</strong> <em>form</em>.</p>\n<hr>', plain: null });
    expect(renderDescription(`${'>'.repeat(99)} still a quote`).plain).toBeNull();
  });

  test.each([
    ['10,000 nested quotes', `${'>'.repeat(10_000)} deepest words`],
    ['nested list items', Array.from({ length: 120 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n') + ' deepest words'],
    ['3,000 open HTML elements', `${'<span>'.repeat(3_000)}deepest words`],
    ['a run of emphasis delimiters', `${'*'.repeat(5_000)}deepest words${'*'.repeat(5_000)}`],
  ])('%s: too deep, shown as escaped paragraphs', (_, markdown) => {
    const { html, plain } = renderDescription(markdown);
    expect(plain).toBe('too-deep');
    expect(html).toMatch(/^<p>/);
    expect(html).toContain('deepest words');
    expect(html).not.toMatch(/<(?!\/?p>)/);
  });

  test('text longer than Markdown is rendered for is shown as written, paragraph by paragraph', () => {
    const long = `First <b>paragraph</b> ${'a]'.repeat(MARKDOWN_MAX_CHARS / 2)}\n\nLast words.`;
    expect(renderDescription(long).plain).toBe('too-long');
    expect(renderDescription(long).html).toMatch(/^<p>First &lt;b&gt;paragraph&lt;\/b&gt; a\]a\].*<\/p>\n<p>Last words\.<\/p>$/s);
  });

  test('the depth estimate: indentation counts only under a list marker or quote, unclosed <p> and <br> nest nothing', () => {
    expect(nestingDepth(`${' '.repeat(300)}code line`)).toBe(0);
    expect(nestingDepth('<p>a'.repeat(500) + '<br>'.repeat(500))).toBe(0);
    expect(nestingDepth('- a\n  - b\n    - c')).toBe(3);
    expect(nestingDepth('> > - quoted item')).toBe(3);
  });
});

describe('markdownToText(markdown)', () => {
  test('gives plain text with entities decoded and whitespace folded', () => {
    expect(markdownToText('# A & B\n\n*c*   <d>')).toBe('A & B c');
  });
});

describe('sanitizeHtml(html)', () => {
  test('keeps the inline formatting citation styles use and nothing dangerous', () => {
    const html = sanitizeHtml('<div class="csl-entry">Doe, J. <i>Title</i>. <a href="https://doi.org/10.1/x">x</a><script>x</script><span onclick="x">y</span></div>');
    expect(html).toContain('<i>Title</i>');
    expect(html).toContain('href="https://doi.org/10.1/x"');
    expect(html).not.toMatch(/<script|onclick/);
  });
});
