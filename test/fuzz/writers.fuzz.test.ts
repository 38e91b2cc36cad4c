/**
 * Fuzz suite over every writer of a line-based, XML or YAML format: each output is parsed
 * back by the format's own rules (sax for XML, the `yaml` package for CITATION.cff, GNU
 * sha256sum's escaping, aria2's input-file layout, RIS tag lines, BibTeX field braces, and
 * /bin/sh itself for download.sh) and must hold exactly what was written, no more records
 * and no broken lines. Records go through the catalogue reader first, as in a build.
 * DataCite XML from every record validation accepts is checked against the kernel-4.7 XSD
 * with xmllint when ../shared holds it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { readDataCite } from '../../src/catalogue/read-datacite.ts';
import { validateDataCite } from '../../src/validate/datacite.ts';
import type { DataCiteAttributes } from '../../src/datacite/types.ts';
import { toDataCiteXml } from '../../src/datacite/xml-write.ts';
import { parseXmlDocument } from '../../src/datacite/xml-tree.ts';
import { toCff } from '../../src/citation/cff.ts';
import { toCsl } from '../../src/citation/csl.ts';
import { formatBibtex, formatBiblatex, formatRis } from '../../src/citation/formats.ts';
import { atomFeed, type FeedEntry } from '../../src/exports/atom.ts';
import { FORMATS, manifestText, safeRelativePath, sha256Line, type ManifestEntry } from '../../src/storage/manifest-formats.ts';
import { dataciteArb, nastyString, pathArb } from './arbitraries.ts';
import { fixtureDataCite } from '../helpers/catalogue-fixtures.ts';

const RUNS = Number(process.env.FUZZ_WRITER_RUNS ?? 1_000);
const shared = join(import.meta.dirname, '../../../shared');
const xsd = join(shared, 'datacite/xsd/kernel-4.7/metadata.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** A record as a build has it: read (cleaned) and validated; undefined when validation refuses it. */
function accepted(record: Record<string, unknown>): DataCiteAttributes | undefined {
  const sink = new DiagnosticSink();
  const raw = readDataCite(JSON.stringify(record), 'json', sink);
  return raw === undefined ? undefined : (validateDataCite(raw, sink) ?? undefined);
}
/**
 * Same, but keeping records validation refuses for other reasons: writers must not break on
 * those either. Only the DOI is held to what validation guarantees (printable ASCII): it is
 * an identity, kept exactly as written by the reader, and never reaches a writer otherwise.
 */
function readOnly(record: Record<string, unknown>): DataCiteAttributes | undefined {
  const raw = readDataCite(JSON.stringify(record), 'json', new DiagnosticSink()) as DataCiteAttributes | undefined;
  return raw && typeof raw.doi === 'string' && /^[\x21-\x7e]+$/.test(raw.doi) && Array.isArray(raw.titles) ? raw : undefined;
}

function wellFormed(xml: string): void {
  const doc = parseXmlDocument(xml);
  expect(doc.ok, doc.ok ? '' : `${doc.message} at ${doc.line}:${doc.column}`).toBe(true);
}

const entryArb = fc.record({ path: pathArb, url: fc.oneof(fc.constant('https://data.example.org/b/a%20b.cbf'), nastyString.map((s) => 'https://x.example/' + s)), size: fc.nat(), sha256: fc.constant('c'.repeat(64)) });

