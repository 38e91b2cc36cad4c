import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { parseDataCiteXml } from '../../../src/datacite/xml-read.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';

const KERNEL4 = 'xmlns="http://datacite.org/schema/kernel-4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** A small kernel-4.7 document touching every property. */
const FULL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<resource ${KERNEL4}>
  <identifier identifierType="DOI">10.5072/APERTURE-XML-1</identifier>
  <creators>
    <creator>
      <creatorName nameType="Personal" xml:lang="en">Garman, Elspeth</creatorName>
      <givenName>Elspeth</givenName><familyName>Garman</familyName>
      <nameIdentifier nameIdentifierScheme="ORCID" schemeURI="https://orcid.org">https://orcid.org/0000-0002-1825-0097</nameIdentifier>
      <affiliation affiliationIdentifier="https://ror.org/02550n020" affiliationIdentifierScheme="ROR" schemeURI="https://ror.org">ESRF</affiliation>
      <affiliation>University of Oxford</affiliation>
    </creator>
  </creators>
  <titles>
    <title xml:lang="en">Lysozyme &amp; friends</title>
    <title titleType="Subtitle">Rotation data</title>
  </titles>
  <publisher publisherIdentifier="https://ror.org/02550n020" publisherIdentifierScheme="ROR" schemeURI="https://ror.org/">ESRF</publisher>
  <publicationYear>2024</publicationYear>
  <resourceType resourceTypeGeneral="Dataset">Raw diffraction images</resourceType>
  <subjects><subject subjectScheme="PaNET" schemeURI="http://purl.org/pan-science/PaNET/" valueURI="http://purl.org/pan-science/PaNET/PaNET01188">rotation method</subject></subjects>
  <contributors>
    <contributor contributorType="DataCollector"><contributorName nameType="Organizational">ID23-1 beamline</contributorName></contributor>
  </contributors>
  <dates><date dateType="Collected" dateInformation="beamtime">2024-03-01/2024-03-03</date></dates>
  <language>en</language>
  <alternateIdentifiers><alternateIdentifier alternateIdentifierType="Proposal">MX-2468</alternateIdentifier></alternateIdentifiers>
  <relatedIdentifiers>
    <relatedIdentifier relatedIdentifierType="DOI" relationType="IsSupplementTo" resourceTypeGeneral="JournalArticle">10.1107/S2059798324000001</relatedIdentifier>
    <relatedIdentifier relatedIdentifierType="URL" relationType="Other" relationTypeInformation="Model built from these data">https://www.rcsb.org/structure/1ABC</relatedIdentifier>
  </relatedIdentifiers>
  <sizes><size>12 GB</size><size>3600 files</size></sizes>
  <formats><format>application/x-hdf5</format></formats>
  <version>1.1</version>
  <rightsList><rights xml:lang="en" rightsURI="https://creativecommons.org/licenses/by/4.0/legalcode" rightsIdentifier="CC-BY-4.0" rightsIdentifierScheme="SPDX" schemeURI="https://spdx.org/licenses/">Creative Commons Attribution 4.0 International</rights></rightsList>
  <descriptions><description descriptionType="Abstract" xml:lang="en">First line of a description long enough for discovery.<br/>Second line.</description></descriptions>
  <geoLocations>
    <geoLocation>
      <geoLocationPlace>Grenoble</geoLocationPlace>
      <geoLocationPoint><pointLongitude>5.69</pointLongitude><pointLatitude>45.21</pointLatitude></geoLocationPoint>
      <geoLocationBox><westBoundLongitude>5.6</westBoundLongitude><eastBoundLongitude>5.8</eastBoundLongitude><southBoundLatitude>45.1</southBoundLatitude><northBoundLatitude>45.3</northBoundLatitude></geoLocationBox>
      <geoLocationPolygon>
        <polygonPoint><pointLongitude>5.6</pointLongitude><pointLatitude>45.1</pointLatitude></polygonPoint>
        <polygonPoint><pointLongitude>5.8</pointLongitude><pointLatitude>45.1</pointLatitude></polygonPoint>
        <polygonPoint><pointLongitude>5.8</pointLongitude><pointLatitude>45.3</pointLatitude></polygonPoint>
        <polygonPoint><pointLongitude>5.6</pointLongitude><pointLatitude>45.1</pointLatitude></polygonPoint>
        <inPolygonPoint><pointLongitude>5.7</pointLongitude><pointLatitude>45.2</pointLatitude></inPolygonPoint>
      </geoLocationPolygon>
    </geoLocation>
  </geoLocations>
  <fundingReferences>
    <fundingReference>
      <funderName>European Research Council</funderName>
      <funderIdentifier funderIdentifierType="ROR" schemeURI="https://ror.org/">https://ror.org/0472cxd90</funderIdentifier>
      <awardNumber awardURI="https://cordis.europa.eu/project/id/101000001">101000001</awardNumber>
      <awardTitle>Radiation damage</awardTitle>
    </fundingReference>
  </fundingReferences>
  <relatedItems>
    <relatedItem relatedItemType="JournalArticle" relationType="IsSupplementTo">
      <relatedItemIdentifier relatedItemIdentifierType="DOI">10.1107/S2059798324000001</relatedItemIdentifier>
      <creators><creator><creatorName nameType="Personal">Garman, Elspeth</creatorName><givenName>Elspeth</givenName><familyName>Garman</familyName></creator></creators>
      <titles><title>Radiation damage in lysozyme</title></titles>
      <publicationYear>2024</publicationYear>
      <volume>80</volume><issue>3</issue><number numberType="Article">12</number><firstPage>1</firstPage><lastPage>10</lastPage>
      <publisher>IUCr</publisher><edition>1</edition>
      <contributors><contributor contributorType="Editor"><contributorName>Someone</contributorName></contributor></contributors>
    </relatedItem>
  </relatedItems>
