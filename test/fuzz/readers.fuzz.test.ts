/**
 * Fuzz suite over the catalogue readers (docs/security.md): DataCite JSON, DataCite XML,
 * JSON Lines listing lines and experiment.json, at least 10,000 generated cases each.
 * For every case the outcome is a diagnostic or a usable value — never an exception — and
 * a value that passes validation is clean text (no control characters, NFC) whose DOI can
 * be given a page. Failures found while writing the suite are kept as `examples`
 * (fast-check runs them first, every time). FUZZ_RUNS scales the run (e.g. 100000 overnight).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { readDataCite } from '../../src/catalogue/read-datacite.ts';
import { parseListingLine, readListing } from '../../src/catalogue/listing-stream.ts';
import { readJsonFile } from '../../src/catalogue/filesystem-source.ts';
import { validateDataCite } from '../../src/validate/datacite.ts';
import { validateDatafile, validateExperimentJson } from '../../src/validate/experiment.ts';
import { normaliseDoi } from '../../src/record/doi.ts';
import { doiSlug } from '../../src/record/identity.ts';
import { CODES } from '../../src/diagnostics/codes.ts';
import { fixtureDataCite } from '../helpers/catalogue-fixtures.ts';
import { experimentTextArb, jsonTextArb, listingLineArb, xmlTextArb } from './arbitraries.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const UNCLEAN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function strings(value: unknown, out: string[] = [], skip: ReadonlySet<string> = new Set()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out, skip));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), skip.has(k) || strings(v, out, skip));
  return out;
}

/** What every reader must hold to: registered diagnostics, clean strings, and a page for every accepted DOI. */
function judgeDataCite(raw: unknown, sink: DiagnosticSink): void {
  for (const d of sink.list) expect(CODES[d.code], d.code).toBeDefined();
  if (raw === undefined) {
    expect(sink.errors().length).toBeGreaterThan(0);
    return;
  }
  // The DOI is an identity kept exactly as written; validation judges it (doi/non-ascii).
  for (const s of strings(raw, [], new Set(['doi', 'prefix', 'suffix']))) {
    expect(UNCLEAN.test(s), JSON.stringify(s)).toBe(false);
    expect(s).toBe(s.normalize('NFC'));
  }
  const attrs = validateDataCite(raw, sink);
  if (attrs) expect(() => doiSlug(normaliseDoi(attrs.doi))).not.toThrow();
  else expect(sink.errors().length).toBeGreaterThan(0);
}

describe('catalogue readers never throw and never pass unclean text (fast-check)', () => {
  test(`DataCite JSON: ${RUNS} cases`, () => {
    fc.assert(
      fc.property(jsonTextArb, fc.boolean(), (text, asBytes) => {
        const sink = new DiagnosticSink();
        judgeDataCite(readDataCite(asBytes ? Buffer.from(text) : text, 'json', sink), sink);
      }),
      {
        numRuns: RUNS,
        examples: [
          ['{"doi":"10.5072/sp%20x"}', true],
          [JSON.stringify(fixtureDataCite('10.1000/\u0000', 'xx')), false],
          [`{"doi":"10.5072/x","titles":${'['.repeat(5000)}${']'.repeat(5000)}}`, true],
          [`{"doi":"10.5072/x","unknownThing":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, true],
          ['{"state":"unpublished","state":"released"}', false],
        ],
      },
    );
  });

  test(`DataCite XML: ${RUNS} cases`, () => {
    fc.assert(
      fc.property(xmlTextArb, fc.constantFrom('utf-8', 'utf-16le', 'latin1', 'string'), (text, encoding) => {
        const sink = new DiagnosticSink();
        const input = encoding === 'string' ? text : Buffer.from(text, encoding as BufferEncoding);
        judgeDataCite(readDataCite(input, 'xml', sink), sink);
      }),
      { numRuns: RUNS, examples: [['<a/><b/>', 'utf-8'], ['<resource xmlns="http://evil"/>', 'utf-8'], ['\u0000<', 'utf-16le']] },
    );
  });

  test(`JSON Lines listing lines: ${RUNS} cases`, () => {
    fc.assert(
      fc.property(listingLineArb, (line) => {
        const sink = new DiagnosticSink();
        const value = parseListingLine({ bytes: Buffer.from(line) }, 3, 'r/datasets/d.jsonl', sink);
        for (const d of sink.list) expect(CODES[d.code], d.code).toBeDefined();
        if (value === undefined) return;
        const file = validateDatafile(value, { record: 'r', file: 'r/datasets/d.jsonl', line: 3 }, sink);
        if (file) {
          // An accepted path is one plain relative path every file system and manifest can hold.
          expect(file.path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !/[. ]$/.test(s))).toBe(true);
          expect(/[\u0000-\u001f\u007f-\u009f\\\u202a-\u202e\u2066-\u2069]/.test(file.path)).toBe(false);
        }
      }),
      { numRuns: RUNS, examples: [['{"path":"C:/x","size":1,"sha256":"' + 'a'.repeat(64) + '","mediaType":"a/b","key":"k"}']] },
    );
  });

  test(`experiment.json: ${RUNS} cases`, () => {
    fc.assert(
      fc.property(experimentTextArb, (text) => {
        const sink = new DiagnosticSink();
        const raw = readJsonFile(Buffer.from(text), 'experiment.json', sink);
        const fields = raw === undefined ? null : validateExperimentJson(raw, { record: 'r', file: 'r/experiment.json' }, sink);
        for (const d of sink.list) expect(CODES[d.code], d.code).toBeDefined();
        if (fields === null) expect(sink.list.length).toBeGreaterThan(0);
        else for (const s of strings(fields)) expect(UNCLEAN.test(s)).toBe(false);
      }),
      { numRuns: RUNS, examples: [['{"release":{"state":"unpublished","state":"released","releasedOn":"2024-01-01"}}']] },
    );
  });

  test('a whole listing file of generated lines, with CRLF, an over-long line and a bad byte, reads line by line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aperture-fuzz-'));
    const lines = fc.sample(listingLineArb, { numRuns: 500, seed: 12 });
    const file = join(dir, 'd.jsonl');
    const good = JSON.stringify({ path: 'ok.cbf', size: 1, sha256: 'b'.repeat(64), mediaType: 'a/b', key: 'k/ok.cbf' });
    const body = Buffer.concat([
      Buffer.from(lines.map((l) => l.replace(/[\r\n]/g, ' ')).join('\r\n') + '\n'),
      Buffer.from('{"path":"' + 'x'.repeat(200_000) + '"}\n'),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from(good + '\n'),
    ]);
    writeFileSync(file, body);
    const sink = new DiagnosticSink();
    const seen: number[] = [];
    for await (const line of readListing(file, 'r/d.jsonl', sink)) seen.push(line.position);
    expect(seen.at(-1)).toBe(lines.length + 3);
    expect(sink.list.some((d) => d.code === 'catalogue/too-large' && d.pointer === `${lines.length + 1}:1`)).toBe(true);
    expect(sink.list.some((d) => d.code === 'catalogue/undecodable-text' && d.pointer === `${lines.length + 2}:1`)).toBe(true);
  });
});
