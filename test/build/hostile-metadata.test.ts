import { describe, expect, test, beforeAll } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import { buildFixtureSite, filesContaining, type FixtureSite } from '../helpers/build-fixture.ts';
import { fakeSha256, fixtureDataCite, hostileSpec, hostileLinksSpec, releasedMxSpec, UNSAFE_LINKS } from '../helpers/catalogue-fixtures.ts';

interface Element {
  tagName: string;
  properties: Record<string, unknown>;
}

/** Every element of a page as a browser would parse it (so markup inside attribute values is text, as it is for browsers). */
function elements(html: string): Element[] {
  const out: Element[] = [];
  visit(unified().use(rehypeParse).parse(html), 'element', (node: Element) => {
    out.push(node);
  });
  return out;
}

/** Script elements other than the site's own: external /_astro/ modules and JSON-LD data blocks. */
function unexpectedScripts(html: string): string[] {
  return elements(html)
    .filter((e) => e.tagName === 'script')
    .filter((e) => !(e.properties.type === 'module' && String(e.properties.src).startsWith('/_astro/')) && e.properties.type !== 'application/ld+json')
    .map((e) => JSON.stringify(e.properties));
}

function dangerousAttributes(html: string): string[] {
  const found: string[] = [];
  for (const e of elements(html)) {
    for (const [name, value] of Object.entries(e.properties)) {
      if (/^on/i.test(name)) found.push(`${e.tagName} ${name}`);
      if (['href', 'src', 'action', 'formAction'].includes(name) && /^\s*(javascript|data|vbscript):/i.test(String(value))) found.push(`${e.tagName} ${name}=${value}`);
    }
    if (['iframe', 'object', 'embed'].includes(e.tagName)) found.push(e.tagName);
    if (e.tagName === 'img' && !String(e.properties.src).startsWith('/')) found.push(`img src=${e.properties.src}`);
  }
  return found;
}

/** 10,000 nested quotes: past the Markdown parser's recursion (it threw "Maximum call stack size exceeded", and the record was left out). */
function deepDescriptionSpec() {
  return { ...releasedMxSpec('fixture-deep', '10.5072/aperture-deep-fixture', 1), description: `${'>'.repeat(10_000)} deepest words` };
}

/** An abstract (no description.md) of 60,000 characters of unmatched `]`, which Markdown renders in quadratic time. */
function longAbstractSpec() {
  const spec = releasedMxSpec('fixture-long', '10.5072/aperture-long-fixture', 1);
  const abstract = `Long abstract ${'a]'.repeat(30_000)} last words`;
  return { ...spec, description: undefined, datacite: fixtureDataCite('10.5072/aperture-long-fixture', 'Long abstract', { descriptions: [{ description: abstract, descriptionType: 'Abstract' }] }) };
}

/**
 * Other DataCite descriptions share one record's Markdown limit: eight of 6,000 characters of
 * unmatched `]` (rendered in quadratic time) render while the record's total stays within it,
 * and one nested past the parser is shown as text.
 */
function manyDescriptionsSpec() {
  const spec = releasedMxSpec('fixture-many', '10.5072/aperture-many-fixture', 1);
  const methods = Array.from({ length: 8 }, (_, i) => ({ description: `Method ${i} ${'a]'.repeat(3_000)} end ${i}`, descriptionType: 'Methods' }));
  const deep = { description: `${'>'.repeat(10_000)} deep methods`, descriptionType: 'Other' };
  const descriptions = [{ description: 'A short abstract.', descriptionType: 'Abstract' }, deep, ...methods];
  return { ...spec, description: undefined, datacite: fixtureDataCite('10.5072/aperture-many-fixture', 'Many descriptions', { descriptions }) };
}