describe('writers keep their format whatever the text (fast-check)', () => {
  test(`RIS: one record, every line a tag line (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(dataciteArb, (record) => {
        const attrs = readOnly(record);
        if (!attrs) return;
        const lines = formatRis(toCsl(attrs)).replace(/\n$/, '').split('\n');
        expect(lines[0]).toMatch(/^TY  - [A-Z]+$/);
        // The RIS end tag is `ER  - ` with its separator's trailing space (an empty value).
        expect(lines.at(-1)).toBe('ER  - ');
        expect(lines.filter((l) => l.startsWith('TY  -') || l.startsWith('ER  -'))).toHaveLength(2);
        for (const l of lines) expect(l, JSON.stringify(l)).toMatch(/^[A-Z][A-Z0-9]  -( |$)/);
        expect(/[\r\u0085\u2028\u2029\u000b\u000c]/.test(lines.join(''))).toBe(false);
      }),
      { numRuns: RUNS, examples: [[fixtureDataCite('10.1000/\u{10000}\u{10000}\u{10000}\u{10000}', 'x'.repeat(64) + 'TY  - INJ')], [{ doi: '10.5072/x', titles: [{ title: 'a\r\nTY  - INJ\r\nER  - ' }], creators: [{ name: 'n' }], publisher: 'p\nER  - ', publicationYear: 2024, descriptions: [{ description: '\r\nTY  - INJ\r\nER  - ', descriptionType: 'Abstract' }] }]] },
    );
  });

  test(`BibTeX and BibLaTeX: one entry, balanced fields (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(dataciteArb, (record) => {
        const attrs = readOnly(record);
        if (!attrs) return;
        for (const bib of [formatBibtex(toCsl(attrs)), formatBiblatex(toCsl(attrs))]) {
          const lines = bib.trimEnd().split('\n');
          expect(lines[0]).toMatch(/^@(misc|dataset)\{[^,\s{}]*,$/);
          expect(lines.at(-1)).toBe('}');
          for (const field of lines.slice(1, -1)) {
            const m = /^\t([a-z]+) = (.*),$/.exec(field);
            expect(m, JSON.stringify(field)).not.toBeNull();
            let depth = 0;
            const value = m![2];
            for (let i = 0; i < value.length; i++) {
              if (value[i] === '{') depth++;
              if (value[i] === '}') depth--;
              // A braced value closes only at its very end.
              if (value.startsWith('{')) expect(depth > 0 || i === value.length - 1, JSON.stringify(field)).toBe(true);
            }
            expect(depth).toBe(0);
          }
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), examples: [[fixtureDataCite('10.1000/xx', 'xx', { creators: [{ name: '\u0000', nameType: 'Personal', familyName: '@misc{a,', givenName: '\u0000' }] })]] },
    );
  });

  test(`CITATION.cff parses as YAML and keeps the title (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(dataciteArb, (record) => {
        const attrs = readOnly(record);
        if (!attrs) return;
        const doc = parseDocument(toCff(attrs), { strict: true, prettyErrors: false });
        expect(doc.errors.map((e) => e.message)).toEqual([]);
        const value = doc.toJS() as Record<string, unknown>;
        expect(value['cff-version']).toBe('1.2.0');
        expect(typeof value.title).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  test(`DataCite XML is well-formed for any record read (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(dataciteArb, (record) => {
        const attrs = readOnly(record);
        if (attrs) wellFormed(toDataCiteXml(attrs));
      }),
      { numRuns: RUNS },
    );
  });

  test(`feed.xml is well-formed (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.record({ title: nastyString, summary: nastyString, authors: fc.array(nastyString, { maxLength: 3 }), url: nastyString }), { maxLength: 4 }), nastyString, (items, publisher) => {
        const entries: FeedEntry[] = items.map((e, i) => ({ ...e, doiUrl: `https://doi.org/10.5072/${i}`, url: 'https://x.example/' + e.url, released: '2024-01-02', updated: '2024-01-02' }));
        wellFormed(atomFeed(entries, { siteUrl: 'https://x.example', title: publisher, publisher, now: new Date(0) }));
      }),
      { numRuns: RUNS },
    );
  });

  test(`manifests: SHA256SUMS, urls.txt, aria2 and Metalink round-trip every name (${RUNS * 5} cases)`, () => {
    fc.assert(
      fc.property(entryArb, (raw) => {
        const e: ManifestEntry = { ...raw, path: safeRelativePath(raw.path) };
        // sha256sum -c: one line; a leading backslash means \\, \n, \r escapes (GNU coreutils).
        const sum = sha256Line(e);
        expect(sum.endsWith('\n') && !sum.slice(0, -1).includes('\n')).toBe(true);
        const m = /^(\\?)([0-9a-f]{64})  (.*)\n$/s.exec(sum)!;
        const name = m[1] ? m[3].replace(/\\(.)/g, (_x, c: string) => ({ n: '\n', r: '\r', '\\': '\\' })[c] ?? `\\${c}`) : m[3];
        expect(name).toBe(e.path);
        // uri-list: one URL per line, no white space.
        expect(FORMATS.urls.entry(e)).toMatch(/^[\x21-\x7e]+\n$/);
        // aria2: the URI line, then indented options, one per line.
        const aria = FORMATS.aria2.entry(e).split('\n');
        expect(aria).toHaveLength(4);
        expect(aria[0]).toMatch(/^[\x21-\x7e]+$/);
        expect(aria[1]).toBe(`  out=${e.path}`);
        // Metalink: well-formed, and the name is the path.
        const meta = manifestText('metalink', [e], { label: 'x' });
        const doc = parseXmlDocument(meta);
        expect(doc.ok).toBe(true);
        if (doc.ok) expect((doc.root.children[1] as { attrs: Record<string, string> }).attrs.name).toBe(e.path);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  test('download.sh hands curl exactly each path and URL, even 5,000-character names (run by /bin/sh)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aperture-sh-'));
    const entries = fc.sample(entryArb, { numRuns: 300, seed: 7 }).map((e) => ({ ...e, path: safeRelativePath(e.path) }));
    entries.push({ path: 'x'.repeat(5000), url: 'https://x.example/long', size: 1, sha256: 'c'.repeat(64) });
    writeFileSync(join(dir, 'download.sh'), manifestText('curl', entries, { label: 'fuzz\nrm -rf /' }));
    // A curl that records its -o and URL arguments instead of downloading.
    writeFileSync(join(dir, 'curl'), '#!/bin/sh\nwhile [ $# -gt 2 ]; do shift; done\nprintf "%s\\0%s\\0" "$1" "$2" >> "$LOG"\n');
    chmodSync(join(dir, 'curl'), 0o755);
    const run = spawnSync('sh', ['download.sh'], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin`, LOG: join(dir, 'log') }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const logged = readFileSync(join(dir, 'log'), 'utf8').split('\0').slice(0, -1);
    const expected = entries.flatMap((e) => [e.path, FORMATS.urls.entry(e).trimEnd()]);
    expect(logged).toEqual(expected);
  });

  test.skipIf(!existsSync(xsd) || !hasXmllint)('DataCite XML of every record validation accepts is valid against the kernel-4.7 XSD (xmllint)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aperture-xsd-'));
    const records = fc.sample(dataciteArb, { numRuns: 1500, seed: 4 }).map(accepted).filter((a): a is DataCiteAttributes => a !== undefined);
    expect(records.length).toBeGreaterThan(50);
    const files = records.map((a, i) => {
      const file = join(dir, `r${i}.xml`);
      writeFileSync(file, toDataCiteXml(a));
      return file;
    });
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const failures = r.stderr.split('\n').filter((l) => l && !/ validates$/.test(l));
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

test('in CI the XSD property test runs', () => {
  if (process.env.CI === 'true') expect(existsSync(xsd) && hasXmllint).toBe(true);
});
