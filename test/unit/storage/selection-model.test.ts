import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { fileFromAttributes, pathFilter, selectionManifests, totals, zipDecision } from '../../../src/client/selection/selection-model.ts';

const SHA = 'ab'.repeat(32);
const row = (over: Record<string, string | undefined> = {}) => ({
  key: 'exp/raw/images/a.cbf', url: 'https://s3.example.org/b/exp/raw/images/a.cbf', size: '1024', sha256: SHA, path: 'images/a.cbf', ...over,
});

describe('fileFromAttributes(data)', () => {
  it('reads a well-formed row', () => {
    expect(fileFromAttributes(row())).toEqual({ key: 'exp/raw/images/a.cbf', url: 'https://s3.example.org/b/exp/raw/images/a.cbf', size: 1024, sha256: SHA, path: 'images/a.cbf' });
  });
  it.each([
    ['a javascript: URL', { url: 'javascript:alert(1)' }],
    ['a URL with a quote', { url: "https://x.org/a'b" }],
    ['a short hash', { sha256: 'abc' }],
    ['a negative size', { size: '-1' }],
    ['no path', { path: undefined }],
  ])('rejects %s', (_, over) => expect(fileFromAttributes(row(over))).toBeNull());
  it('reads another checksum from data-checksum, or none, instead of data-sha256', () => {
    const md5 = 'cd'.repeat(16);
    expect(fileFromAttributes(row({ sha256: undefined, checksum: `md5:${md5}` }))).toMatchObject({ checksum: { algorithm: 'md5', value: md5 } });
    expect(fileFromAttributes(row({ sha256: undefined, checksum: 'crc32:00A3F2B1' }))).toMatchObject({ checksum: { algorithm: 'crc32', value: '00a3f2b1' } });
    const bare = fileFromAttributes(row({ sha256: undefined }));
    expect(bare).toEqual({ key: 'exp/raw/images/a.cbf', url: 'https://s3.example.org/b/exp/raw/images/a.cbf', size: 1024, path: 'images/a.cbf' });
    for (const bad of [`md5:${md5}0`, `blake3:${md5}`, 'sha1:', 'crc32:a3f2b1']) expect(fileFromAttributes(row({ sha256: undefined, checksum: bad }))).toBeNull();
    // A selection with an MD5 file gets MD5SUMS beside SHA256SUMS; without one it does not.
    const names = (files: Parameters<typeof selectionManifests>[0]) => selectionManifests(files, 'x').map((m) => m.fileName);
    expect(names([fileFromAttributes(row({ sha256: undefined, checksum: `md5:${md5}` }))!])).toContain('MD5SUMS');
    expect(names([fileFromAttributes(row())!])).not.toContain('MD5SUMS');
  });
  it('keeps paths inside the download folder', () => {
    expect(fileFromAttributes(row({ path: '../../.ssh/authorized_keys' }))?.path).toBe('.ssh/authorized_keys');
  });
});

describe('pathFilter(query)', () => {
  const paths = ['images/lyso_0001.cbf', 'images/lyso_0002.cbf', 'master.h5', 'images/LYSO_0100.cbf', 'processed/lyso.mtz'];
  const run = (q: string) => paths.filter(pathFilter(q));
  it('matches words case-insensitively, all of them', () => {
    expect(run('LYSO images')).toEqual(['images/lyso_0001.cbf', 'images/lyso_0002.cbf', 'images/LYSO_0100.cbf']);
    expect(run('')).toEqual(paths);
  });
  it('supports globs on the file name or the whole path', () => {
    expect(run('*.h5')).toEqual(['master.h5']);
    expect(run('lyso_000?.cbf')).toEqual(['images/lyso_0001.cbf', 'images/lyso_0002.cbf']);
    expect(run('processed/*')).toEqual(['processed/lyso.mtz']);
  });
});

describe('zipDecision(totals, max)', () => {
  it('allows a selection up to the limit and steers larger ones to the manifests', () => {
    expect(zipDecision({ count: 2, bytes: 2000 }, 2000)).toEqual({ allowed: true });
    const refused = zipDecision({ count: 3, bytes: 2001 }, 2000);
    expect(refused).toMatchObject({ allowed: false, reason: 'too-large' });
    expect(refused.allowed === false && refused.message).toMatch(/aria2.*curl/);
    expect(zipDecision(totals([]), 2000)).toMatchObject({ allowed: false, reason: 'empty' });
  });
});

describe('selectionManifests(files)', () => {
  it('produces each manifest for exactly the selected files', () => {
    const files = [fileFromAttributes(row())!, fileFromAttributes(row({ path: 'images/b & c.cbf', url: 'https://s3.example.org/b/x/b%20%26%20c.cbf', size: '7' }))!];
    const out = Object.fromEntries(selectionManifests(files, 'dataset raw').map((m) => [m.fileName, m.text]));
    expect(out['SHA256SUMS']).toBe(`${SHA}  images/a.cbf\n${SHA}  images/b & c.cbf\n`);
    expect(out['urls.txt'].trim().split('\n')).toEqual(files.map((f) => f.url));
    expect(out['files.aria2']).toContain('  out=images/b & c.cbf\n');
    expect(out['download.sh']).toContain(`dl 'images/b & c.cbf' https://s3.example.org/b/x/b%20%26%20c.cbf 7\n`);
    expect(XMLValidator.validate(out['files.meta4'])).toBe(true);
  });
});

describe('the full listing of a long dataset', () => {
  it('reads files.tsv as selectable files and skips malformed lines', async () => {
    const { parseFullListing } = await import('../../../src/client/selection/selection-model.ts');
    const sha = 'a'.repeat(64);
    const text = `path\tsize\tsha256\turl\nimg/a_0001.cbf\t12\t${sha}\thttps://s3.example/b/img/a_0001.cbf\nbad\tx\t${sha}\thttps://s3.example/b/bad\nimg/evil\t1\t${sha}\tjavascript:alert(1)\n`;
    expect(parseFullListing(text)).toEqual([{ key: 'img/a_0001.cbf', path: 'img/a_0001.cbf', size: 12, sha256: sha, url: 'https://s3.example/b/img/a_0001.cbf' }]);
    const md5 = 'cd'.repeat(16);
    const others = parseFullListing(`path\tsize\tsha256\turl\nm.cbf\t3\tmd5:${md5}\thttps://s3.example/b/m.cbf\nn.cbf\t4\t\thttps://s3.example/b/n.cbf\n`);
    expect(others).toEqual([
      { key: 'm.cbf', path: 'm.cbf', size: 3, checksum: { algorithm: 'md5', value: md5 }, url: 'https://s3.example/b/m.cbf' },
      { key: 'n.cbf', path: 'n.cbf', size: 4, url: 'https://s3.example/b/n.cbf' },
    ]);
  });

  it('finds a frame by the number in its name, else the n-th file', async () => {
    const { fileForNumber } = await import('../../../src/client/selection/selection-model.ts');
    const paths = ['images/chip07_000016.cbf', 'images/chip07_000035.cbf', 'images/chip07_000044.cbf'];
    expect(fileForNumber(paths, 35)).toBe(1);
    expect(fileForNumber(paths, 3)).toBe(2);
    expect(fileForNumber(paths, 99)).toBeNull();
    expect(fileForNumber(paths, 0)).toBeNull();
  });
});
