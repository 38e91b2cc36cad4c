import { describe, expect, test } from 'vitest';
import { fnv1a, lookupKey, shardFileName, shardName } from '../../../src/index/lookup-key.ts';

describe('exact-identifier lookup keys', () => {
  test.each([
    ['https://doi.org/10.5072/ABC.def', '10.5072/abc.def'],
    ['doi:10.5072/abc.def', '10.5072/abc.def'],
    [' 10.5072/abc.def. ', '10.5072/abc.def'],
    ['https://orcid.org/0000-0003-9000-017X', '0000-0003-9000-017x'],
    ['PDB 1LYZ', '1lyz'],
    ['XDS.INP', 'xds.inp'],
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
