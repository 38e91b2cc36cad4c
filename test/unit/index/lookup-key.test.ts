import { describe, expect, test } from 'vitest';
import { filePattern, fnv1a, lookupKey, runDetail, runHolds, shardFileName, shardName } from '../../../src/index/lookup-key.ts';

describe('exact-identifier lookup keys', () => {
  test.each([
    ['https://doi.org/10.5072/ABC.def', '10.5072/abc.def'],
    ['doi:10.5072/abc.def', '10.5072/abc.def'],
    [' 10.5072/abc.def. ', '10.5072/abc.def'],
    ['https://orcid.org/0000-0003-9000-017X', '0000-0003-9000-017x'],
    ['PDB 1LYZ', '1lyz'],
    ['XDS.INP', 'xds.inp'],
    // The addresses readers copy from resolvers and registries, with or without the scheme.
    ['doi.org/10.5072/abc.def', '10.5072/abc.def'],
    ['https://dx.doi.org/10.5072/abc.def', '10.5072/abc.def'],
    ['info:doi/10.5072/abc.def', '10.5072/abc.def'],
    ['DOI 10.5072/abc.def', '10.5072/abc.def'],
    ['orcid.org/0000-0003-9000-017X', '0000-0003-9000-017x'],
    ['ORCID: 0000-0003-9000-017X', '0000-0003-9000-017x'],
    ['000000039000017X', '0000-0003-9000-017x'],
    ['https://www.rcsb.org/structure/1LYZ', '1lyz'],
    ['www.ebi.ac.uk/pdbe/entry/pdb/1lyz/', '1lyz'],
    ['https://identifiers.org/pdb:1LYZ', '1lyz'],
    ['pdb_00001lyz', '1lyz'],
    ['10.2210/pdb1lyz/pdb', '1lyz'],
    ['https://doi.org/10.2210/pdb1lyz/pdb', '1lyz'],
    ['PDB ID 1LYZ', '1lyz'],
    ['PDB entry 1lyz', '1lyz'],
    ['proposal MX-9001', 'mx-9001'],
    ['PMID: 20124692', '20124692'],
    ['https://pubmed.ncbi.nlm.nih.gov/20124692/', '20124692'],
    ['https://pmc.ncbi.nlm.nih.gov/articles/PMC2815665/', 'pmc2815665'],
    ['arXiv:2101.00001', '2101.00001'],
    ['https://arxiv.org/abs/2101.00001', '2101.00001'],
    // URL-encoded, as resolvers and link shorteners write a DOI; any address whose path ends in one.
    ['10.5072%2FABC.def', '10.5072/abc.def'],
    ['https://doi.org/10.5072%2Fabc.def', '10.5072/abc.def'],
    ['http://dx.doi.org/10.5072/abc.def/', '10.5072/abc.def'],
    ['https://hdl.handle.net/10.5072/abc.def', '10.5072/abc.def'],
    ['https://api.datacite.org/dois/10.5072/abc.def', '10.5072/abc.def'],
    ['https://archive.example.org/doi/10.5072/abc.def/', '10.5072/abc.def'],
    ['a%20b.cbf', 'a%20b.cbf'],
    // Pasted between typographic quotes or brackets, or from the end of a sentence.
    ['“10.5072/abc.def”', '10.5072/abc.def'],
    ['[1LYZ]', '1lyz'],
    ['PDB 1LYZ?', '1lyz'],
    ['«10.5072/abc.def».', '10.5072/abc.def'],
    // The other labels and addresses of PDB entries, PubMed articles and ORCID iDs.
    ['PDB code 1LYZ', '1lyz'],
    ['PDB ID: 1LYZ', '1lyz'],
    ['https://pdbe.org/1lyz', '1lyz'],
    ['https://www.rcsb.org/3d-view/1LYZ', '1lyz'],
    ['pubmed 20124692', '20124692'],
    ['PubMed ID: 20124692', '20124692'],
    ['https://www.ncbi.nlm.nih.gov/pubmed/20124692', '20124692'],
    ['ORCID iD: 0000-0003-9000-017X', '0000-0003-9000-017x'],
    ['0000 0003 9000 017X', '0000-0003-9000-017x'],
    ['Proposal number MX-9001', 'mx-9001'],
    // arXiv written with a space after its label, as in a reference list.
    ['arXiv 0706.0001', '0706.0001'],
    ['arXiv: 0706.0001', '0706.0001'],
    // The labels a page shows before a related identifier of another kind ("ISBN 978-…", "IGSN IEBMM0001", "URN urn:nbn:…"), and handles.
    ['ISBN 978-3-95450-147-2', '9783954501472'],
    ['978-3-95450-147-2', '9783954501472'],
    ['9783954501472', '9783954501472'],
    ['ISBN 3-936338-24-8', '3936338248'],
    ['ISSN 0040-4411', '0040-4411'],
    ['IGSN IEBMM0001', 'iebmm0001'],
    ['URN urn:nbn:de:101:1-201102033592', 'urn:nbn:de:101:1-201102033592'],
    ['urn:nbn:de:101:1-201102033592', 'urn:nbn:de:101:1-201102033592'],
    ['ARK ark:/99999/fk41', 'ark:/99999/fk41'],
    ['ark:/99999/fk41', 'ark:/99999/fk41'],
    ['ISSN: 0040-4411', '0040-4411'],
    ['hdl:10013/epic.10033', '10013/epic.10033'],
    ['https://hdl.handle.net/10013/epic.10033', '10013/epic.10033'],
    // A label is removed only before what it labels.
    ['doi lysozyme', null],
    ['pmid', 'pmid'],
    ['isbn', 'isbn'],
    ['ISBN lysozyme', null],
    ['two words', null],
    ['', null],
  ])('%j → %j', (text, key) => {
    expect(lookupKey(text)).toBe(key);
  });

  test('a key always falls in the same shard, whose file name is padded hexadecimal', () => {
    expect(fnv1a('1lyz')).toBe(fnv1a('1lyz'));
    expect(shardName('1lyz', 256)).toMatch(/^[0-9a-f]{2}\.json$/);
    expect(shardFileName(10, 1024)).toBe('00a.json');
    expect(shardFileName(0, 1)).toBe('0.json');
  });
});

describe('numbered file names are looked up by pattern', () => {
  test('the last run of digits becomes *, keeping its number and width', () => {
    expect(filePattern('chip07_000016.cbf')).toEqual({ key: 'chip07_*.cbf', number: 16, width: 6, shown: 'chip07_*.cbf', digits: '000016' });
    expect(filePattern('run0042_JF16M_0001.h5')).toMatchObject({ key: 'run0042_jf16m_*.h5', number: 1, width: 4, shown: 'run0042_JF16M_*.h5' });
    expect(filePattern('XDS.INP')).toBeNull();
    expect(runHolds('6:1:250', 250, 6)).toBe(true);
    expect(runHolds('6:1:250', 251, 6)).toBe(false);
    expect(runHolds('6:1:250', 16, 2)).toBe(false);
    // A hits-only page holds scattered frames: listed as gaps, and only those match.
    const sparse = runDetail(6, [44, 16, 35, 46, 47]);
    expect(sparse).toBe('6:d:16,19,9,2,1');
    expect([16, 17, 35, 47, 48].map((n) => runHolds(sparse, n, 6))).toEqual([true, false, true, true, false]);
    expect(runDetail(6, [3, 1, 2])).toBe('6:1:3');
  });
});
