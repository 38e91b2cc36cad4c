/**
 * Strings that break formats rather than markup: lone surrogates, U+2028/U+2029 (line ends
 * for JavaScript before ES2019 and for some JSON consumers), `</script>` and `<!--` (which
 * end or hide an inline JSON-LD block), NUL, a bidi override, CR/LF followed by a RIS tag.
 * Each is written into every text field of one record (and its catalogue files), the site
 * is built once, and every output of the record and every site-wide file must still parse
 * in its own format with nothing injected: one table of strings × one table of outputs.
 * DOIs and titles that cannot be published are left out with one diagnostic each.
 */
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import { parseDocument } from 'yaml';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fakeSha256, fixtureDataCite, fixtureExperiment, releasedMxSpec, sweepDataset, type FixtureSpec } from '../helpers/catalogue-fixtures.ts';
import { parseXmlDocument } from '../../src/datacite/xml-tree.ts';

/** Each string is wrapped in `qq<n>` markers, so the field's words are findable in any output. */
const STRINGS: Record<string, string> = {
  'lone surrogates': 'a\ud800b\udfffc',
  'U+2028 and U+2029': 'a\u2028b\u2029c',
  'a script end and a comment opener': 'a</script><script>alert(1)</script><!--<script>b',
  'NUL and other C0 controls': 'a\u0000b\u0001c\u001bd',
  'a bidi override': 'a\u202egpj.exe',
  'CR/LF and a RIS tag': 'a\r\nTY  - JOUR\r\nER  - \rb\nc',
  'BibTeX and YAML syntax': 'a}, title = {b" : [c] # d @misc{e,',
};

const cases = Object.entries(STRINGS).map(([name, raw], i) => ({ name, raw, id: `s${i}`, doi: `10.5072/hostile-string-${i}`, text: `qq${i} ${raw} qq${i}` }));

function stringSpec({ id, doi, text }: (typeof cases)[number]): FixtureSpec {
  const person = { name: `Doe, ${text}`, nameType: 'Personal', givenName: text, familyName: 'Doe', affiliation: [{ name: `Institute ${text}` }] };
  const spec = releasedMxSpec(id, doi, 1);
  spec.datacite = fixtureDataCite(doi, `Title ${text}`, {
    titles: [{ title: `Title ${text}` }, { title: `Subtitle ${text}`, titleType: 'Subtitle' }],
    creators: [person, { name: `Group ${text}`, nameType: 'Organizational' }],
    contributors: [{ ...person, contributorType: 'DataCollector' }],
    publisher: { name: `Publisher ${text}` },
    subjects: [{ subject: `Keyword ${text}` }],
    descriptions: [
      { description: `Abstract ${text} with enough words to be an abstract of a real record.`, descriptionType: 'Abstract' },
      { description: `Methods ${text}`, descriptionType: 'Methods' },
    ],
    version: `v ${text}`,
    fundingReferences: [{ funderName: `Funder ${text}`, awardNumber: `Award ${text}`, awardTitle: `Award title ${text}` }],
    alternateIdentifiers: [{ alternateIdentifier: `Alt ${text}`, alternateIdentifierType: `Local ${text}` }],
    geoLocations: [{ geoLocationPlace: `Place ${text}` }],
    relatedIdentifiers: [{ relatedIdentifier: `https://example.org/${text}`, relatedIdentifierType: 'URL', relationType: 'References' }],
  });
  spec.description = `## Sample ${text}\n\nParagraph ${text}\n`;
  spec.experiment = {
    ...fixtureExperiment({ state: 'released' }, [{ ...sweepDataset('sweep-1', 2), title: `Dataset ${text}`, description: `Dataset description ${text}` }]),
    facility: `Facility ${text}`,
    instrument: `Beamline ${text}`,
    proposal: `P ${text}`,
  };
  const file = (path: string, seed: string) => ({ path, size: 1, sha256: fakeSha256(seed), mediaType: 'application/x-cbf', key: `strings/${id}/${seed}.cbf` });
  // The listing's second line is the hostile name: kept (cleaned) or refused, never a broken manifest.
  spec.listings = { 'sweep-1': [file('images/plain.cbf', `${id}-plain`), file(`images/${text}.cbf`, `${id}-hostile`)] };
  return spec;
}

