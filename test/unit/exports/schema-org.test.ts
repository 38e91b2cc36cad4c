import { describe, expect, test } from 'vitest';
import { ACCESS_EMBARGOED, ACCESS_OPEN, MAX_INLINE_FILES, jsonLdScript, toSchemaOrg, type SchemaOrgContext } from '../../../src/exports/schema-org.ts';
import { experimentRecord, HOSTILE, hostileRecord } from '../citation/factory.ts';

const base = 'https://data.example.org';
function ctx(fileCount = 2): SchemaOrgContext {
  return {
    landingUrl: `${base}/doi/10.5072/aperture.lyso-001/`,
    catalogueName: 'Example Data Archive',
    catalogueUrl: `${base}/`,
    datasetSummaries: [{ id: 'raw', title: 'Raw images', url: `${base}/doi/10.5072/aperture.lyso-001/raw/`, fileCount, totalBytes: 2048 * fileCount, distributionUrl: `${base}/m/raw.json` }],
    files: Array.from({ length: fileCount }, (_, i) => ({
      name: `images/lyso_${String(i + 1).padStart(5, '0')}.cbf`,
      url: `https://s3.example.org/bucket/lyso/${i + 1}.cbf`,
      mediaType: 'application/octet-stream',
      size: 2048.0,
      sha256: 'ab'.repeat(32),
    })),
    variableMeasured: [{ name: 'wavelength', value: 0.9793, unitText: 'Å' }],
  };
}

