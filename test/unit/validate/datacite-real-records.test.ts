/**
 * Real DataCite REST records from ../shared (skipped when absent): 100 random records and
 * ESRF MX sessions go through without an exception, each valid or with diagnostics.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { parseDataCiteXml } from '../../../src/datacite/xml-read.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';

const rest = join(import.meta.dirname, '../../../../shared/records/datacite-rest');
const sample = join(rest, 'commonmeta-testdata/sample.json');
const esrf = join(rest, 'esrf');

describe.skipIf(!existsSync(sample))('DataCite REST sample (100 real records)', () => {
  test('every record is valid or has diagnostics; real DOIs are never rejected as malformed', () => {
    const records = (JSON.parse(readFileSync(sample, 'utf8')) as { data: Array<{ attributes: unknown }> }).data;
    expect(records).toHaveLength(100);
    const tally: Record<string, number> = {};
    let valid = 0;
    for (const { attributes } of records) {
      const sink = new DiagnosticSink([], { record: (attributes as { doi?: string }).doi ?? null });
      const result = validateDataCite(attributes, sink);
      if (result) valid++;
      else expect(sink.errors().length).toBeGreaterThan(0);
      for (const d of sink.list) tally[`${d.severity} ${d.code}`] = (tally[`${d.severity} ${d.code}`] ?? 0) + 1;
      expect(sink.list.filter((d) => d.code === 'datacite/doi-syntax')).toEqual([]);
    }
    console.log(`sample.json: ${valid}/100 valid; findings:`, tally);
    // Registered DataCite records passed DataCite's own XSD; none should fail the 4.7 schema.
    expect(tally['error datacite/schema'] ?? 0).toBe(0);
    expect(valid).toBe(100);
  });
});

describe.skipIf(!existsSync(esrf))('ESRF MX session records', () => {
  const files = existsSync(esrf) ? readdirSync(esrf) : [];
  test.each(files.filter((f) => f.endsWith('.json')))('%s (REST JSON) is valid', (file) => {
    const doc = JSON.parse(readFileSync(join(esrf, file), 'utf8'));
    const attrs = doc.data?.attributes ?? doc;
    const sink = new DiagnosticSink();
    expect(validateDataCite(attrs, sink)).not.toBeNull();
    expect(sink.errors()).toEqual([]);
  });
  test.each(files.filter((f) => f.endsWith('.xml')))('%s (registered XML) reads and agrees with the REST JSON', (file) => {
    const sink = new DiagnosticSink();
    const fromXml = parseDataCiteXml(readFileSync(join(esrf, file), 'utf8'), sink);
    expect(sink.list).toEqual([]);
    expect(validateDataCite(fromXml, sink)).not.toBeNull();
    const jsonFile = join(esrf, file.replace('.decoded.xml', '.json'));
    if (!existsSync(jsonFile)) return;
    const doc = JSON.parse(readFileSync(jsonFile, 'utf8'));
    const rest = doc.data?.attributes ?? doc;
    expect(fromXml!.doi).toBe(String(rest.doi).toLowerCase());
    expect(fromXml!.titles.map((t) => t.title)).toEqual(rest.titles.map((t: { title: string }) => t.title));
    expect(fromXml!.creators.map((c) => c.name)).toEqual(rest.creators.map((c: { name: string }) => c.name));
    expect(String(fromXml!.publicationYear)).toBe(String(rest.publicationYear));
  });
});