/** Two lines that land on one download path: `é` decomposed and composed (one path after NFC), and a plain duplicate. */
function collidingPathsSpec() {
  const spec = releasedMxSpec('fixture-colliding', '10.5072/aperture-colliding-fixture', 1);
  const line = (path: string, seed: string) => ({ path, size: 1, sha256: fakeSha256(seed), mediaType: 'application/x-cbf', key: `colliding/${seed}` });
  return { ...spec, listings: { ...spec.listings, 'sweep-1': [line('e\u0301.cbf', 'decomposed'), line('\u00e9.cbf', 'composed'), line('a.cbf', 'a1'), line('a.cbf', 'a2')] } };
}

/**
 * A description that names the page's own ids (the skip link's target, a section heading, the
 * citation box's), and two more descriptions with a footnote [^1] each, as the body has.
 */
function clobberingIdsSpec() {
  const description = '<div id="main" name="main">Not the main content</div>\n\n<h2 id="datasets-heading">Not the datasets</h2>\n\n<p id="cite-heading">Cite me instead</p>\n\nText[^1]\n\n[^1]: A note.\n';
  const descriptions = [
    { description: 'An abstract of the record, with a note of its own.[^1]\n\n[^1]: The abstract\'s note.', descriptionType: 'Abstract' },
    { description: 'Methods with a note.[^1]\n\n[^1]: The methods\' note.', descriptionType: 'Methods' },
  ];
  const spec = releasedMxSpec('fixture-clobber', '10.5072/aperture-clobber-fixture', 1);
  return { ...spec, description, datacite: { ...spec.datacite, descriptions } };
}

/** Ids given to more than one element of a page. */
function repeatedIds(html: string): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const e of elements(html)) {
    const id = e.properties.id;
    if (typeof id !== 'string') continue;
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}

