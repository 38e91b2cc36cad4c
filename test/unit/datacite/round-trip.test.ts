/**
 * Round trips lose nothing the schema carries: DataCite XML → record → XML and DataCite JSON
 * → record → JSON, for generated kernel-4.7 records (fast-check) as well as the official
 * examples (conformance.test.ts). A sample of the generated XML is validated against the 4.7
 * XSD with Debian's xmllint; in CI (CI=true) a missing xmllint or ../shared fails instead of
 * skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { parseDataCiteXml } from '../../../src/datacite/xml-read.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import { DATACITE_ENUMS } from '../../../src/datacite/enums.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';

const XSD = join(import.meta.dirname, '../../../../shared/datacite/xsd/kernel-4.7/metadata.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const CI = process.env.CI === 'true';

// ---- generated kernel-4.7 records ---------------------------------------------------------

const word = fc.stringMatching(/^[A-Za-z0-9À-ÿΑ-ω&<>"'%#._-]{1,12}$/);
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const enumOf = (k: keyof typeof DATACITE_ENUMS) => fc.constantFrom(...DATACITE_ENUMS[k]);
const lang = opt(fc.constantFrom('en', 'de', 'fr', 'en-GB'));
const year = fc.integer({ min: 1900, max: 2030 });
const day = fc.tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const orcid = fc.constantFrom('https://orcid.org/0000-0002-1825-0097', 'https://orcid.org/0000-0001-5109-3700');
const ror = fc.constantFrom('https://ror.org/02550n020', 'https://ror.org/04wxnsj81');

const affiliation = fc.record({ name: text, affiliationIdentifier: opt(ror) }).map((a) => (a.affiliationIdentifier ? { ...a, affiliationIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' } : { name: a.name }));
const person = fc.record(
  {
    name: text,
    nameType: opt(enumOf('nameType')),
    givenName: opt(word),
    familyName: opt(word),
    nameIdentifiers: opt(fc.array(orcid.map((o) => ({ nameIdentifier: o, nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' })), { minLength: 1, maxLength: 1 })),
    affiliation: opt(fc.array(affiliation, { minLength: 1, maxLength: 2 })),
    lang,
  },
  { requiredKeys: ['name'] },
);

const attributes: fc.Arbitrary<DataCiteAttributes> = fc
  .record(
    {
      suffix: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/),
      creators: fc.array(person, { minLength: 1, maxLength: 3 }),
      titles: fc.array(fc.record({ title: text, titleType: opt(enumOf('titleType')), lang }, { requiredKeys: ['title'] }), { minLength: 1, maxLength: 3 }),
      publisher: fc.oneof(text, fc.record({ name: text, publisherIdentifier: ror }).map((p) => ({ ...p, publisherIdentifierScheme: 'ROR', schemeUri: 'https://ror.org/' }))),
      publicationYear: year,
      types: fc.record({ resourceTypeGeneral: enumOf('resourceTypeGeneral'), resourceType: opt(text) }, { requiredKeys: ['resourceTypeGeneral'] }),
      subjects: opt(fc.array(fc.record({ subject: text, subjectScheme: opt(word), lang }, { requiredKeys: ['subject'] }), { minLength: 1, maxLength: 3 })),
      contributors: opt(fc.array(fc.tuple(person, enumOf('contributorType')).map(([p, t]) => ({ ...p, contributorType: t })), { minLength: 1, maxLength: 2 })),
      dates: opt(fc.array(fc.record({ date: fc.oneof(day, fc.tuple(day, day).map(([a, b]) => (a <= b ? `${a}/${b}` : `${b}/${a}`))), dateType: enumOf('dateType'), dateInformation: opt(text) }, { requiredKeys: ['date', 'dateType'] }), { minLength: 1, maxLength: 3 })),
      language: opt(fc.constantFrom('en', 'de')),
      alternateIdentifiers: opt(fc.array(fc.record({ alternateIdentifier: word, alternateIdentifierType: word }), { minLength: 1, maxLength: 2 })),
      relatedIdentifiers: opt(
        fc.array(
          fc.record(
            { relatedIdentifier: fc.constantFrom('10.1107/S2059798324000001', '10.2210/pdb1abc/pdb'), relationType: enumOf('relationType'), resourceTypeGeneral: opt(enumOf('resourceTypeGeneral')) },
            { requiredKeys: ['relatedIdentifier', 'relationType'] },
          ).map((r) => ({ ...r, relatedIdentifierType: 'DOI' })),
          { minLength: 1, maxLength: 3 },
        ),
      ),
      sizes: opt(fc.array(text, { minLength: 1, maxLength: 2 })),
      formats: opt(fc.array(fc.constantFrom('application/x-hdf5', 'image/x-cbf'), { minLength: 1, maxLength: 2 })),
      version: opt(fc.stringMatching(/^[0-9]\.[0-9]$/)),
      rightsList: opt(fc.array(fc.record({ rights: opt(text), rightsUri: fc.constant('https://creativecommons.org/licenses/by/4.0/legalcode'), rightsIdentifier: fc.constant('CC-BY-4.0'), rightsIdentifierScheme: fc.constant('SPDX'), lang }, { requiredKeys: ['rightsUri'] }), { minLength: 1, maxLength: 1 })),
      descriptions: opt(fc.array(fc.record({ description: fc.array(text, { minLength: 1, maxLength: 3 }).map((l) => l.join('\n')), descriptionType: enumOf('descriptionType'), lang }, { requiredKeys: ['description', 'descriptionType'] }), { minLength: 1, maxLength: 2 })),
      geoLocations: opt(
        fc.array(
          fc.record(
            {
              geoLocationPlace: opt(text),
              geoLocationPoint: opt(fc.record({ pointLongitude: fc.integer({ min: -180, max: 180 }), pointLatitude: fc.integer({ min: -90, max: 90 }) })),
            },
            { requiredKeys: [] },
          ).filter((g) => g.geoLocationPlace !== undefined || g.geoLocationPoint !== undefined),
          { minLength: 1, maxLength: 2 },
        ),
      ),
      fundingReferences: opt(fc.array(fc.record({ funderName: text, awardNumber: opt(word), awardTitle: opt(text) }, { requiredKeys: ['funderName'] }), { minLength: 1, maxLength: 2 })),
    },
    { requiredKeys: ['suffix', 'creators', 'titles', 'publisher', 'publicationYear', 'types'] },
  )
  .map(({ suffix, ...rest }) => ({ doi: `10.5072/${suffix}`, ...rest }) as unknown as DataCiteAttributes);

/** What the schema carries, compared without representation: numbers as strings, absent = empty, derived prefix/suffix dropped. */
function carried(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? value.map(carried) : undefined;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (['prefix', 'suffix', 'schemaVersion'].includes(k)) continue;
      const c = carried(v);
      if (c !== undefined && c !== null) out[k] = c;
    }
    return out;
  }
  if (typeof value === 'number') return String(value);
  return value === null ? undefined : value;
}

