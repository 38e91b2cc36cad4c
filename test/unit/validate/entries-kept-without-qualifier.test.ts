/**
 * An entry registered without a qualifier the schema requires, that still names someone or
 * something (a contributor without its role, an alternate identifier without its type, as
 * real repositories register them), is kept on the page and in the JSON-LD with a warning, and
 * left out of the DataCite XML export only, which stays valid against the XSD.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import { contributorsOf } from '../../../src/record/agents.ts';
import { alternateIdentifiersOf } from '../../../src/record/fields.ts';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { dataciteRecord, experimentRecord } from '../citation/factory.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';

const XSD = join(import.meta.dirname, '../../../../shared/datacite/xsd/kernel-4.7/metadata.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const CI = process.env.CI === 'true';

const attrs = {
  contributors: [
    // As an OAI-PMH record from a French library registered it: no contributorType at all.
    { name: "Université de Lorraine-Direction de la Documentation et de l'Edition", nameType: 'Organizational', contributorType: null },
    // A role outside the controlled list: the contributor is kept, the role is not.
    { name: 'Vogel, Franz Adam', nameType: 'Personal', contributorType: 'Author' },
    { name: 'ESRF', nameType: 'Organizational', contributorType: 'HostingInstitution' },
  ],
  // The type written on the wrapper element, as NIST's record does: the identifier has none.
  alternateIdentifiers: [{ alternateIdentifier: '7CE9D6400C0A30C9E053B357068182C92163' }, { alternateIdentifier: 'MX-42', alternateIdentifierType: 'Local accession' }],
} as unknown as Partial<DataCiteAttributes>;

function validated(): { record: DataCiteAttributes; codes: Array<[string, string | null, string]> } {
  const sink = new DiagnosticSink();
  const record = validateDataCite(dataciteRecord(attrs), sink)!;
  return { record, codes: sink.list.map((d) => [d.code, d.pointer, d.severity]) };
}

describe('entries without a required qualifier', () => {
  test('are kept, each reported once as a warning; a role outside the list is left out, not the contributor', () => {
    const { record, codes } = validated();
    expect(contributorsOf(record).map((c) => [c.name, c.role])).toEqual([
      ["Université de Lorraine-Direction de la Documentation et de l'Edition", null],
      ['Vogel, Franz Adam', null],
      ['ESRF', 'HostingInstitution'],
    ]);
    expect(alternateIdentifiersOf(record)).toEqual([{ value: '7CE9D6400C0A30C9E053B357068182C92163', type: '' }, { value: 'MX-42', type: 'Local accession' }]);
    expect(codes.filter(([code]) => /role-missing|alternate-type-missing/.test(code))).toEqual([
      ['contributor/role-missing', '/contributors/0/contributorType', 'warning'],
      ['identifier/alternate-type-missing', '/alternateIdentifiers/0/alternateIdentifierType', 'warning'],
    ]);
    // The value outside the list is still an error, reported once: check fails until it is corrected.
    expect(codes).toContainEqual(['datacite/schema', '/contributors/1/contributorType', 'error']);
  });

  test('the JSON-LD states the kept alternate identifier', () => {
    const ld = toSchemaOrg(experimentRecord({}, validated().record), { landingUrl: 'https://x.example/', catalogueName: 'X', catalogueUrl: 'https://x.example/', datasetSummaries: [] });
    expect(ld.identifier).toContainEqual({ '@type': 'PropertyValue', propertyID: 'local', value: '7CE9D6400C0A30C9E053B357068182C92163' });
  });

  test('the DataCite XML export leaves them out, and only them', () => {
    const xml = toDataCiteXml(validated().record);
    expect(xml.match(/<contributor\b/g)).toHaveLength(1);
    expect(xml).toContain('<alternateIdentifier alternateIdentifierType="Local accession">MX-42</alternateIdentifier>');
    expect(xml).not.toContain('7CE9D6400C0A30C9E053B357068182C92163');
  });

  test.skipIf(!CI && (!hasXmllint || !existsSync(XSD)))('the DataCite XML export stays valid against the kernel-4.7 XSD', () => {
    expect(hasXmllint && existsSync(XSD), 'xmllint and ../shared must exist in CI').toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'aperture-qualifier-')), 'doc.xml');
    writeFileSync(file, toDataCiteXml(validated().record));
    expect(spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' }).stderr).toContain('validates');
  });
});