/** Records that cannot be published, with the diagnostic that says why. */
const REFUSED = [
  { name: 'a title that is only white space', id: 'r0', doi: '10.5072/refused-blank', title: ' \t\u00a0\u2003\u200b ', code: 'datacite/schema', pointer: '/titles/0/title' },
  { name: 'a zero-width joiner in the DOI', id: 'r1', doi: '10.5072/refused\u200djoiner', title: 'Refused joiner', code: 'doi/non-ascii', pointer: '/doi' },
  { name: 'a newline in the DOI', id: 'r2', doi: '10.5072/refused\nnewline', title: 'Refused newline', code: 'datacite/doi-syntax', pointer: '/doi' },
];

function refusedSpec({ id, doi, title }: (typeof REFUSED)[number]): FixtureSpec {
  const spec = releasedMxSpec(id, doi, 1);
  spec.datacite = fixtureDataCite(doi, title);
  return spec;
}

interface Element {
  tagName: string;
  properties: Record<string, unknown>;
  children: Array<{ type: string; value?: string }>;
}

function elements(html: string): { elements: Element[]; comments: number } {
  const out: Element[] = [];
  let comments = 0;
  const tree = unified().use(rehypeParse).parse(html);
  visit(tree, (node: { type: string }) => {
    if (node.type === 'element') out.push(node as unknown as Element);
    if (node.type === 'comment') comments++;
  });
  return { elements: out, comments };
}

/** Characters no output may hold: XML 1.0 cannot, and they are invisible or reorder text. */
const NEVER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function wellFormedXml(text: string): void {
  const doc = parseXmlDocument(text);
  expect(doc.ok, doc.ok ? '' : `${doc.message} at ${doc.line}:${doc.column}`).toBe(true);
}