function xmllint(xml: string): { ok: boolean; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aperture-roundtrip-'));
  const file = join(dir, 'doc.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

describe('DataCite round trips (generated kernel-4.7 records)', () => {
  test('XML → record → XML loses nothing the schema carries', () => {
    fc.assert(
      fc.property(attributes, (a) => {
        const sink = new DiagnosticSink();
        const back = parseDataCiteXml(toDataCiteXml(a), sink);
        expect(sink.list).toEqual([]);
        expect(carried(back)).toEqual(carried(a));
        // and writing what was read gives the same document again
        expect(toDataCiteXml(back!)).toBe(toDataCiteXml(a));
      }),
      { numRuns: 300 },
    );
  });

  test('JSON → record → JSON: every generated record is accepted and exported unchanged', () => {
    fc.assert(
      fc.property(attributes, (a) => {
        const sink = new DiagnosticSink();
        const record = validateDataCite(JSON.parse(JSON.stringify(a)), sink);
        expect(sink.errors()).toEqual([]);
        expect(JSON.parse(JSON.stringify(record))).toEqual(JSON.parse(JSON.stringify(a)));
      }),
      { numRuns: 200 },
    );
  });

  test.skipIf(!CI && (!hasXmllint || !existsSync(XSD)))('the written XML is valid against the kernel-4.7 XSD (xmllint)', () => {
    expect(hasXmllint, 'xmllint (Debian libxml2-utils) must be installed in CI').toBe(true);
    expect(existsSync(XSD), '../shared/datacite/xsd must exist in CI').toBe(true);
    const samples = fc.sample(attributes, { numRuns: 40, seed: 47 });
    for (const a of samples) {
      const lint = xmllint(toDataCiteXml(a));
      expect(lint.stderr, lint.stderr).toContain('validates');
    }
  });
});