</resource>`;

function read(xml: string): { attrs: DataCiteAttributes | undefined; sink: DiagnosticSink } {
  const sink = new DiagnosticSink([], { record: 'r', file: 'r/datacite.xml' });
  return { attrs: parseDataCiteXml(xml, sink), sink };
}

describe('parseDataCiteXml', () => {
  test('maps every kernel-4.7 property to the REST shape', () => {
    const { attrs, sink } = read(FULL_XML);
    expect(sink.list).toEqual([]);
    expect(attrs).toMatchObject({
      doi: '10.5072/aperture-xml-1',
      prefix: '10.5072',
      suffix: 'aperture-xml-1',
      creators: [
        {
          name: 'Garman, Elspeth', nameType: 'Personal', givenName: 'Elspeth', familyName: 'Garman', lang: 'en',
          nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
          affiliation: [
            { name: 'ESRF', affiliationIdentifier: 'https://ror.org/02550n020', affiliationIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' },
            { name: 'University of Oxford' },
          ],
        },
      ],
      titles: [{ title: 'Lysozyme & friends', lang: 'en' }, { title: 'Rotation data', titleType: 'Subtitle' }],
      publisher: { name: 'ESRF', publisherIdentifier: 'https://ror.org/02550n020', publisherIdentifierScheme: 'ROR', schemeUri: 'https://ror.org/' },
      publicationYear: 2024,
      types: { resourceTypeGeneral: 'Dataset', resourceType: 'Raw diffraction images' },
      subjects: [{ subject: 'rotation method', subjectScheme: 'PaNET', valueUri: 'http://purl.org/pan-science/PaNET/PaNET01188' }],
      contributors: [{ name: 'ID23-1 beamline', nameType: 'Organizational', contributorType: 'DataCollector' }],
      dates: [{ date: '2024-03-01/2024-03-03', dateType: 'Collected', dateInformation: 'beamtime' }],
      language: 'en',
      alternateIdentifiers: [{ alternateIdentifier: 'MX-2468', alternateIdentifierType: 'Proposal' }],
      relatedIdentifiers: [
        { relatedIdentifier: '10.1107/S2059798324000001', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo', resourceTypeGeneral: 'JournalArticle' },
        { relatedIdentifier: 'https://www.rcsb.org/structure/1ABC', relationType: 'Other', relationTypeInformation: 'Model built from these data' },
      ],
      sizes: ['12 GB', '3600 files'],
      formats: ['application/x-hdf5'],
      version: '1.1',
      rightsList: [{ rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'CC-BY-4.0', rightsIdentifierScheme: 'SPDX', lang: 'en' }],
      descriptions: [{ description: 'First line of a description long enough for discovery.\nSecond line.', descriptionType: 'Abstract' }],
      geoLocations: [
        {
          geoLocationPlace: 'Grenoble',
          geoLocationPoint: { pointLongitude: 5.69, pointLatitude: 45.21 },
          geoLocationBox: { westBoundLongitude: 5.6, eastBoundLongitude: 5.8, southBoundLatitude: 45.1, northBoundLatitude: 45.3 },
        },
      ],
      fundingReferences: [{ funderName: 'European Research Council', funderIdentifierType: 'ROR', awardNumber: '101000001', awardUri: 'https://cordis.europa.eu/project/id/101000001', awardTitle: 'Radiation damage' }],
      relatedItems: [
        {
          relatedItemType: 'JournalArticle', relationType: 'IsSupplementTo',
          relatedItemIdentifier: { relatedItemIdentifier: '10.1107/S2059798324000001', relatedItemIdentifierType: 'DOI' },
          creators: [{ name: 'Garman, Elspeth', nameType: 'Personal' }],
          titles: [{ title: 'Radiation damage in lysozyme' }],
          publicationYear: '2024', volume: '80', number: '12', numberType: 'Article', publisher: 'IUCr',
          contributors: [{ name: 'Someone', contributorType: 'Editor' }],
        },
      ],
      schemaVersion: 'http://datacite.org/schema/kernel-4',
    });
    expect(attrs!.geoLocations![0].geoLocationPolygon).toHaveLength(5);
    expect(validateDataCite(attrs, sink)).not.toBeNull();
    expect(sink.list).toEqual([]);
  });

  test('malformed XML is a diagnostic with line:column, not an exception', () => {
    const { attrs, sink } = read('<?xml version="1.0"?>\n<resource>\n  <titles><title>x</titles>\n</resource>');
    expect(attrs).toBeUndefined();
    expect(sink.list).toHaveLength(1);
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/malformed-xml', severity: 'error', record: 'r', file: 'r/datacite.xml' });
    expect(sink.list[0].pointer).toMatch(/^3:\d+$/);
  });

  test('XML that is not a DataCite resource is reported', () => {
    const { attrs, sink } = read('<oai_dc:dc xmlns:oai_dc="x"><title>x</title></oai_dc:dc>');
    expect(attrs).toBeUndefined();
    expect(sink.list[0].code).toBe('catalogue/malformed-xml');
    expect(sink.list[0].message).toContain('<dc>');
  });

  test('kernel-3 point and box text forms', () => {
    const xml = `<resource xmlns="http://datacite.org/schema/kernel-3"><identifier identifierType="DOI">10.5072/K3</identifier>
      <geoLocations><geoLocation><geoLocationPoint>31.233 -67.302</geoLocationPoint><geoLocationBox>41.090 -71.032 42.893 -68.211</geoLocationBox></geoLocation></geoLocations></resource>`;
    const { attrs } = read(xml);
    expect(attrs!.schemaVersion).toBe('http://datacite.org/schema/kernel-3');
    expect(attrs!.geoLocations).toEqual([
      {
        geoLocationPoint: { pointLatitude: 31.233, pointLongitude: -67.302 },
        geoLocationBox: { southBoundLatitude: 41.09, westBoundLongitude: -71.032, northBoundLatitude: 42.893, eastBoundLongitude: -68.211 },
      },
    ]);
  });

  test('text split by CDATA sections is one text, and CRLF line ends are read as LF', () => {
    const xml = [
      `<resource ${KERNEL4}><identifier identifierType="DOI">10.5072/CDATA</identifier>`,
      '<titles><title>The <![CDATA[art of <soft> power]]> banishment</title></titles>',
      '<descriptions><description descriptionType="Abstract">First line,<![CDATA[ still first]]>\r\nsecond line\rthird</description></descriptions>',
      '</resource>',
    ].join('\r\n');
    const { attrs } = read(xml);
    expect(attrs!.titles).toEqual([{ title: 'The art of <soft> power banishment' }]);
    expect(attrs!.descriptions![0].description).toBe('First line, still first\nsecond line\nthird');
  });
});

describe('toDataCiteXml', () => {
  test('round-trips the full document field by field', () => {
    const first = read(FULL_XML).attrs!;
    const again = read(toDataCiteXml(first)).attrs!;
    expect(again).toEqual(first);
  });

  test('escapes hostile text and attribute values', () => {
    const attrs = read(FULL_XML).attrs!;
    attrs.titles = [{ title: '</title><script>alert(1)</script> & "q"' }];
    attrs.creators[0].name = 'a\u0000b';
    attrs.rightsList = [{ rights: 'x', rightsUri: 'https://example.org/?a=1&b="2"<' }];
    const xml = toDataCiteXml(attrs);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;/title&gt;&lt;script&gt;');
    expect(xml).not.toContain('\u0000');
    const back = read(xml).attrs!;
    expect(back.titles[0].title).toBe('</title><script>alert(1)</script> & "q"');
    expect(back.rightsList![0].rightsUri).toBe('https://example.org/?a=1&b="2"<');
  });

  test('a POSIX locale from the REST API (en_US) is written as the language tag xs:language requires', () => {
    const xml = toDataCiteXml({
      doi: '10.5072/rest-2',
      creators: [{ name: 'A', lang: 'fr_CA' } as never],
      titles: [{ title: 'T', lang: 'de_DE' }],
      publisher: 'P',
      publicationYear: 2021,
      types: { resourceTypeGeneral: 'Dataset' },
      language: 'en_US',
    });
    expect(xml).toContain('<language>en-US</language>');
    expect(xml).toContain('<title xml:lang="de-DE">T</title>');
    expect(xml).toContain('xml:lang="fr-CA"');
    expect(xml).not.toContain('_');
  });

  test('REST-style input: string publisher and affiliations, integer year, nulls', () => {
    const xml = toDataCiteXml({
      doi: '10.5072/rest-1',
      creators: [{ name: 'A', affiliation: ['Inst'], nameIdentifiers: [] }],
      titles: [{ title: 'T', titleType: null } as never],
      publisher: 'P',
      publicationYear: 2021,
      types: { resourceTypeGeneral: 'Dataset' },
      language: null,
      version: null,
      identifiers: [{ identifier: 'LOCAL-7', identifierType: 'Local' }],
    });
    expect(xml).toContain('<affiliation>Inst</affiliation>');
    expect(xml).toContain('<publicationYear>2021</publicationYear>');
    expect(xml).toContain('<alternateIdentifier alternateIdentifierType="Local">LOCAL-7</alternateIdentifier>');
    expect(xml).not.toContain('language');
    expect(xml).not.toContain('titleType');
  });
});