describe('toSchemaOrg(record, ctx)', () => {
  const ld = toSchemaOrg(experimentRecord(), ctx());
  test('identity: @type, name, url, identifier PropertyValue, sameAs DOI URL', () => {
    expect(ld['@type']).toBe('Dataset');
    expect(ld.name).toBe('Lysozyme rotation data at 100 K');
    expect(ld.url).toBe(`${base}/doi/10.5072/aperture.lyso-001/`);
    expect(ld.identifier).toEqual({
      '@type': 'PropertyValue',
      propertyID: 'https://registry.identifiers.org/registry/doi',
      value: 'doi:10.5072/aperture.lyso-001',
      url: 'https://doi.org/10.5072/aperture.lyso-001',
    });
    expect(ld.sameAs).toBe('https://doi.org/10.5072/aperture.lyso-001');
  });
  test('description is 50–5000 characters and long ones are cut', () => {
    expect(String(ld.description).length).toBeGreaterThanOrEqual(50);
    const long = toSchemaOrg(experimentRecord({}, { descriptions: [{ description: 'word '.repeat(2000), descriptionType: 'Abstract' }] }), ctx());
    expect(String(long.description).length).toBeLessThanOrEqual(5000);
  });
  test('creators in order: Person with ORCID as @id/sameAs/identifier and ROR affiliation, then Organization', () => {
    const creators = ld.creator as Array<Record<string, unknown>>;
    expect(creators.map((c) => c['@type'])).toEqual(['Person', 'Organization']);
    expect(creators[0]).toMatchObject({
      '@id': 'https://orcid.org/0000-0002-1825-0097',
      sameAs: 'https://orcid.org/0000-0002-1825-0097',
      givenName: 'Ana',
      familyName: 'Garcia',
      name: 'Ana Garcia',
      affiliation: { '@type': 'Organization', '@id': 'https://ror.org/02mhbdp94', name: 'Example Synchrotron' },
    });
    expect(creators[0]!.identifier).toMatchObject({ value: '0000-0002-1825-0097' });
    expect(creators[1]).toEqual({ '@type': 'Organization', name: 'Aperture Beamline Team' });
  });
  test('publisher, date, SPDX licence, access, keywords, technique, catalogue, funder, version, temporal coverage', () => {
    expect(ld.publisher).toEqual({ '@type': 'Organization', '@id': 'https://ror.org/02mhbdp94', name: 'Example Synchrotron Data Archive' });
    expect(ld.datePublished).toBe('2024-03-01');
    expect(ld.license).toBe('https://spdx.org/licenses/CC-BY-4.0');
    expect(ld.isAccessibleForFree).toBe(true);
    expect(ld.conditionsOfAccess).toBe(ACCESS_OPEN);
    expect(ld.keywords).toEqual(['macromolecular crystallography', 'lysozyme']);
    expect(ld.measurementTechnique).toMatchObject({ '@type': 'DefinedTerm', url: 'http://purl.org/pan-science/PaNET/PaNET01245', termCode: 'PaNET01245' });
    expect(ld.variableMeasured).toEqual([{ '@type': 'PropertyValue', name: 'wavelength', value: 0.9793, unitText: 'Å' }]);
    expect(ld.includedInDataCatalog).toEqual({ '@type': 'DataCatalog', name: 'Example Data Archive', url: `${base}/` });
    expect(ld.funder).toEqual([{ '@type': 'Organization', '@id': 'https://doi.org/10.13039/501100000780', name: 'European Commission' }]);
    expect(ld.version).toBe('1.0');
    expect(ld.temporalCoverage).toBe('2023-11-02/2023-11-03');
  });
  test('distribution: one DataDownload per file with absolute URL, media type, integer size, sha256', () => {
    const dist = ld.distribution as Array<Record<string, unknown>>;
    expect(dist).toHaveLength(2);
    expect(dist[0]).toEqual({
      '@type': 'DataDownload',
      name: 'images/lyso_00001.cbf',
      contentUrl: 'https://s3.example.org/bucket/lyso/1.cbf',
      encodingFormat: 'application/octet-stream',
      contentSize: 2048,
      'spdx:checksum': { '@type': 'spdx:Checksum', 'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' }, 'spdx:checksumValue': 'ab'.repeat(32) },
    });
    expect(Number.isInteger(dist[0]!.contentSize)).toBe(true);
    expect(ld.hasPart).toBeUndefined();
  });
  test('distribution never claims a SHA-256 a file lacks: MD5 as spdx md5, CRC32 and no checksum without spdx:checksum', () => {
    const c = ctx(3);
    const [a, b, d] = c.files!;
    c.files = [
      { ...a!, sha256: undefined, checksum: { algorithm: 'md5', value: 'cd'.repeat(16) } },
      { ...b!, sha256: undefined, checksum: { algorithm: 'crc32', value: '00a3f2b1' } },
      { ...d!, sha256: undefined },
    ];
    const dist = toSchemaOrg(experimentRecord(), c).distribution as Array<Record<string, unknown>>;
    expect(dist[0]!['spdx:checksum']).toEqual({ '@type': 'spdx:Checksum', 'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_md5' }, 'spdx:checksumValue': 'cd'.repeat(16) });
    expect(dist[1]).not.toHaveProperty('spdx:checksum');
    expect(dist[2]).not.toHaveProperty('spdx:checksum');
    expect(JSON.stringify(dist)).not.toContain('sha256');
  });
  test(`bounded: more than ${MAX_INLINE_FILES} files become one hasPart Dataset per dataset`, () => {
    const big = toSchemaOrg(experimentRecord(), ctx(MAX_INLINE_FILES + 1));
    expect(big.distribution).toBeUndefined();
    const parts = big.hasPart as Array<Record<string, unknown>>;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ '@type': 'Dataset', url: `${base}/doi/10.5072/aperture.lyso-001/raw/`, name: 'Raw images' });
    expect(jsonLdScript(big).length).toBeLessThan(10_000);
  });
  test('metadata-only records: embargoed access and no distribution at all', () => {
    const rec = experimentRecord({ release: { state: 'metadata-only', releasedOn: '2024-03-01', filesAvailableFrom: '2026-01-01', withdrawnOn: null, withdrawalReason: null } });
    const m = toSchemaOrg(rec, ctx());
    expect(m.conditionsOfAccess).toBe(ACCESS_EMBARGOED);
    expect(m.distribution).toBeUndefined();
    expect(JSON.stringify(m)).not.toContain('DataDownload');
  });
});

