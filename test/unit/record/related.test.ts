import { describe, expect, test } from 'vitest';
import { groupRelated, pdbEntries, relatedItem } from '../../../src/record/related.ts';

describe('relatedItem(rel)', () => {
  test('a PDB DOI becomes links to RCSB and PDBe', () => {
    expect(relatedItem({ relatedIdentifier: '10.2210/pdb1lyz/pdb', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' })).toEqual({
      kind: 'PDB entry',
      text: 'PDB 1LYZ',
      links: [
        { label: 'RCSB PDB 1LYZ', url: 'https://www.rcsb.org/structure/1LYZ' },
        { label: 'PDBe 1LYZ', url: 'https://www.ebi.ac.uk/pdbe/entry/pdb/1lyz' },
        { label: 'Experiments here with 1LYZ', url: '/pdb/1lyz/' },
      ],
    });
  });

  test('PubMed ids, article DOIs and PMCIDs link to their resolvers', () => {
    expect(relatedItem({ relatedIdentifier: '20124692', relatedIdentifierType: 'PMID', relationType: 'References' }).links[0].url).toBe('https://pubmed.ncbi.nlm.nih.gov/20124692/');
    expect(relatedItem({ relatedIdentifier: 'https://doi.org/10.1107/S0907444909047337', relatedIdentifierType: 'DOI', relationType: 'References', resourceTypeGeneral: 'JournalArticle' })).toMatchObject({
      kind: 'Article',
      text: '10.1107/s0907444909047337',
      links: [{ url: 'https://doi.org/10.1107/s0907444909047337' }],
    });
  });

  test('never links anything but http(s), and leaves an invalid ISSN unlinked', () => {
    expect(relatedItem({ relatedIdentifier: 'javascript:alert(1)', relatedIdentifierType: 'URL', relationType: 'References' }).links).toEqual([]);
    expect(relatedItem({ relatedIdentifier: 'ftp://x.org/a', relatedIdentifierType: 'URL', relationType: 'References' }).links).toEqual([]);
    expect(relatedItem({ relatedIdentifier: '1234-5678', relatedIdentifierType: 'ISSN', relationType: 'IsPublishedIn' }).links).toEqual([]);
    expect(relatedItem({ relatedIdentifier: '0317-8471', relatedIdentifierType: 'ISSN', relationType: 'IsPublishedIn' }).links).toHaveLength(1);
  });
});

describe('kernel 4.6/4.7 identifier types (CSTR, RRID, SWHID, RAiD)', () => {
  const item = (relatedIdentifierType: string, relatedIdentifier: string) => relatedItem({ relatedIdentifier, relatedIdentifierType, relationType: 'References' });
  const SWHID = 'swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2';

  test.each([
    ['CSTR', '31253.11.sciencedb.13238', 'CSTR 31253.11.sciencedb.13238', 'https://cstr.cn/31253.11.sciencedb.13238'],
    ['CSTR', 'CSTR:31253.11.sciencedb.j00001.00123', 'CSTR 31253.11.sciencedb.j00001.00123', 'https://cstr.cn/31253.11.sciencedb.j00001.00123'],
    ['RRID', 'RRID:SCR_014641', 'RRID:SCR_014641', 'https://scicrunch.org/resolver/RRID:SCR_014641'],
    ['RRID', 'AB_90755', 'RRID:AB_90755', 'https://scicrunch.org/resolver/RRID:AB_90755'],
    ['RRID', 'RRID: CVCL_0033', 'RRID:CVCL_0033', 'https://scicrunch.org/resolver/RRID:CVCL_0033'],
    ['SWHID', SWHID, SWHID, `https://archive.softwareheritage.org/${SWHID}`],
    ['SWHID', `${SWHID};origin=https://github.com/x/y`, `${SWHID};origin=https://github.com/x/y`, `https://archive.softwareheritage.org/${SWHID};origin=https://github.com/x/y`],
    ['RAiD', 'https://raid.org/10.26259/5c43ca8f', 'RAiD 10.26259/5c43ca8f', 'https://raid.org/10.26259/5c43ca8f'],
    ['RAiD', '10.26259/5c43ca8f', 'RAiD 10.26259/5c43ca8f', 'https://raid.org/10.26259/5c43ca8f'],
  ])('a %s %s is shown as %s and links to its resolver', (type, id, text, url) => {
    expect(item(type, id)).toMatchObject({ text, links: [{ url }] });
  });

  test('a value without the scheme\'s shape is plain text, never a guessed link', () => {
    for (const [type, id] of [['CSTR', 'not a cstr'], ['RRID', 'two words'], ['SWHID', 'swh:2:cnt:abc'], ['RAiD', 'javascript:alert(1)'], ['RAiD', 'raid-123']]) {
      expect(item(type!, id!).links, `${type} ${id}`).toEqual([]);
    }
  });
});

describe('groupRelated(related)', () => {
  test('groups by relation with reader-facing labels, the most useful relations first', () => {
    const groups = groupRelated([
      { relatedIdentifier: '10.5072/v2', relatedIdentifierType: 'DOI', relationType: 'HasVersion' },
      { relatedIdentifier: '10.2210/pdb1abc/pdb', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' },
      { relatedIdentifier: 'https://example.org/x', relatedIdentifierType: 'URL', relationType: 'Other', relationTypeInformation: 'Beamline manual' },
    ]);
    expect(groups.map((g) => g.label)).toEqual(['Supplement to', 'Beamline manual', 'Other versions']);
    expect(pdbEntries([{ relatedIdentifier: 'https://www.rcsb.org/structure/1abc', relatedIdentifierType: 'URL', relationType: 'References' }])).toEqual(['1ABC']);
  });

  test('a kernel 4.7 relationTypeInformation in running text ("was presented at") heads its list with a capital; an empty one is "Related"', () => {
    const groups = groupRelated([
      { relatedIdentifier: 'https://example.org/forum-2025', relatedIdentifierType: 'URL', relationType: 'Other', relationTypeInformation: 'was presented at' },
      { relatedIdentifier: '10.82433/e34e-y143', relatedIdentifierType: 'DOI', relationType: 'Other', relationTypeInformation: ' is  reply to ' },
      { relatedIdentifier: 'https://example.org/y', relatedIdentifierType: 'URL', relationType: 'Other', relationTypeInformation: '  ' },
    ]);
    expect(groups.map((g) => g.label)).toEqual(['Is reply to', 'Related', 'Was presented at']);
  });
});

describe('related items (kernel 4.4+) among the related resources', () => {
  test('a related item is listed under its relation with its title and details, linked by its identifier', () => {
    const groups = groupRelated(
      [{ relatedIdentifier: '10.5072/v2', relatedIdentifierType: 'DOI', relationType: 'HasVersion' }],
      [
        {
          relationType: 'IsPublishedIn', relatedItemType: 'Journal',
          relatedItemIdentifier: { relatedItemIdentifier: '0370-2693', relatedItemIdentifierType: 'ISSN' },
          titles: [{ title: 'Physics Letters B' }], publicationYear: '2021', volume: '12', issue: '3', firstPage: '100', lastPage: '110', publisher: 'Elsevier',
        },
        { relationType: 'References', relatedItemType: 'Book', titles: [{ title: 'A cited book' }], creators: [{ name: 'Author, B.' }, { givenName: 'C.', familyName: 'Writer', name: 'Writer, C.' }], publicationYear: '1999', publisher: 'Springer' },
        { relationType: 'IsSupplementTo', relatedItemType: 'JournalArticle', relatedItemIdentifier: { relatedItemIdentifier: 'javascript:alert(1)', relatedItemIdentifierType: 'URL' }, titles: [{ title: 'An article' }] },
      ],
    );
    const byLabel = Object.fromEntries(groups.map((g) => [g.label, g.items]));
    expect(byLabel['Published in']).toEqual([
      { kind: 'Journal', text: 'Physics Letters B. 2021. vol. 12, no. 3, pp. 100–110. Elsevier', links: [{ label: 'ISSN 0370-2693', url: 'https://portal.issn.org/resource/ISSN/0370-2693' }] },
    ]);
    expect(byLabel.References).toEqual([{ kind: 'Book', text: 'A cited book. Author, B.; Writer, C. 1999. Springer', links: [] }]);
    expect(byLabel['Supplement to']).toEqual([{ kind: 'Article', text: 'An article', links: [] }]);
    expect(byLabel['Other versions']).toHaveLength(1);
  });
});
