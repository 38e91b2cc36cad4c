import { describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { CODES } from '../../../src/diagnostics/codes.ts';
import { diagnosticsReference } from '../../../src/diagnostics/code-docs.ts';
import { DiagnosticSink, pointer } from '../../../src/diagnostics/diagnostic.ts';
import { formatReport, summarise } from '../../../src/diagnostics/report.ts';

describe('the diagnostic code registry', () => {
  test('every code is stage/name, with a severity, a title and a hint', () => {
    for (const [code, entry] of Object.entries(CODES)) {
      expect(code).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(['error', 'warning', 'info']).toContain(entry.severity);
      expect(entry.title.length).toBeGreaterThan(10);
      expect(entry.hint.length).toBeGreaterThan(10);
    }
  });

  test('docs/diagnostics.md is the generated reference (run `npm run docs:codes` after adding a code)', async () => {
    expect(await readFile(new URL('../../../docs/diagnostics.md', import.meta.url), 'utf8')).toBe(diagnosticsReference());
  });
});

describe('DiagnosticSink', () => {
  test('fills severity and hint from the registry and scopes record and file', () => {
    const sink = new DiagnosticSink();
    sink.scoped({ record: 'r1', file: 'r1/datacite.json' }).add({ code: 'doi/duplicate', message: 'm', pointer: pointer('doi') });
    expect(sink.list).toEqual([
      { code: 'doi/duplicate', severity: 'error', record: 'r1', file: 'r1/datacite.json', pointer: '/doi', message: 'm', hint: CODES['doi/duplicate'].hint },
    ]);
    expect(sink.hasErrors('r1')).toBe(true);
    expect(sink.hasErrors('r2')).toBe(false);
  });

  test('pointer() escapes ~ and / as RFC 6901 says', () => {
    expect(pointer('a/b', 'c~d', 0)).toBe('/a~1b/c~0d/0');
  });

  test('the human report lists catalogue-wide problems first, then records, errors before warnings', () => {
    const sink = new DiagnosticSink();
    sink.add({ code: 'licence/missing', record: 'b', message: 'no licence' });
    sink.add({ code: 'doi/duplicate', record: 'b', message: 'dup' });
    sink.add({ code: 'catalogue/not-found', message: 'gone' });
    const text = formatReport(summarise(2, 1, sink.list));
    expect(text.indexOf('(catalogue)')).toBeLessThan(text.indexOf('\nb\n'));
    expect(text.indexOf('doi/duplicate')).toBeLessThan(text.indexOf('licence/missing'));
    expect(text.trim().split('\n').at(-1)).toBe('2 records, 1 valid, 2 errors, 1 warnings');
  });
});