/** What each output format must still be, whatever its text held. */
const CHECKS: Record<string, (text: string) => void> = {
  html: (html) => {
    const { elements: all, comments } = elements(html);
    // Astro writes no comments: one here would be a `<!--` from data hiding the rest of the page.
    expect(comments).toBe(0);
    for (const e of all) {
      for (const name of Object.keys(e.properties)) expect(name, e.tagName).not.toMatch(/^on/i);
      if (e.tagName !== 'script') continue;
      if (e.properties.type === 'application/ld+json') {
        const body = e.children.map((c) => c.value ?? '').join('');
        // Inside <script>, `<` may open `</script>` or `<!--`; the line separators end a JS string.
        expect(body).not.toMatch(/[<\u2028\u2029]/);
        expect(() => JSON.parse(body)).not.toThrow();
      } else {
        expect(e.properties.type).toBe('module');
        expect(String(e.properties.src)).toMatch(/^\/_astro\//);
      }
    }
  },
  json: (text) => expect(() => JSON.parse(text)).not.toThrow(),
  jsonl: (text) => {
    for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  },
  xml: wellFormedXml,
  ris: (text) => {
    const lines = text.split(/\r?\n/).filter(Boolean);
    // RIS is line based: a line break in a value must not start a tag of its own.
    for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9]  - /);
    expect(lines.filter((l) => l.startsWith('TY  - '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('ER  - '))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^ER  - /);
    expect(text).not.toMatch(/\r/);
  },
  bibtex: (text) => {
    expect(text.match(/^@/gm)).toHaveLength(1);
    const plain = text.replace(/\\[{}]/g, '');
    let depth = 0;
    for (let i = plain.indexOf('{'); i < plain.length; i++) {
      depth += plain[i] === '{' ? 1 : plain[i] === '}' ? -1 : 0;
      expect(depth, `brace ${i}`).toBeGreaterThanOrEqual(0);
      // The entry closes only at its end: a `}` from data closing it early would make the rest new fields.
      if (depth === 0) expect(plain.slice(i + 1).trim(), `closed at ${i}`).toBe('');
    }
    expect(depth).toBe(0);
  },
  yaml: (text) => {
    const doc = parseDocument(text, { strict: true, prettyErrors: false });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    expect(typeof (doc.toJS() as { title?: unknown }).title).toBe('string');
  },
  sha256sums: (text) => {
    for (const line of text.split('\n').slice(0, -1)) expect(line).toMatch(/^\\?[0-9a-f]{64}  \S/);
  },
  uriList: (text) => {
    for (const line of text.split('\n').slice(0, -1)) expect(line).toMatch(/^https:\/\/[\x21-\x7e]+$/);
  },
  aria2: (text) => {
    for (const line of text.split('\n').slice(0, -1)) expect(line).toMatch(/^(#|https:\/\/[\x21-\x7e]+$|  (out|checksum)=)/);
  },
  shell: (text) => {
    // sh -n parses without running; each file is one `dl 'path' url size` command.
    execFileSync('sh', ['-n'], { input: text });
    for (const line of text.split('\n').filter((l) => l.startsWith('dl '))) expect(line).toMatch(/^dl ('([^']|'\\'')*'|[A-Za-z0-9_@%+=:,./-]+) https:\/\/[\x21-\x7e]+ \d+$/);
  },
  tsv: (text) => {
    for (const line of text.split('\n').slice(0, -1)) expect(line.split('\t')).toHaveLength(4);
  },
};

/** Every output of one record, with the check of its format. */
const RECORD_OUTPUTS: Array<[string, keyof typeof CHECKS]> = [
  ['index.html', 'html'],
  ['datasets/sweep-1/index.html', 'html'],
  ['metadata.jsonld', 'json'],
  ['citation.csl.json', 'json'],
  ['datacite.json', 'json'],
  ['linkset.json', 'json'],
  ['datacite.xml', 'xml'],
  ['citation.ris', 'ris'],
  ['citation.bib', 'bibtex'],
  ['CITATION.cff', 'yaml'],
  ['manifest/files.meta4', 'xml'],
  ['manifest/SHA256SUMS', 'sha256sums'],
  ['manifest/urls.txt', 'uriList'],
  ['manifest/files.aria2', 'aria2'],
  ['manifest/download.sh', 'shell'],
  ['manifest/files.tsv', 'tsv'],
  ['datasets/sweep-1/manifest/download.sh', 'shell'],
];

const SITE_OUTPUTS: Array<[string, keyof typeof CHECKS]> = [
  ['index.html', 'html'],
  ['experiments/index.html', 'html'],
  ['feed.xml', 'xml'],
  ['sitemap-index.xml', 'xml'],
  ['sitemap-1.xml', 'xml'],
  ['catalog.jsonld', 'json'],
  ['records.jsonl', 'jsonl'],
];

let site: FixtureSite;
beforeAll(async () => {
  site = await buildFixtureSite([...cases.map(stringSpec), ...REFUSED.map(refusedSpec)]);
}, 300_000);
afterAll(async () => {
  if (site) await rm(site.root, { recursive: true, force: true });
});

describe.each(cases)('$name in every field', (c) => {
  test('the record is published', () => {
    expect(site.report.stage.published.map((p) => p.doi)).toContain(c.doi);
  });

  test.each(RECORD_OUTPUTS)('%s still parses as %s and holds nothing it cannot carry', async (file, format) => {
    const text = await site.read(`doi/${c.doi}/${file}`);
    CHECKS[format](text);
    expect(NEVER.exec(text)?.[0]).toBeUndefined();
  });

  test('the title survives into the exports, its markers intact', async () => {
    const title = (JSON.parse(await site.read(`doi/${c.doi}/citation.csl.json`)) as Array<{ title: string }>)[0].title;
    expect(title).toMatch(new RegExp(`^Title qq${c.id.slice(1)} .*qq${c.id.slice(1)}$`, 's'));
  });

  test('each finding is reported once, with its record, file and pointer', () => {
    const mine = site.report.diagnostics.filter((d) => d.record === c.id);
    const keys = mine.map((d) => `${d.code} ${d.file} ${d.pointer}`);
    expect(new Set(keys).size).toBe(keys.length);
    // A JSON pointer, a listing's line:column, or "" (the whole of description.md): never none.
    for (const d of mine) expect(typeof d.pointer, `${d.code} in ${d.file}`).toBe('string');
  });
});

describe.each(REFUSED)('$name', (r) => {
  test('is left out with one diagnostic naming it', () => {
    expect(site.report.stage.published.map((p) => p.doi)).not.toContain(r.doi.toLowerCase());
    const errors = site.report.diagnostics.filter((d) => d.record === r.id && d.severity === 'error');
    expect(errors.map((d) => [d.code, d.pointer])).toEqual([[r.code, r.pointer]]);
  });
});

test.each(SITE_OUTPUTS)('site-wide %s still parses as %s and holds nothing it cannot carry', async (file, format) => {
  const text = await site.read(file);
  CHECKS[format](text);
  expect(NEVER.exec(text)?.[0]).toBeUndefined();
  // Every published record is listed; the refused ones nowhere.
  for (const r of REFUSED) expect(text).not.toContain(r.title.trim() || r.doi);
});
