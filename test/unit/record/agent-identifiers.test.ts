/**
 * A creator's identifiers of other schemes than ORCID and ROR (ISNI, Scopus, GND, a scheme
 * known only by its schemeUri), and an affiliation registered by a GRID or ISNI id alone,
 * reach the page and the JSON-LD instead of vanishing from both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import { readAgent } from '../../../src/record/agents.ts';
import { agentModel } from '../../../src/model/people.ts';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { dataciteRecord, experimentRecord } from '../citation/factory.ts';

const XSD = join(import.meta.dirname, '../../../../shared/datacite/xsd/kernel-4.7/metadata.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const CI = process.env.CI === 'true';
import type { Creator } from '../../../src/datacite/types.ts';

const creator: Creator = {
  name: 'Garcia, Ana',
  nameType: 'Personal',
  givenName: 'Ana',
  familyName: 'Garcia',
  nameIdentifiers: [
    { nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' },
    { nameIdentifier: '0000 0001 2146 438X', nameIdentifierScheme: 'ISNI', schemeUri: 'http://isni.org/isni/' },
    { nameIdentifier: '7004212771', nameIdentifierScheme: 'Scopus Author ID', schemeUri: 'https://www.scopus.com/authid/detail.uri?authorId=' },
    { nameIdentifier: 'X-42', nameIdentifierScheme: 'LocalStaffId' },
  ],
  affiliation: [
    { affiliationIdentifier: 'grid.5398.7', affiliationIdentifierScheme: 'GRID', schemeUri: 'https://www.grid.ac/institutes/' },
    { affiliationIdentifier: '0000 0004 0641 6031', affiliationIdentifierScheme: 'ISNI' },
  ] as Creator['affiliation'],
};

describe('identifiers of other schemes', () => {
  const agent = readAgent(creator);

  test('the record core reads each with its scheme and a link made from its schemeUri or the scheme\'s resolver', () => {
    expect(agent.orcid).toBe('0000-0002-1825-0097');
    expect(agent.otherIds).toEqual([
      { scheme: 'ISNI', value: '0000 0001 2146 438X', url: 'http://isni.org/isni/000000012146438X' },
      { scheme: 'Scopus Author ID', value: '7004212771', url: 'https://www.scopus.com/authid/detail.uri?authorId=7004212771' },
      { scheme: 'LocalStaffId', value: 'X-42', url: null },
    ]);
    expect(agent.affiliations).toEqual([
      { name: 'GRID grid.5398.7', ror: null, url: 'https://www.grid.ac/institutes/grid.5398.7' },
      { name: 'ISNI 0000 0004 0641 6031', ror: null, url: 'https://isni.org/isni/0000000406416031' },
    ]);
  });

  test('the page links each identifier that has a link, labelled by its scheme, and the affiliations by theirs', () => {
    const person = agentModel(agent);
    expect(person.identifiers).toEqual([
      { scheme: 'ISNI', value: '0000 0001 2146 438X', url: 'http://isni.org/isni/000000012146438X' },
      { scheme: 'Scopus Author ID', value: '7004212771', url: 'https://www.scopus.com/authid/detail.uri?authorId=7004212771' },
    ]);
    expect(person.affiliations.map((a) => [a.name, a.url])).toEqual([
      ['GRID grid.5398.7', 'https://www.grid.ac/institutes/grid.5398.7'],
      ['ISNI 0000 0004 0641 6031', 'https://isni.org/isni/0000000406416031'],
    ]);
  });

  test('the JSON-LD states every identifier as a PropertyValue, the linked ones also as sameAs', () => {
    const ld = toSchemaOrg(experimentRecord({}, { creators: [creator] }), { landingUrl: 'https://x.example/', catalogueName: 'X', catalogueUrl: 'https://x.example/', datasetSummaries: [] });
    const [person] = ld.creator as Array<Record<string, any>>;
    expect(person!['@id']).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(person!.identifier.map((x: any) => x.propertyID)).toEqual(['https://registry.identifiers.org/registry/orcid', 'ISNI', 'Scopus Author ID', 'LocalStaffId']);
    expect(person!.sameAs).toEqual(['https://orcid.org/0000-0002-1825-0097', 'http://isni.org/isni/000000012146438X', 'https://www.scopus.com/authid/detail.uri?authorId=7004212771']);
    expect(person!.affiliation).toEqual([
      { '@type': 'Organization', '@id': 'https://www.grid.ac/institutes/grid.5398.7', name: 'GRID grid.5398.7' },
      { '@type': 'Organization', '@id': 'https://isni.org/isni/0000000406416031', name: 'ISNI 0000 0004 0641 6031' },
    ]);
  });

  test('a creator with only an ORCID keeps the JSON-LD it had', () => {
    const ld = toSchemaOrg(experimentRecord({}, { creators: [{ ...creator, nameIdentifiers: creator.nameIdentifiers!.slice(0, 1), affiliation: [] }] }), { landingUrl: 'https://x.example/', catalogueName: 'X', catalogueUrl: 'https://x.example/', datasetSummaries: [] });
    const [person] = ld.creator as Array<Record<string, any>>;
    expect(person!.sameAs).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(person!.identifier).toMatchObject({ propertyID: 'https://registry.identifiers.org/registry/orcid' });
  });

  test('validation keeps an affiliation registered by its identifier alone, with one warning, where it used to leave it out', () => {
    const sink = new DiagnosticSink();
    const attrs = validateDataCite(dataciteRecord({ creators: [creator] }), sink);
    expect(sink.errors()).toEqual([]);
    expect(attrs!.creators[0]!.affiliation).toEqual(creator.affiliation);
    expect(sink.list.filter((d) => d.code === 'affiliation/name-missing').map((d) => d.pointer)).toEqual(['/creators/0/affiliation/0/name', '/creators/0/affiliation/1/name']);
    expect(sink.list.map((d) => d.code)).not.toContain('datacite/value-left-out');
  });

  test('the DataCite XML export leaves out the nameless affiliations and keeps every name identifier', () => {
    const xml = toDataCiteXml(dataciteRecord({ creators: [{ ...creator, affiliation: [...creator.affiliation!, { name: 'ESRF' }] as Creator['affiliation'] }] }));
    expect(xml.match(/<affiliation\b/g)).toHaveLength(1);
    expect(xml.match(/<nameIdentifier\b/g)).toHaveLength(4);
  });

  test.skipIf(!CI && (!hasXmllint || !existsSync(XSD)))('and stays valid against the kernel-4.7 XSD', () => {
    expect(hasXmllint && existsSync(XSD), 'xmllint and ../shared must exist in CI').toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'aperture-affiliation-')), 'doc.xml');
    writeFileSync(file, toDataCiteXml(dataciteRecord({ creators: [creator] })));
    expect(spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' }).stderr).toContain('validates');
  });
});
