/** DataCite `sizes` on a page: a count of bytes reads as the site's file totals do; other sizes as registered. */
import { describe, expect, test } from 'vitest';
import { formatBytes, sizeText } from '../../../src/model/format.ts';

describe('sizeText', () => {
  test('gives a count of bytes, with or without a unit word, as the totals give a size, and the exact count', () => {
    expect(sizeText('1120335512 Bytes')).toBe('1.12 GB (1,120,335,512 bytes)');
    expect(sizeText('2048 b')).toBe('2.05 KB (2,048 bytes)');
    expect(sizeText(' 1,120,335,512 octets ')).toBe('1.12 GB (1,120,335,512 bytes)');
    expect(sizeText('4096')).toBe('4.10 KB (4,096 bytes)');
    expect(sizeText('1120335512 B')).toBe(`${formatBytes(1120335512)} (1,120,335,512 bytes)`);
  });

  test('says a size under a kilobyte once', () => {
    expect(sizeText('512 bytes')).toBe('512 bytes');
    expect(sizeText('1 byte')).toBe('1 byte');
  });

  test('leaves free text as registered', () => {
    for (const free of ['15 pages', '6 MB', '3 files', '2.5 GB', '1,20 bytes', 'about 100 bytes', '99999999999999999999 bytes']) expect(sizeText(free)).toBe(free);
  });
});