describe('hostile metadata is rendered inert', () => {
  let site: FixtureSite;
  let pages: Array<{ file: string; html: string }>;
  beforeAll(async () => {
    site = await buildFixtureSite([hostileSpec(), hostileLinksSpec(), releasedMxSpec(), deepDescriptionSpec(), longAbstractSpec(), manyDescriptionsSpec(), collidingPathsSpec(), clobberingIdsSpec()]);
    const files = (await site.files()).filter((f) => f.endsWith('.html'));
    pages = await Promise.all(files.map(async (file) => ({ file, html: await site.read(file) })));
  });

  test('the hostile record is published (valid metadata); the hostile-links one is published without its unsafe links', () => {
    expect(site.report.stage.published.map((p) => p.doi)).toContain('10.5072/aperture-hostile-fixture');
    // A registered DOI keeps its page (issue 10 point 5): the unsafe values are left out of every output.
    expect(site.report.stage.published.map((p) => p.doi)).toContain('10.5072/aperture-hostile-links-fixture');
    const codes = site.report.diagnostics.filter((d) => d.record === 'fixture-hostile-links').map((d) => d.code);
    expect(codes).toContain('link/unsafe-scheme');
    expect(codes).toContain('datacite/value-left-out');
  });

  test('with an unsafe URL in every link field, the record keeps its page; no output file holds one of them, and each is reported once', async () => {
    expect(await site.read('doi/10.5072/aperture-hostile-links-fixture/index.html')).toContain('Fixture Publisher');
    const unsafe = site.report.diagnostics.filter((d) => d.record === 'fixture-hostile-links' && d.code === 'link/unsafe-scheme').map((d) => d.pointer);
    expect(unsafe.sort()).toEqual(Object.keys(UNSAFE_LINKS).sort());
    // Pages, JSON-LD, DataCite XML/JSON, BibTeX, RIS, CSL, link sets, manifests and the search index alike.
    expect(await filesContaining(site, 'xunsafe')).toEqual([]);
  });

  test('no page carries a script element other than our own bundles and JSON-LD', () => {
    for (const { file, html } of pages) expect(unexpectedScripts(html), file).toEqual([]);
  });

  test('no page carries an event-handler attribute, a javascript: or data: link, or an iframe', () => {
    for (const { file, html } of pages) expect(dangerousAttributes(html), file).toEqual([]);
  });

  test('no page gives one id to two elements: a description\'s ids cannot take the skip link, a section\'s name or the citation box', async () => {
    for (const { file, html } of pages) expect(repeatedIds(html), file).toEqual([]);
    const html = await site.read('doi/10.5072/aperture-clobber-fixture/index.html');
    expect(html).toContain('id="user-content-main"');
  });

  test('the payloads are shown as text on the landing page', async () => {
    const html = await site.read('doi/10.5072/aperture-hostile-fixture/index.html');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('JSON-LD holds no literal < so </script> in metadata cannot close the element', async () => {
    const html = await site.read('doi/10.5072/aperture-hostile-fixture/index.html');
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).not.toContain('<');
    const data = JSON.parse(blocks[0]);
    expect(data.name).toContain('</script>');
  });

  test('file names with markup become inert text and encoded URLs on the dataset page', async () => {
    const html = await site.read('doi/10.5072/aperture-hostile-fixture/datasets/sweep-1/index.html');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.cbf');
    expect(html).toContain('https://objects.example.org/fixture/hostile/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E.cbf');
  });

  test('two files of a dataset that land on one download path are reported, and the later one is left out of every manifest', async () => {
    const collisions = site.report.diagnostics.filter((d) => d.code === 'catalogue/path-collision').map((d) => [d.record, d.pointer, d.severity]);
    expect(collisions).toEqual([
      ['fixture-colliding', '2:1', 'error'],
      ['fixture-colliding', '4:1', 'error'],
    ]);
    const manifest = 'doi/10.5072/aperture-colliding-fixture/datasets/sweep-1/manifest/';
    const tsv = (await site.read(`${manifest}files.tsv`)).trim().split('\n').slice(1);
    expect(tsv.map((row) => row.split('\t')[0])).toEqual(['\u00e9.cbf', 'a.cbf']);
    expect(await site.read(`${manifest}download.sh`)).not.toContain('colliding/composed');
    expect(await site.read(`${manifest}SHA256SUMS`)).not.toContain(fakeSha256('a2'));
  });

  test('a description nested past the parser, or longer than Markdown is rendered, is published as plain text with a warning', async () => {
    const published = site.report.stage.published.map((p) => p.doi);
    expect(published).toEqual(expect.arrayContaining(['10.5072/aperture-deep-fixture', '10.5072/aperture-long-fixture']));
    const warnings = site.report.diagnostics.filter((d) => d.code === 'stage/description-as-text').map((d) => [d.record, d.file, d.pointer ?? null]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        ['fixture-deep', 'fixture-deep/description.md', null],
        ['fixture-long', 'fixture-long/datacite.json', '/descriptions'],
      ]),
    );
    expect(warnings).toHaveLength(2 + 6);
    expect(await site.read('doi/10.5072/aperture-deep-fixture/index.html')).toContain('&gt;&gt;&gt; deepest words</p>');
    expect(await site.read('doi/10.5072/aperture-long-fixture/index.html')).toContain('a]a] last words</p>');
  });

  test('other descriptions share the record\'s Markdown limit; past it, or nested too deep, each is shown as text with a warning at its place', async () => {
    expect(site.report.stage.published.map((p) => p.doi)).toContain('10.5072/aperture-many-fixture');
    const warnings = site.report.diagnostics.filter((d) => d.code === 'stage/description-as-text' && d.record === 'fixture-many').map((d) => d.pointer);
    // 17 characters of abstract, then three of 6,014 render (18,059 in all); the fourth would pass 20,000.
    expect(warnings).toEqual(['/descriptions/1', '/descriptions/5', '/descriptions/6', '/descriptions/7', '/descriptions/8', '/descriptions/9']);
    const html = await site.read('doi/10.5072/aperture-many-fixture/index.html');
    expect(html).toContain('&gt;&gt;&gt; deep methods</p>');
    for (let i = 0; i < 8; i++) expect(html).toContain(`a] end ${i}</p>`);
  });
});
