import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classifyUrl, isPdbId, isPmcid, isPmid, isSafeUrl, isValidIssn, isValidOrcid, isValidRor, normaliseOrcid, normalisePdbId, pdbIdIn, pdbLinks, pmcUrl, pubmedUrl, rorUrl } from '../../../src/record/identifiers.ts';
import { normaliseDoi, isDoi, doiUrl } from '../../../src/record/doi.ts';

describe('DOI', () => {
  test('accepts real DataCite DOIs with odd suffixes', () => {
    for (const doi of ['10.5281/zenodo.10916569', '10.4230/lipics.tqc.2013.93', '10.15151/ESRF-DC-2493599001', '10.1000.10/abc', '10.5072/a(b)<c>;d']) {
      expect(isDoi(doi)).toBe(true);
    }
  });
  test('rejects non-DOIs', () => {
    for (const doi of ['11.1234/x', '10.12/x', '10.1234', '10.1234/', '10.1234/has space', 'https://doi.org/10.1234/x']) expect(isDoi(doi)).toBe(false);
  });
  test('normalises URL and doi: forms to lower case', () => {
    expect(normaliseDoi('https://doi.org/10.5072/ABC')).toBe('10.5072/abc');
    expect(normaliseDoi('doi:10.5072/ABC')).toBe('10.5072/abc');
    expect(normaliseDoi('https://dx.doi.org/10.5072/a%2Fb')).toBe('10.5072/a/b');
    expect(doiUrl('10.5072/A B#c')).toBe('https://doi.org/10.5072/a%20b%23c');
  });
});

describe('doiUrl (DOI Handbook, encoding rules for URL presentation)', () => {
  test('writes the DOI as DataCite shows it: colons, semicolons, brackets and slashes of the suffix as they are', () => {
    expect(doiUrl('10.4121/uuid:b2ae7a6c-4a1d-4d8e-9c1f-1d5e3b1f0a9e')).toBe('https://doi.org/10.4121/uuid:b2ae7a6c-4a1d-4d8e-9c1f-1d5e3b1f0a9e');
    expect(doiUrl('10.1002/(SICI)1521-3951(199911)216:1<135::AID-PSSB135>3.0.CO;2-#')).toBe('https://doi.org/10.1002/(sici)1521-3951(199911)216:1%3C135::aid-pssb135%3E3.0.co;2-%23');
    expect(doiUrl('doi:10.5281/zenodo.1/part/2')).toBe('https://doi.org/10.5281/zenodo.1/part/2');
    expect(doiUrl("10.5072/a=b&c'd@e$f,g!h*i~j")).toBe("https://doi.org/10.5072/a=b&c'd@e$f,g!h*i~j");
  });
  test('hex-encodes the mandatory and recommended characters, controls and non-ASCII (as UTF-8)', () => {
    expect(doiUrl('10.5072/%"#? <>{}^[]`|\\+')).toBe('https://doi.org/10.5072/%25%22%23%3F%20%3C%3E%7B%7D%5E%5B%5D%60%7C%5C%2B');
    expect(doiUrl('10.5072/é\u0007\u007fx')).toBe('https://doi.org/10.5072/%C3%A9%07%7Fx');
    expect(doiUrl('10.5072/a\ud800b')).toBe('https://doi.org/10.5072/a%EF%BF%BDb');
  });
  test('a . or .. segment of the suffix keeps its slash encoded, so no browser resolves it away', () => {
    expect(doiUrl('10.5072/a/../b')).toBe('https://doi.org/10.5072/a/..%2Fb');
    expect(doiUrl('10.5072/./b')).toBe('https://doi.org/10.5072/.%2Fb');
    expect(doiUrl('10.5072/a/..')).toBe('https://doi.org/10.5072/a%2F..');
  });
  test('any DOI: a browser follows exactly the URL shown, and it reads back as the same DOI', () => {
    const suffix = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '/', ':', ';', '%', '#', '?', ' ', '+', '\\', '<', '"', '&', 'é', '\u{1F52C}', '\u0000', '\u2028'), minLength: 1, maxLength: 12 });
    fc.assert(fc.property(suffix, (s) => {
      const doi = `10.5072/${s}`;
      const url = doiUrl(doi);
      expect(new URL(url).href).toBe(url);
      expect(new URL(url).pathname.startsWith('/10.5072')).toBe(true);
      expect(normaliseDoi(url)).toBe(normaliseDoi(doi));
    }), { numRuns: 2000 });
  });
});