describe('related works and name forms', () => {
  test('Cites → citation, IsSupplementTo → @reverse isBasedOn; non-resolvable identifiers left out', () => {
    const ld = toSchemaOrg(
      experimentRecord({}, {
        relatedIdentifiers: [
          { relatedIdentifier: '10.1107/S2059798323000001', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' },
          { relatedIdentifier: 'https://doi.org/10.1038/X', relatedIdentifierType: 'DOI', relationType: 'Cites' },
          { relatedIdentifier: '1ABC', relatedIdentifierType: 'PDB', relationType: 'Cites' },
          { relatedIdentifier: 'javascript:alert(1)', relatedIdentifierType: 'URL', relationType: 'Cites' },
        ],
      }),
      ctx(),
    );
    expect(ld.citation).toEqual([{ '@id': 'https://doi.org/10.1038/x', '@type': 'CreativeWork' }]);
    expect(ld['@reverse']).toEqual({ isBasedOn: [{ '@id': 'https://doi.org/10.1107/s2059798323000001', '@type': 'ScholarlyArticle' }] });
  });
  test('a related work the page links (arXiv, Handle, PubMed) is cited by the same link', () => {
    const ld = toSchemaOrg(
      experimentRecord({}, {
        relatedIdentifiers: [
          { relatedIdentifier: 'arXiv:0706.0001', relatedIdentifierType: 'arXiv', relationType: 'Cites' },
          { relatedIdentifier: '20.500.12345/1', relatedIdentifierType: 'Handle', relationType: 'References' },
          { relatedIdentifier: '12345678', relatedIdentifierType: 'PMID', relationType: 'IsSupplementTo' },
        ],
      }),
      ctx(),
    );
    expect(ld.citation).toEqual([
      { '@id': 'https://arxiv.org/abs/0706.0001', '@type': 'CreativeWork' },
      { '@id': 'https://hdl.handle.net/20.500.12345/1', '@type': 'CreativeWork' },
    ]);
    expect(ld['@reverse']).toEqual({ isBasedOn: [{ '@id': 'https://pubmed.ncbi.nlm.nih.gov/12345678/', '@type': 'ScholarlyArticle' }] });
  });
  test('a "Family, Given" name without parts is a Person; a bare name without nameType an Organization', () => {
    const ld = toSchemaOrg(experimentRecord({}, { creators: [{ name: 'Llamas, P.' }, { name: 'The GTEx Consortium' }] }), ctx());
    expect(ld.creator).toEqual([
      { '@type': 'Person', name: 'P. Llamas', givenName: 'P.', familyName: 'Llamas' },
      { '@type': 'Organization', name: 'The GTEx Consortium' },
    ]);
  });
});

describe('jsonLdScript(obj)', () => {
  test('escapes <, > and & so </script> in metadata is inert, and still parses back', () => {
    const ld = toSchemaOrg(experimentRecord({}, hostileRecord()), ctx());
    const body = jsonLdScript(ld);
    expect(body).not.toMatch(/[<>&]/);
    expect(body).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(body)).toEqual(ld);
    expect(JSON.stringify(JSON.parse(body))).toContain(HOSTILE.img);
  });
});

describe('schema.org fields that keep the record\'s meaning (bolognese classes)', () => {
  test('@type follows the resource type', () => {
    expect(toSchemaOrg(experimentRecord({}, { types: { resourceTypeGeneral: 'Software' } }), ctx())['@type']).toBe('SoftwareSourceCode');
    expect(toSchemaOrg(experimentRecord({}, { types: { resourceTypeGeneral: 'Dataset' } }), ctx())['@type']).toBe('Dataset');
  });
  test('alternate identifiers, geo coverage, series and repository are carried', () => {
    const ld = toSchemaOrg(
      experimentRecord({}, {
        alternateIdentifiers: [{ alternateIdentifier: 'MX-2468', alternateIdentifierType: 'Proposal' }],
        geoLocations: [{ geoLocationPlace: 'Grenoble', geoLocationPoint: { pointLatitude: 45.21, pointLongitude: 5.69 } }],
        container: { type: 'Series', title: 'ESRF data series' },
      }),
      ctx(),
    );
    expect(ld.identifier).toEqual([expect.objectContaining({ value: 'doi:10.5072/aperture.lyso-001' }), { '@type': 'PropertyValue', propertyID: 'Proposal', value: 'MX-2468' }]);
    expect(ld.spatialCoverage).toEqual({ '@type': 'Place', geo: { '@type': 'GeoCoordinates', address: 'Grenoble', latitude: '45.21', longitude: '5.69' } });
    expect(ld.periodical).toEqual({ '@type': 'Series', name: 'ESRF data series' });
  });
  test('a person identified by an ORCID but written "Given Family" gets name parts', () => {
    const ld = toSchemaOrg(experimentRecord({}, { creators: [{ name: 'Ana María Garcia', nameIdentifiers: [{ nameIdentifier: '0000-0002-1825-0097', nameIdentifierScheme: 'ORCID' }] }] }), ctx());
    expect(ld.creator).toEqual([expect.objectContaining({ '@type': 'Person', givenName: 'Ana María', familyName: 'Garcia', name: 'Ana María Garcia' })]);
  });
});

describe('formats and sizes', () => {
  test('are in the JSON-LD as the page lists them: encodingFormat and size, one value or a list', () => {
    const ctx2: SchemaOrgContext = { landingUrl: `${base}/`, catalogueName: 'X', catalogueUrl: `${base}/`, datasetSummaries: [] };
    const ld = toSchemaOrg(experimentRecord({}, { formats: ['application/x-hdf5'], sizes: ['3,600 images', '12 GB'] }), ctx2);
    expect(ld.encodingFormat).toBe('application/x-hdf5');
    expect(ld.size).toEqual(['3,600 images', '12 GB']);
    const none = toSchemaOrg(experimentRecord({}, { formats: [':unav'], sizes: [] }), ctx2);
    expect([none.encodingFormat, none.size]).toEqual([undefined, undefined]);
  });
});

