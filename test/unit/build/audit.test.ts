/**
 * The release-gate audit on output trees written here: every spelling a withheld text can
 * take in a file is found, the allowed places stay allowed, many needles cost one pass and
 * still give exactly the findings, and the audit is never looser than it was
 * (test/helpers/legacy-audit.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { auditOutput, type AuditNeedle } from '../../../src/build/audit.ts';
import { auditForms } from '../../../src/build/audit-forms.ts';
import { anchorsOf } from '../../../src/build/audit-matcher.ts';
import { legacyAuditOutput } from '../../helpers/legacy-audit.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'aperture-audit-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let trees = 0;
async function tree(files: Record<string, string | Buffer>): Promise<string> {
  const dir = path.join(root, `t${trees++}`);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const TITLE = `Ligand's "binding" <site> & Études of the ÉTÉ phase`;
const DOI = '10.5072/aperture-secret.x/7';
const needles: AuditNeedle[] = [
  { text: TITLE, what: 'unpublished title' },
  { text: DOI, what: 'unpublished DOI' },
];
const hex = (cp: number) => cp.toString(16);
const numeric = (t: string, ref: (cp: number) => string) => Array.from(t, (c) => (c.codePointAt(0)! > 0x7e || /[&<>"']/.test(c) ? ref(c.codePointAt(0)!) : c)).join('');

/** (form, the title as that writer would put it in a file). */
const TITLE_FORMS: Array<[string, string | Buffer]> = [
  ['as given', TITLE],
  ['lower case', TITLE.toLowerCase()],
  ['upper case (non-ASCII letters too)', TITLE.toUpperCase()],
  ['mixed case of non-ASCII letters', TITLE.replace('Études', 'éTUDES').replace('ÉTÉ', 'été')],
  ['HTML as Astro escapes (&#39;)', TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')],
  ['HTML text node (only &<>)', TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')],
  ['XML (&apos;)', TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')],
  ['XML decimal character references', numeric(TITLE, (cp) => `&#${cp};`)],
  ['XML hex character references, upper-case digits', numeric(TITLE, (cp) => `&#X${hex(cp).toUpperCase()};`)],
  ['JSON string', JSON.stringify(TITLE)],
  ['JSON with \\uXXXX for non-ASCII', JSON.stringify(TITLE).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
  ['script-safe JSON (\\u003c)', JSON.stringify(TITLE).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')],
  ['URL component (%20)', `https://example.org/share?title=${encodeURIComponent(TITLE)}`],
  ['form-encoded (+)', `https://example.org/share?${new URLSearchParams({ title: TITLE })}`],
  ['decomposed (NFD)', TITLE.normalize('NFD')],
  ['whitespace folded', `  ${TITLE.replace(/ /g, '\n  ')}  `.replace(/\s+/g, ' ')],
  ['Latin-1 encoded file', Buffer.from(TITLE, 'latin1')],
  ['gzip (a pagefind fragment)', gzipSync(JSON.stringify({ content: TITLE }))],
  ['gzip cut short', gzipSync(JSON.stringify({ content: TITLE + ' '.repeat(5000) + 'x'.repeat(100_000) })).subarray(0, 4000)],
];

describe('release audit: every form a withheld title can take', () => {
  test.each(TITLE_FORMS)('%s', async (_form, content) => {
    const dir = await tree({ 'doi/x/index.html': typeof content === 'string' ? `<p>${content}</p>` : content, 'other.html': '<p>nothing withheld</p>' });
    expect(await auditOutput(dir, needles)).toEqual([{ file: 'doi/x/index.html', what: 'unpublished title' }]);
  });

  test.each([
    ['in a URL path', `https://doi.org/${DOI}`],
    ['URL-encoded (%2F)', `https://example.org/?doi=${encodeURIComponent(DOI)}`],
    ['upper case', DOI.toUpperCase()],
    ['JSON-escaped slash', JSON.stringify(DOI).replace(/\//g, '\\/')],
  ])('the DOI %s', async (_form, content) => {
    const dir = await tree({ 'a.html': content });
    expect(await auditOutput(dir, needles)).toEqual([{ file: 'a.html', what: 'unpublished DOI' }]);
  });

  test('a damaged gzip file is still scanned as stored', async () => {
    const dir = await tree({ 'pagefind/x.pf_fragment': Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from(`garbage ${DOI}`)]) });
    expect(await auditOutput(dir, needles)).toEqual([{ file: 'pagefind/x.pf_fragment', what: 'unpublished DOI' }]);
  });

  test('a large file streams in chunks and a needle across a chunk boundary is found', async () => {
    // 9 MiB: above the whole-file limit; the title (with its two-byte É) straddles the 1 MiB chunk edge.
    const pad = (n: number) => 'x'.repeat(n);
    const at = 4 * 1024 * 1024 - 12;
    const big = Buffer.from(pad(at) + TITLE + pad(9 * 1024 * 1024));
    const dir = await tree({ 'records.jsonl': big, 'records.jsonl.gz': gzipSync(big) });
    const found = await auditOutput(dir, needles);
    expect(found).toHaveLength(2);
    expect(found).toEqual(
      expect.arrayContaining([
        { file: 'records.jsonl', what: 'unpublished title' },
        { file: 'records.jsonl.gz', what: 'unpublished title' },
      ]),
    );
  });

  test('gzip too large to decode in memory, or too large to read whole, streams and is still searched', async () => {
    // 70 MiB decoded (above the in-memory bound) from a small file; then 9 MiB of gzip on disk.
    const bomb = gzipSync(Buffer.concat([Buffer.alloc(70 * 1024 * 1024, 0x78), Buffer.from(TITLE)]));
    const noise = gzipSync(Buffer.concat([randomBytes(9 * 1024 * 1024), Buffer.from(` ${DOI} `)]));
    expect(bomb.length).toBeLessThan(8 * 1024 * 1024);
    expect(noise.length).toBeGreaterThan(8 * 1024 * 1024);
    const dir = await tree({ 'a/bomb.pf_index': bomb, 'b/noise.pf_index': noise });
    const found = await auditOutput(dir, needles);
    expect(found).toHaveLength(2);
    expect(found).toEqual(
      expect.arrayContaining([
        { file: 'a/bomb.pf_index', what: 'unpublished title' },
        { file: 'b/noise.pf_index', what: 'unpublished DOI' },
      ]),
    );
  });

  test('texts that are not the secret raise nothing: another title, a prefix, a short needle', async () => {
    const dir = await tree({ 'a.html': `${TITLE.slice(0, 20)} and ${DOI.slice(0, -1)}x`, 'b.json': '{"t":"Ligand\'s binding"}' });
    expect(await auditOutput(dir, [...needles, { text: ' ab ', what: 'too short to audit' }])).toEqual([]);
  });
});

describe('release audit: allowed places and order', () => {
  test('a withdrawn DOI is allowed under its tombstone and the listed files only', async () => {
    const doi = '10.5072/aperture-withdrawn.w1';
    const dir = await tree({
      [`doi/${doi}/index.html`]: `Withdrawn: ${doi}`,
      'build-manifest.json': JSON.stringify({ tombstones: [doi] }),
      'sitemap.xml': `<loc>https://example.org/doi/${doi}/</loc>`,
    });
    const allowed: AuditNeedle = { text: doi, what: 'withdrawn DOI', allowedUnder: [`doi/${doi}/`, 'build-manifest.json'] };
    expect(await auditOutput(dir, [allowed])).toEqual([{ file: 'sitemap.xml', what: 'withdrawn DOI' }]);
  });

  test('findings come in walk order, needle by needle, as the audit always gave them', async () => {
    // An ASCII title: the former audit missed non-ASCII capitals (É read as Latin-1 "Ã\x89").
    const ascii = `Ligand's "binding" <site> & co`;
    const needles: AuditNeedle[] = [
      { text: ascii, what: 'unpublished title' },
      { text: DOI, what: 'unpublished DOI' },
    ];
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`d${i % 4}/f${i}.html`] = i % 3 ? `${DOI} and ${ascii}` : i % 2 ? DOI : 'clean';
    const dir = await tree(files);
    const expected = await legacyAuditOutput(dir, needles);
    expect(expected.length).toBeGreaterThan(20);
    expect(await auditOutput(dir, needles)).toEqual(expected);
    expect(await auditOutput(dir, needles, { workers: 2, inlineFiles: 5 })).toEqual(expected);
  });
});

describe('release audit: many needles', () => {
  test('1,000 needles, one leak in one file among 600 → exactly that finding, in one thread and in workers', async () => {
    const many: AuditNeedle[] = Array.from({ length: 1000 }, (_, i) =>
      i % 2 ? { text: `10.5072/aperture-unreleased.${String(i).padStart(5, '0')}`, what: `needle ${i}` } : { text: `Unreleased structure of protein ${String(i).padStart(5, '0')} at 100 K`, what: `needle ${i}` },
    );
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`doi/r${i}/index.html`] = `<h1>Released structure of protein ${i}</h1><p>10.5072/aperture-released.${String(i).padStart(5, '0')}</p>`;
    files['doi/r417/index.html'] += `<p>Unreleased structure of protein 00738 at 100 K</p>`;
    const dir = await tree(files);
    const want = [{ file: 'doi/r417/index.html', what: 'needle 738' }];
    expect(await auditOutput(dir, many, { workers: 0 })).toEqual(want);
    expect(await auditOutput(dir, many, { workers: 2, inlineFiles: 0 })).toEqual(want);
  });
});

describe('release audit: identifiers are found whole', () => {
  const withdrawn: AuditNeedle = { text: '10.5281/zenodo.123', what: 'withdrawn DOI', identifier: true };

  test('a DOI inside a longer DOI is another record’s, in every spelling, in one thread and in workers', async () => {
    const dir = await tree({
      'doi/10.5281/zenodo.1234/index.html': '<p>https://doi.org/10.5281/zenodo.1234</p><a href="/doi/10.5281/ZENODO.1234A/">x</a>',
      'api/records/10.5281/zenodo.1234.json': JSON.stringify({ doi: '10.5281/zenodo.1234', url: 'https://example.org/doi/10.5281%2Fzenodo.12345' }).replace(/\//g, '\\/'),
      'pagefind/fragment/en_1.pf_fragment': gzipSync('{"content":"10.5281/zenodo.1239 and 10.5281/zenodo.123z"}'),
    });
    expect(await auditOutput(dir, [withdrawn], { workers: 0 })).toEqual([]);
    expect(await auditOutput(dir, [withdrawn], { workers: 2, inlineFiles: 0 })).toEqual([]);
  });

  test('the DOI itself is found before a slash, a quote, markup, a full stop, %2F, an entity or the end of the file, and next to a longer one', async () => {
    const leaks: Record<string, string | Buffer> = {
      'a.html': '<a href="/doi/10.5281/zenodo.123/">',
      'b.json': '{"doi":"10.5281/zenodo.123"}',
      'c.html': '<td>10.5281/ZENODO.123</td>',
      'd.txt': 'See 10.5281/zenodo.123.',
      'e.html': '<a href="?doi=10.5281%2Fzenodo.123%2F">',
      'f.xml': '<id>10.5281/zenodo.123&lt;/id>',
      'g.txt': 'doi:10.5281/zenodo.123',
      'h.txt': '10.5281/zenodo.1234 and 10.5281/zenodo.123 both',
      'i.pf_fragment': gzipSync('{"content":"10.5281/zenodo.123"}'),
    };
    const dir = await tree(leaks);
    const want = Object.keys(leaks).map((file) => ({ file, what: 'withdrawn DOI' }));
    expect(await auditOutput(dir, [withdrawn], { workers: 0 })).toEqual(want);
    expect(await auditOutput(dir, [withdrawn], { workers: 2, inlineFiles: 0 })).toEqual(want);
  });

  test('a withheld DOI is not found inside a public DOI that holds it past a separator, and is found everywhere else', async () => {
    // A public `10.5072/abc.v2` (or `-2`, `/part-1`) beside an unpublished `10.5072/abc`: versioned DOIs (Mendeley Data's `.1`, `.2`) look like this.
    const unpublished: AuditNeedle = { text: '10.5072/abc', what: 'unpublished DOI', identifier: true, within: ['10.5072/abc.v2', '10.5072/ABC-2', '10.5072/abc/part-1'] };
    const clean = await tree({
      'doi/10.5072/abc.v2/index.html': '<a href="https://doi.org/10.5072/ABC.V2">10.5072/abc.v2</a> <a href="/doi/10.5072/abc-2/">10.5072/abc/part-1</a>',
      'api/records/10.5072/abc.v2.json': JSON.stringify({ doi: '10.5072/abc.v2', url: 'https://example.org/?doi=10.5072%2Fabc.v2' }).replace(/\//g, '\\/'),
      'pagefind/fragment/en_1.pf_fragment': gzipSync('{"content":"10.5072/abc.v2, 10.5072/abc-2."}'),
    });
    expect(await auditOutput(clean, [unpublished], { workers: 0 })).toEqual([]);
    expect(await auditOutput(clean, [unpublished], { workers: 2, inlineFiles: 0 })).toEqual([]);
    const leaks: Record<string, string | Buffer> = {
      'a.txt': 'See 10.5072/abc.v2 and 10.5072/abc.',
      'b.txt': '10.5072/abc.v3, not public',
      'c.txt': '10.5072/abc.v23: longer than the public one',
      'd.html': '<a href="/doi/10.5072/abc-2x/">',
      'e.json': '{"doi":"10.5072\\/abc","next":"10.5072\\/abc.v2"}',
      'f.pf_fragment': gzipSync('{"content":"10.5072/abc-2 10.5072/ABC"}'),
    };
    const dir = await tree(leaks);
    const want = Object.keys(leaks).map((file) => ({ file, what: 'unpublished DOI' }));
    expect(await auditOutput(dir, [unpublished], { workers: 0 })).toEqual(want);
    expect(await auditOutput(dir, [unpublished], { workers: 2, inlineFiles: 0 })).toEqual(want);
  });

  test('a needle that is not an identifier is still found anywhere, as before', async () => {
    const dir = await tree({ 'a.html': '<p>10.5281/zenodo.1234</p>' });
    expect(await auditOutput(dir, [{ ...withdrawn, identifier: false }], { workers: 0 })).toEqual([{ file: 'a.html', what: 'withdrawn DOI' }]);
  });
});

describe('release audit: never looser than before', () => {
  // On text the former audit's findings are all found now. Its Latin-1 reading also "matched"
  // byte runs that are not the text in any encoding: lower-casing UTF-8 lead bytes as Latin-1
  // letters made C3 (the first byte of é) equal E3 (the first byte of a CJK character), so a
  // needle ending in é matched the first two bytes of 㦀. Pieces here are ASCII and two-byte
  // characters, where no such alias exists, so the property is exact.
  test('on any text, every finding of the former audit is a finding now', async () => {
    const dir = path.join(root, 'prop');
    const latin = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /.&<>"\'\\%+-_éÉàÀçÇßøØσΣςİıÿœŒжЖ'), maxLength: 12 });
    const piece = fc.oneof(latin, fc.constantFrom(TITLE, DOI, 'Études', '&amp;', '&quot;', '\\"', 'ÉTÉ', 'É', 'é', 'Σ', 'ς', 'İ', 'ß'));
    const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 3 }), text, async (needleTexts, haystack) => {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, 'page.html'), haystack);
        await writeFile(path.join(dir, 'frag.pf_fragment'), gzipSync(haystack));
        const list = needleTexts.map((t, i) => ({ text: t, what: `n${i}` }));
        const before = await legacyAuditOutput(dir, list);
        const now = await auditOutput(dir, list, { workers: 0 });
        for (const f of before) expect(now).toContainEqual(f);
      }),
      { numRuns: 300 },
    );
  });
});

