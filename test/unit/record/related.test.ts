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
});