describe('other titles', () => {
  test('are in the JSON-LD as the page shows them: a subtitle as alternativeHeadline, alternative and translated titles as alternateName', () => {
    const ctx2: SchemaOrgContext = { landingUrl: `${base}/`, catalogueName: 'X', catalogueUrl: `${base}/`, datasetSummaries: [] };
    const ld = toSchemaOrg(experimentRecord({}, {
      titles: [
        { title: 'Lysozym-Beugungsdaten', lang: 'de' },
        { title: 'Rotation series at 100 K', titleType: 'Subtitle' },
        { title: 'Lysozyme diffraction data', titleType: 'TranslatedTitle', lang: 'en' },
        { title: 'HEWL 100 K', titleType: 'AlternativeTitle' },
      ],
    }), ctx2);
    expect(ld.name).toBe('Lysozym-Beugungsdaten');
    expect(ld.alternativeHeadline).toBe('Rotation series at 100 K');
    expect(ld.alternateName).toEqual(['Lysozyme diffraction data', 'HEWL 100 K']);
  });
});

describe('a second title without a titleType', () => {
  test('is another title on the page and in the JSON-LD, not dropped; a repeat of the main title is not shown twice', async () => {
    const { otherTitles } = await import('../../../src/record/fields.ts');
    const titles = [{ title: 'Données de diffraction', lang: 'fr' }, { title: 'Diffraction data', lang: 'en' }, { title: 'Données  de diffraction' }];
    expect(otherTitles({ titles })).toEqual([{ title: 'Diffraction data', type: '', lang: 'en' }]);
    const ld = toSchemaOrg(experimentRecord({}, { titles }), { landingUrl: `${base}/`, catalogueName: 'X', catalogueUrl: `${base}/`, datasetSummaries: [] });
    expect([ld.name, ld.alternateName]).toEqual(['Données de diffraction', 'Diffraction data']);
  });
});

describe('Created and Updated dates', () => {
  test('are dateCreated and dateModified (the latest update), as the page lists them; an unreadable one is not guessed', () => {
    const ctx2: SchemaOrgContext = { landingUrl: `${base}/`, catalogueName: 'X', catalogueUrl: `${base}/`, datasetSummaries: [] };
    const ld = toSchemaOrg(experimentRecord({}, {
      dates: [
        { date: '2023-11-20', dateType: 'Created' },
        { date: '2024-05-01 09:30:00+02', dateType: 'Updated' },
        { date: '2024-02-01', dateType: 'Updated' },
      ],
    }), ctx2);
    expect([ld.dateCreated, ld.dateModified]).toEqual(['2023-11-20', '2024-05-01T09:30:00+02:00']);
    const none = toSchemaOrg(experimentRecord({}, { dates: [{ date: 'soon', dateType: 'Updated' }] }), ctx2);
    expect([none.dateCreated, none.dateModified]).toEqual([undefined, undefined]);
  });
});

describe('awards', () => {
  test('are schema.org Grants (number, title, link) naming their funder, as the page lists them beside it', () => {
    const ctx2: SchemaOrgContext = { landingUrl: `${base}/`, catalogueName: 'X', catalogueUrl: `${base}/`, datasetSummaries: [] };
    const ld = toSchemaOrg(experimentRecord({}, {
      fundingReferences: [
        { funderName: 'European Research Council', funderIdentifier: 'https://doi.org/10.13039/501100000781', funderIdentifierType: 'Crossref Funder ID', awardNumber: '101-ERC', awardTitle: 'Lysozyme at room temperature', awardUri: 'https://cordis.europa.eu/project/id/101' },
        { funderName: 'Wellcome Trust' },
      ],
    }), ctx2);
    expect(ld.funding).toEqual([{
      '@type': 'Grant',
      '@id': 'https://cordis.europa.eu/project/id/101',
      identifier: '101-ERC',
      name: 'Lysozyme at room temperature',
      url: 'https://cordis.europa.eu/project/id/101',
      funder: { '@type': 'Organization', '@id': 'https://doi.org/10.13039/501100000781', name: 'European Research Council' },
    }]);
    expect((ld.funder as unknown[]).length).toBe(2);
  });
});
