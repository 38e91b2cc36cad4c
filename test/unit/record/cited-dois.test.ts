import { describe, expect, test } from 'vitest';
import { citedDois, relatedDoi, withoutRelationsTo } from '../../../src/record/cited-dois.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';

describe('relatedDoi(identifier)', () => {
  test('reads a DOI however it is written, lower-cased as the DOI reading does', () => {
    for (const form of ['10.5072/ABC-1', 'doi:10.5072/abc-1', 'https://doi.org/10.5072/abc-1', 'http://dx.doi.org/10.5072/ABC-1', 'https://www.doi.org/10.5072/abc-1', 'urn:doi:10.5072/abc-1', ' 10.5072/abc-1 ']) {
      expect(relatedDoi(form), form).toBe('10.5072/abc-1');
    }
    expect(relatedDoi('https://doi.org/10.5072/a%2Fb')).toBe('10.5072/a/b');
  });

  test('names no DOI for other identifiers and non-strings', () => {
    for (const other of ['20124692', 'https://www.rcsb.org/structure/1LYZ', 'PMC1234567', '', 'doi.org', 10.5072, null, undefined, { doi: '10.5072/x' }]) {
      expect(relatedDoi(other), String(other)).toBeNull();
    }
  });
});

describe('citedDois(datacite)', () => {
  test('every DOI of relatedIdentifiers and relatedItems, in order, with its JSON pointer', () => {
    const datacite = {
      relatedIdentifiers: [
        { relatedIdentifier: '20124692', relatedIdentifierType: 'PMID', relationType: 'References' },
        { relatedIdentifier: 'https://doi.org/10.5072/Sibling', relatedIdentifierType: 'URL', relationType: 'IsPartOf' },
        null,
        { relatedIdentifier: '10.2210/pdb1lyz/pdb', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' },
      ],
      relatedItems: [{ relationType: 'IsPublishedIn', relatedItemType: 'Journal', relatedItemIdentifier: { relatedItemIdentifier: '10.5072/collection', relatedItemIdentifierType: 'DOI' } }, { relationType: 'Cites' }],
    };
    expect(citedDois(datacite)).toEqual([
      { doi: '10.5072/sibling', pointer: '/relatedIdentifiers/1/relatedIdentifier' },
      { doi: '10.2210/pdb1lyz/pdb', pointer: '/relatedIdentifiers/3/relatedIdentifier' },
      { doi: '10.5072/collection', pointer: '/relatedItems/0/relatedItemIdentifier/relatedItemIdentifier' },
    ]);
  });

  test('hostile shapes name nothing and never throw', () => {
    for (const shape of [undefined, null, 'text', [], { relatedIdentifiers: 'x' }, { relatedIdentifiers: [1, 'a', [null]] }, { relatedItems: [{ relatedItemIdentifier: 'x' }] }]) {
      expect(citedDois(shape)).toEqual([]);
    }
  });
});

describe('withoutRelationsTo(datacite, dois)', () => {
  test('leaves out exactly the relations naming those DOIs, in any form', () => {
    const datacite = {
      doi: '10.5072/self',
      relatedIdentifiers: [
        { relatedIdentifier: 'https://doi.org/10.5072/SECRET', relatedIdentifierType: 'URL', relationType: 'IsPartOf' },
        { relatedIdentifier: '10.2210/pdb1lyz/pdb', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' },
      ],
      relatedItems: [{ relationType: 'Cites', relatedItemType: 'Dataset', relatedItemIdentifier: { relatedItemIdentifier: 'doi:10.5072/secret', relatedItemIdentifierType: 'DOI' } }],
    } as unknown as DataCiteAttributes;
    const out = withoutRelationsTo(datacite, new Set(['10.5072/secret']));
    expect(out.relatedIdentifiers).toEqual([datacite.relatedIdentifiers![1]]);
    expect(out.relatedItems).toEqual([]);
    expect(datacite.relatedIdentifiers).toHaveLength(2);
    expect(JSON.stringify(out)).not.toMatch(/secret/i);
  });
});