describe('ORCID', () => {
  test('known-good iDs pass the ISO 7064 11,2 check', () => {
    for (const id of ['0000-0002-1825-0097', '0000-0001-5109-3700', '0000-0002-1694-233X', 'https://orcid.org/0000-0002-1694-233x', '0000000218250097']) {
      expect(isValidOrcid(id)).toBe(true);
    }
  });
  test('a mistyped digit fails', () => {
    expect(isValidOrcid('0000-0002-1825-0098')).toBe(false);
    expect(isValidOrcid('0000-0002-1825-009')).toBe(false);
  });
  test('normalises URLs, including a doubled prefix', () => {
    expect(normaliseOrcid('https://orcid.org/https://orcid.org/0009-0009-0223-2917')).toBe('0009-0009-0223-2917');
    expect(normaliseOrcid('http://orcid.org/0000-0002-1825-0097/')).toBe('0000-0002-1825-0097');
    expect(normaliseOrcid('not an orcid')).toBeNull();
  });
});

describe('ROR', () => {
  test('real ROR ids pass the mod 97-10 check', () => {
    // ESRF, CDL, DataCite, Harvard, UC Berkeley
    for (const id of ['02550n020', '03yrm5c26', '04wxnsj81', '03vek6s52', '01an7q238', 'https://ror.org/05gq02987']) expect(isValidRor(id)).toBe(true);
  });
  test('a changed character fails; a wrong shape is not ROR', () => {
    expect(isValidRor('02550n021')).toBe(false);
    expect(isValidRor('12abcde34')).toBe(false);
    expect(isValidRor('0l550n020')).toBe(false); // l is not Crockford base32
    expect(rorUrl('https://ror.org/02550N020')).toBe('https://ror.org/02550n020');
  });
});

describe('PDB', () => {
  test('classic and extended ids', () => {
    for (const id of ['1abc', '1ABC', '9xyz', 'pdb_00001abc', 'PDB_00001ABC']) expect(isPdbId(id)).toBe(true);
    for (const id of ['0abc', 'abcd', '1ab', '1abcd', 'pdb_00000abc', 'pdb_0001abc', 'pdb-00001abc']) expect(isPdbId(id)).toBe(false);
  });
  test('normalises and links to RCSB and PDBe', () => {
    expect(normalisePdbId('pdb_00001abc')).toBe('1ABC');
    expect(pdbLinks('1abc')).toEqual({ rcsb: 'https://www.rcsb.org/structure/1ABC', pdbe: 'https://www.ebi.ac.uk/pdbe/entry/pdb/1abc' });
    expect(pdbLinks('nope')).toBeNull();
  });
  test('finds PDB ids in related identifiers', () => {
    expect(pdbIdIn('10.2210/pdb1abc/pdb', 'DOI')).toBe('1abc');
    expect(pdbIdIn('https://www.rcsb.org/structure/7XYZ', 'URL')).toBe('7XYZ');
    expect(pdbIdIn('https://www.ebi.ac.uk/pdbe/entry/pdb/7xyz', 'URL')).toBe('7xyz');
    expect(pdbIdIn('10.5281/zenodo.1', 'DOI')).toBeUndefined();
  });
});

describe('PubMed, PMC, ISSN', () => {
  test('PMIDs are positive whole numbers', () => {
    expect(isPmid('31234567')).toBe(true);
    expect(isPmid('PMID: 31234567')).toBe(true);
    expect(isPmid('0')).toBe(false);
    expect(isPmid('3123a')).toBe(false);
    expect(pubmedUrl('31234567')).toBe('https://pubmed.ncbi.nlm.nih.gov/31234567/');
  });
  test('PMCIDs are PMC + digits', () => {
    expect(isPmcid('PMC1234567')).toBe(true);
    expect(isPmcid('pmc1234567')).toBe(true);
    expect(isPmcid('1234567')).toBe(false);
    expect(pmcUrl('pmc42')).toBe('https://pmc.ncbi.nlm.nih.gov/articles/PMC42/');
  });
  test('ISSN check digit', () => {
    expect(isValidIssn('0317-8471')).toBe(true);
    expect(isValidIssn('2434-561X')).toBe(true);
    expect(isValidIssn('2434561x')).toBe(true);
    expect(isValidIssn('1234-5678')).toBe(false);
    expect(isValidIssn('0317-847')).toBe(false);
  });
});

describe('URLs', () => {
  test('only http, https and mailto are safe to link', () => {
    expect(isSafeUrl('https://example.org/a')).toBe(true);
    expect(isSafeUrl('mailto:someone@example.org')).toBe(true);
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'ftp://x.org/', '/relative', 'https://']) {
      expect(isSafeUrl(url)).toBe(false);
    }
  });
  test('classifies what a URL would do', () => {
    expect(classifyUrl('javascript:alert(1)')).toBe('unsafe');
    expect(classifyUrl('data:,x')).toBe('unsafe');
    expect(classifyUrl('info:eu-repo/semantics/openAccess')).toBe('other-scheme');
    expect(classifyUrl('example.org')).toBe('invalid');
  });
});
