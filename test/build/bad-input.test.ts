import { describe, expect, test, beforeAll } from 'vitest';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { duplicateDoiSpec, malformedJsonSpec, releasedMxSpec, schemaViolatingSpec, unknownLicenceSpec } from '../helpers/catalogue-fixtures.ts';

describe('bad input never crashes a build and never loses the good records', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await buildFixtureSite([
      releasedMxSpec(),
      malformedJsonSpec(),
      schemaViolatingSpec(),
      unknownLicenceSpec(),
      duplicateDoiSpec(),
      {
        ...releasedMxSpec('fixture-bad-lines', '10.5072/aperture-bad-lines-fixture', 3),
        listings: { 'sweep-1': ['{"path": "ok.cbf"', 'not json at all'], 'sweep-2': [] },
      },
    ]);
  });

  test('the good record is published and the build output is complete', async () => {
    expect(site.report.ok).toBe(true);
    expect(site.report.stage.published.map((p) => p.doi)).toContain('10.5072/aperture-released-fixture');
    expect(await site.files()).toContain('doi/10.5072/aperture-released-fixture/index.html');
    const page = await site.read('doi/10.5072/aperture-released-fixture/index.html');
    expect(page).toContain('Lysozyme rotation data fixture-duplicate-doi');
  });

  test('each bad record is reported with record, file and place; records without what a page needs are left out', () => {
    const by = (record: string) => site.report.diagnostics.filter((d) => d.record === record && d.severity === 'error');
    const malformed = by('fixture-malformed');
    expect(malformed[0]).toMatchObject({ code: 'catalogue/malformed-json', file: 'fixture-malformed/datacite.json' });
    expect(malformed[0].pointer).toMatch(/^\d+:\d+$/);
    expect(by('fixture-schema-violation').map((d) => d.code)).toContain('datacite/schema');
    expect(by('fixture-unknown-licence').map((d) => d.code)).toContain('licence/unknown');
    // Catalogue order decides: fixture-duplicate-doi sorts first and keeps the DOI, so the other record is refused.
    expect(by('fixture-released').map((d) => d.code)).toEqual(['doi/duplicate']);
    const published = site.report.stage.published.map((p) => p.doi);
    expect(published).not.toContain('10.5072/aperture-malformed-fixture');
    expect(published).not.toContain('10.5072/aperture-schema-fixture');
    // An unknown licence id is an error, but not one a landing page needs: published without it.
    expect(published).toContain('10.5072/aperture-licence-fixture');
    expect(by('fixture-unknown-licence').map((d) => d.code)).not.toContain('datacite/value-left-out');
    expect(site.report.diagnostics.filter((d) => d.record === 'fixture-unknown-licence').map((d) => d.code)).toContain('datacite/value-left-out');
    expect(published).toHaveLength(3);
  });

  test('malformed listing lines are reported and the rest of the record still builds', async () => {
    const lines = site.report.diagnostics.filter((d) => d.record === 'fixture-bad-lines' && d.code === 'catalogue/datafile-invalid');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(await site.files()).toContain('doi/10.5072/aperture-bad-lines-fixture/index.html');
    const mismatch = site.report.diagnostics.find((d) => d.record === 'fixture-bad-lines' && d.code === 'catalogue/listing-mismatch');
    expect(mismatch?.pointer).toMatch(/^\/datasets\/\d+\/(fileCount|totalBytes)$/);
  });

  test('diagnostics are plain data: no stack traces in any message', () => {
    for (const d of site.report.diagnostics) {
      expect(Object.keys(d).sort()).toEqual(['code', 'file', 'hint', 'message', 'pointer', 'record', 'severity']);
      expect(d.message).not.toMatch(/\n\s+at /);
    }
  });
});
