/**
 * A funder registered by its identifier alone (no funderName, which the schema requires) is
 * kept: on the page as a link labelled with its scheme, in JSON-LD as a funder with @id and
 * identifier, in the DataCite JSON as registered; the DataCite XML export, whose XSD requires
 * a name, leaves it out and stays valid. Validation says all of that once, as a warning.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';
import { fundingOf } from '../../../src/record/funding.ts';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import { dataciteRecord, experimentRecord } from '../citation/factory.ts';
import type { FundingReference } from '../../../src/datacite/types.ts';

const XSD = join(import.meta.dirname, '../../../../shared/datacite/xsd/kernel-4.7/metadata.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const CI = process.env.CI === 'true';

/** One funder per identifier scheme, none named, and one named funder beside them. */
const BY_IDENTIFIER: Array<[FundingReference, { label: string; url: string | null }]> = [
  [{ funderIdentifier: 'https://ror.org/04wxnsj81', funderIdentifierType: 'ROR', awardNumber: 'A-1' }, { label: 'ROR', url: 'https://ror.org/04wxnsj81' }],
  [{ funderIdentifier: '10.13039/501100000780', funderIdentifierType: 'Crossref Funder ID' }, { label: 'Crossref Funder ID', url: 'https://doi.org/10.13039/501100000780' }],
  [{ funderIdentifier: '0000 0001 2298 6657', funderIdentifierType: 'ISNI' }, { label: 'ISNI', url: 'https://isni.org/isni/0000000122986657' }],
  [{ funderIdentifier: 'grid.5335.0', funderIdentifierType: 'GRID' }, { label: 'GRID grid.5335.0', url: null }],
  [{ funderIdentifier: '127467345', funderIdentifierType: 'Other', funderName: '' }, { label: '127467345', url: null }],
];
const named: FundingReference = { funderName: 'European Commission', funderIdentifier: 'https://doi.org/10.13039/501100000780', funderIdentifierType: 'Crossref Funder ID' };
const fundingReferences = [...BY_IDENTIFIER.map(([f]) => f), named];

describe('a funder given only by its identifier', () => {
  test('validation keeps every entry and warns once per nameless funder, at its funderName', () => {
    const sink = new DiagnosticSink();
    const attrs = validateDataCite(dataciteRecord({ fundingReferences }), sink);
    expect(sink.errors()).toEqual([]);
    expect(attrs?.fundingReferences).toEqual(fundingReferences);
    const warned = sink.list.filter((d) => d.code === 'funding/funder-name-missing');
    expect(warned.map((d) => [d.severity, d.pointer])).toEqual(BY_IDENTIFIER.map((_, i) => ['warning', `/fundingReferences/${i}/funderName`]));
  });

  test('a funder with neither name nor identifier is still a schema error', () => {
    const sink = new DiagnosticSink();
    validateDataCite(dataciteRecord({ fundingReferences: [{ awardNumber: 'A-2' } as FundingReference] }), sink);
    expect(sink.list.map((d) => [d.code, d.pointer])).toContainEqual(['datacite/schema', '/fundingReferences/0/funderName']);
  });

  test.each(BY_IDENTIFIER)('the page shows %j as a link labelled with its scheme', (f, { label, url }) => {
    const [read] = fundingOf({ fundingReferences: [f] });
    expect(read).toMatchObject({ funder: label, funderName: null, funderUrl: url, funderId: f.funderIdentifier });
  });

  test('JSON-LD names each as a funder by @id and identifier, with no name made up', () => {
    const ld = toSchemaOrg(experimentRecord({}, { fundingReferences }), { landingUrl: 'https://x.example/', catalogueName: 'X', catalogueUrl: 'https://x.example/', datasetSummaries: [] });
    const funders = ld.funder as Array<Record<string, unknown>>;
    expect(funders).toHaveLength(fundingReferences.length);
    expect(funders[0]).toEqual({
      '@type': 'Organization',
      '@id': 'https://ror.org/04wxnsj81',
      identifier: { '@type': 'PropertyValue', propertyID: 'ROR', value: 'https://ror.org/04wxnsj81', url: 'https://ror.org/04wxnsj81' },
    });
    expect(funders[3]).toEqual({ '@type': 'Organization', identifier: { '@type': 'PropertyValue', propertyID: 'GRID', value: 'grid.5335.0' } });
    expect(funders.slice(0, -1).every((f) => !('name' in f))).toBe(true);
    expect(funders.at(-1)).toEqual({ '@type': 'Organization', '@id': 'https://doi.org/10.13039/501100000780', name: 'European Commission' });
  });

  test('the DataCite XML export keeps the named funder and leaves the nameless ones out', () => {
    const xml = toDataCiteXml(dataciteRecord({ fundingReferences }));
    expect(xml.match(/<fundingReference>/g)).toHaveLength(1);
    expect(xml).toContain('<funderName>European Commission</funderName>');
    expect(toDataCiteXml(dataciteRecord({ fundingReferences: BY_IDENTIFIER.map(([f]) => f) }))).not.toContain('fundingReference');
  });

  test.skipIf(!CI && (!hasXmllint || !existsSync(XSD)))('the DataCite XML export stays valid against the kernel-4.7 XSD', () => {
    expect(hasXmllint, 'xmllint (Debian libxml2-utils) must be installed in CI').toBe(true);
    expect(existsSync(XSD), '../shared/datacite/xsd must exist in CI').toBe(true);
    for (const list of [fundingReferences, BY_IDENTIFIER.map(([f]) => f)]) {
      const file = join(mkdtempSync(join(tmpdir(), 'aperture-funder-')), 'doc.xml');
      writeFileSync(file, toDataCiteXml(dataciteRecord({ fundingReferences: list })));
      const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
      expect(r.stderr).toContain('validates');
    }
  });
});
