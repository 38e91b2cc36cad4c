import { describe, expect, test } from 'vitest';
import { citedDois, MASKED_MENTION, maskMentions, mentionedDois, mentionsIn, relatedDoi, showsAny, withoutNaming } from '../../../src/record/cited-dois.ts';
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

describe('withoutNaming(datacite, dois)', () => {
  test('leaves out exactly the relations naming those DOIs, in any form', () => {
    const datacite = {
      doi: '10.5072/self',
      relatedIdentifiers: [
        { relatedIdentifier: 'https://doi.org/10.5072/SECRET', relatedIdentifierType: 'URL', relationType: 'IsPartOf' },
        { relatedIdentifier: '10.2210/pdb1lyz/pdb', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' },
      ],
      relatedItems: [{ relationType: 'Cites', relatedItemType: 'Dataset', relatedItemIdentifier: { relatedItemIdentifier: 'doi:10.5072/secret', relatedItemIdentifierType: 'DOI' } }],
    } as unknown as DataCiteAttributes;
    const out = withoutNaming(datacite, new Set(['10.5072/secret']));
    expect(out.relatedIdentifiers).toEqual([datacite.relatedIdentifiers![1]]);
    expect(out.relatedItems).toEqual([]);
    expect(datacite.relatedIdentifiers).toHaveLength(2);
    expect(JSON.stringify(out)).not.toMatch(/secret/i);
  });
});

describe('mentionedDois(text) and maskMentions(text, dois)', () => {
  test('finds DOIs in running text, without the punctuation after them', () => {
    const text = 'See 10.5072/Secret-2. Also https://doi.org/10.5072%2Fother, (10.1107/S2059798321001234) and 10.5072/a/b.';
    expect(mentionedDois(text)).toEqual(['10.5072/secret-2', '10.5072/other', '10.1107/s2059798321001234', '10.5072/a/b']);
    expect(mentionedDois('no identifiers, 10.5 and 10.12/ here')).toEqual([]);
  });

  test('masks every spelling of the DOIs and nothing longer', () => {
    const masked = maskMentions('Part of 10.5072/SECRET and https://doi.org/10.5072%2Fsecret; not 10.5072/secret2 nor 10.5072/secretive.', new Set(['10.5072/secret']));
    expect(masked).toBe(`Part of ${MASKED_MENTION} and ${MASKED_MENTION}; not 10.5072/secret2 nor 10.5072/secretive.`);
    // A Markdown link to it keeps its words (masked too when they are the DOI) and loses the link.
    expect(maskMentions('See [the collection](https://doi.org/10.5072/Secret "title") and [10.5072/secret](<doi:10.5072/secret>).', new Set(['10.5072/secret']))).toBe(
      `See the collection and ${MASKED_MENTION}.`,
    );
    expect(maskMentions('10.5072/a.b(c)', new Set(['10.5072/a.b(c)']))).toBe(MASKED_MENTION);
    // Hostile Markdown (brackets and half-links by the hundred thousand) is read in one pass.
    const hostile = '[a]('.repeat(100_000) + '[['.repeat(100_000) + ' 10.5072/secret ' + '](https://doi.org/'.repeat(50_000);
    expect(maskMentions(hostile, new Set(['10.5072/secret']))).toContain(` ${MASKED_MENTION} `);
  });

  test('mentionsIn reads the DataCite descriptions and description.md, with where', () => {
    const datacite = { descriptions: [{ description: 'Abstract.' }, { description: 'Methods: as in 10.5072/method.' }, 'junk'] };
    expect(mentionsIn(datacite, 'Compare 10.5072/other')).toEqual([
      { doi: '10.5072/method', pointer: '/descriptions/1/description', inMarkdown: false },
      { doi: '10.5072/other', pointer: '', inMarkdown: true },
    ]);
  });
});

describe('showsAny(named, dois)', () => {
  test('a named DOI shows each of the DOIs the release gate would find in it', () => {
    const dois = new Set(['10.5072/abc', '10.5072/abc-2', '10.5072/ab', '10.1107/x']);
    expect(showsAny('10.5072/abc-2', dois)).toEqual(['10.5072/abc', '10.5072/abc-2']);
    expect(showsAny('10.5072/abc.v3/data', dois)).toEqual(['10.5072/abc']);
    expect(showsAny('10.5072/abcd', dois)).toEqual([]);
    expect(showsAny('10.2210/pdb1lyz/pdb', dois)).toEqual([]);
    expect(showsAny('not a doi', dois)).toEqual([]);
    // The set may grow between calls.
    dois.add('10.2210/pdb1lyz');
    expect(showsAny('10.2210/pdb1lyz/pdb', dois)).toEqual(['10.2210/pdb1lyz']);
  });

  test('a hostile text costs a bounded number of tokens of bounded length', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `10.5072/${'a-'.repeat(2000)}${i}`).join(' ');
    const found = mentionedDois(text);
    expect(found.length).toBeLessThanOrEqual(200);
    expect(Math.max(...found.map((d) => d.length))).toBeLessThanOrEqual(256);
    const many = new Set(Array.from({ length: 1000 }, (_, i) => `10.5072/${'a-'.repeat(i % 120)}a`));
    for (const doi of found) expect(showsAny(doi, many).length).toBeLessThanOrEqual(128);
  });
});