describe('release audit: anchors looked for before the automaton', () => {
  // A needle that has no anchor (no run of six digits or signs) turns the anchors off for the
  // whole audit, so the same files can be audited both ways.
  const NO_ANCHOR = { text: 'words and words only', what: 'no anchor' };
  const without = (findings: Array<{ file: string; what: string }>) => findings.filter((f) => f.what !== NO_ANCHOR.what);

  test('a DOI is found in every spelling, stored and gzipped, with its anchors looked for first', async () => {
    const doi: AuditNeedle = { text: DOI, what: 'unpublished DOI', identifier: true };
    const spellings = [DOI, DOI.toUpperCase(), encodeURIComponent(DOI), encodeURIComponent(DOI).toLowerCase(), JSON.stringify(DOI).replace(/\//g, '\\/'), `https://doi.org/${DOI}`];
    const files = Object.fromEntries(spellings.flatMap((s, i) => [[`p${i}.html`, `<p>${s}</p>`], [`f${i}.pf_fragment`, gzipSync(`{"url":"${s}"}`)]]));
    const dir = await tree({ ...files, 'clean.html': '<p>10.5072/aperture-secret.x/77 is another record</p>' });
    const anchored = await auditOutput(dir, [doi], { workers: 0 });
    expect(anchored.map((f) => f.file).sort()).toEqual(Object.keys(files).sort());
    expect(without(await auditOutput(dir, [doi, NO_ANCHOR], { workers: 0 }))).toEqual(anchored);
  });

  test('a large file is read for the anchors first, and a DOI across a chunk edge is found, its anchor split there too', async () => {
    const doi: AuditNeedle = { text: DOI, what: 'unpublished DOI', identifier: true };
    const [anchor] = anchorsOf(auditForms(DOI))!;
    const MiB = 1024 * 1024;
    // 9 MiB: above the whole-file limit. The DOI's anchor straddles the edge of the second 1 MiB chunk.
    const split = (edge: number) => Buffer.from(`${'x'.repeat(edge - 1 - DOI.indexOf(anchor!) - Math.floor(anchor!.length / 2))} ${DOI} ${'y'.repeat(9 * MiB)}`);
    const dir = await tree({ 'records.jsonl': split(2 * MiB), 'clean.jsonl': Buffer.from(`${'z'.repeat(9 * MiB)} 10.5072/other-record-000001`) });
    const anchored = await auditOutput(dir, [doi], { workers: 0 });
    expect(anchored).toEqual([{ file: 'records.jsonl', what: 'unpublished DOI' }]);
    expect(without(await auditOutput(dir, [doi, NO_ANCHOR], { workers: 0 }))).toEqual(anchored);
  });

  test("a DOI's anchors come from its end, which tells it from its siblings, not from the prefix every sibling shares", () => {
    const anchors = anchorsOf(auditForms('10.5072/aperture-synthetic.aus-mx2-003334'))!;
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect(anchor).toContain('003334');
    // Too short a run anywhere in a spelling: no anchors, the automaton reads every file.
    expect(anchorsOf(auditForms('Lysozyme rotation data, crystal 7'))).toBeNull();
  });

  test('no code point but a digit or sign itself is matched as that digit or sign, so a file without the anchor cannot hold the needle', async () => {
    const signs = [...'0123456789!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
    const list = signs.map((c, i) => ({ text: c.repeat(8), what: `sign ${i}` }));
    // Every other code point of the BMP (surrogates aside), eight times over, as UTF-8 and, for U+0080–U+00FF, as Latin-1 bytes.
    const others = Array.from({ length: 0x10000 }, (_, cp) => cp)
      .filter((cp) => cp >= 0x80 && (cp < 0xd800 || cp > 0xdfff))
      .map((cp) => String.fromCodePoint(cp).repeat(8))
      .join(' ');
    const latin1 = Buffer.from(Array.from({ length: 0x80 }, (_, i) => Array(8).fill(0x80 + i).concat(0x20)).flat());
    const dir = await tree({ 'utf8.txt': others, 'latin1.txt': latin1, 'fullwidth.txt': '０１２３４５６７８９－／'.repeat(8) });
    expect(await auditOutput(dir, list, { workers: 0 })).toEqual([]);
    expect(await auditOutput(dir, [...list, NO_ANCHOR], { workers: 0 })).toEqual([]);
  });

  test('on any text, the findings are those of the automaton alone', async () => {
    const dir = path.join(root, 'anchors-prop');
    const unit = fc.constantFrom(...'abcXYZ0123456789 /.-_%\\"&<>\'+éÉßſK０－ΣςİК');
    const piece = fc.oneof(fc.string({ unit, maxLength: 10 }), fc.constantFrom(DOI, DOI.toUpperCase(), encodeURIComponent(DOI), '10.5072/', '2024-10-03', 'MX-2738-0042'));
    const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), text, async (needleTexts, ids, haystack) => {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, 'page.html'), haystack);
        await writeFile(path.join(dir, 'frag.pf_fragment'), gzipSync(haystack));
        const list = needleTexts.map((t, i) => ({ text: t, what: `n${i}`, identifier: ids[i] }));
        expect(await auditOutput(dir, list, { workers: 0 })).toEqual(without(await auditOutput(dir, [...list, NO_ANCHOR], { workers: 0 })));
      }),
      { numRuns: 300 },
    );
  });
});
