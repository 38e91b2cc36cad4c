import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import {
  datasetEntries,
  experimentEntries,
  manifestText,
  safeRelativePath,
  shellQuote,
  streamManifest,
  writeManifests,
  type ManifestEntry,
} from '../../../src/storage/manifests.ts';
import type { Datafile } from '../../../src/record/types.ts';

const run = promisify(execFile);
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function file(p: string, content: string, key = `exp-1/raw/${p}`): Datafile & { content: string } {
  return { path: p, size: Buffer.byteLength(content), sha256: sha(content), mediaType: 'application/octet-stream', key, content };
}

const FILES = [
  file('images/lyso_00001.cbf', 'first frame'),
  file('images/lyso & <co> "2".cbf', 'second frame'),
  file("it's here/ümlaut #3.h5", 'third'),
];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'aperture-manifests-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('manifest formats', () => {
  const entries = async () => {
    const list: ManifestEntry[] = [];
    for await (const e of datasetEntries(FILES, 'https://data.example.org/bucket/')) list.push(e);
    return list;
  };

  it('Metalink 4 parses as XML with sizes, sha-256 hashes and escaped names', async () => {
    const xml = manifestText('metalink', await entries(), { label: 'raw' });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'file' }).parse(xml);
    const files = doc.metalink.file;
    expect(doc.metalink['@_xmlns']).toBe('urn:ietf:params:xml:ns:metalink');
    expect(files.map((f: { '@_name': string }) => f['@_name'])).toEqual(FILES.map((f) => f.path));
    expect(files[1].hash['#text']).toBe(FILES[1].sha256);
    expect(files[1].hash['@_type']).toBe('sha-256');
    expect(files[1].size).toBe(FILES[1].size);
    expect(files[2].url).toBe('https://data.example.org/bucket/exp-1/raw/it%27s%20here/%C3%BCmlaut%20%233.h5');
  });

  it('aria2 input lists the URL, then indented out= and checksum= options', async () => {
    const text = manifestText('aria2', await entries(), { label: 'raw' });
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('https://data.example.org/bucket/exp-1/raw/images/lyso_00001.cbf');
    expect(lines[1]).toBe('  out=images/lyso_00001.cbf');
    expect(lines[2]).toBe(`  checksum=sha-256=${FILES[0].sha256}`);
  });

  it('keeps manifest paths inside the download folder', () => {
    expect(safeRelativePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('/abs//./x\ny')).toBe('abs/x_y');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('-rf')).toBe(`'-rf'`);
  });

  it('prefixes experiment entries with their dataset id', async () => {
    const paths: string[] = [];
    for await (const e of experimentEntries([{ id: 'raw', files: FILES.slice(0, 1) }, { id: 'hits', files: FILES.slice(2) }], 'https://x.org/'))
      paths.push(e.path);
    expect(paths).toEqual(['raw/images/lyso_00001.cbf', "hits/it's here/ümlaut #3.h5"]);
  });
});

describe('streamManifest at 200,000 files', () => {
  async function* many(n: number): AsyncGenerator<ManifestEntry> {
    for (let i = 0; i < n; i++) {
      yield { path: `images/frame_${String(i).padStart(6, '0')}.cbf`, url: `https://d.org/b/frame_${i}.cbf`, size: 6_000_000, sha256: 'a'.repeat(64) };
    }
  }

  it('yields many bounded chunks whose lines add up to one per file', async () => {
    let chunks = 0;
    let lines = 0;
    let largest = 0;
    for await (const chunk of streamManifest('sha256', many(200_000), { label: 'big' })) {
      chunks++;
      largest = Math.max(largest, chunk.length);
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
    }
    expect(lines).toBe(200_000);
    expect(chunks).toBeGreaterThan(200);
    expect(largest).toBeLessThan(70 * 1024);
  });

  it('writes every format in one pass with the right line counts', async () => {
    const dir = path.join(tmp, 'big');
    const summary = await writeManifests(dir, { label: 'big' }, many(200_000));
    expect(summary).toMatchObject({ count: 200_000, totalBytes: 200_000 * 6_000_000 });
    const count = async (name: string) => (await readFile(path.join(dir, name), 'utf8')).split('\n').length - 1;
    expect(await count('SHA256SUMS')).toBe(200_000);
    expect(await count('urls.txt')).toBe(200_000);
    expect(await count('files.aria2')).toBe(2 + 3 * 200_000);
    expect(await count('files.tsv')).toBe(1 + 200_000);
    expect((await readdir(dir)).sort()).toEqual(['SHA256SUMS', 'download.sh', 'files.aria2', 'files.meta4', 'files.tsv', 'urls.txt']);
  });
});

describe('manifests used by the real tools', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'bucket' }]);
    for (const f of FILES) await s3.client.send(new PutObjectCommand({ Bucket: 'bucket', Key: f.key, Body: f.content }));
  });
  afterAll(() => s3?.stop());

  it('download.sh fetches every file with curl, resumes, and sha256sum -c accepts the result', async () => {
    const site = path.join(tmp, 'site');
    const summary = await writeManifests(site, { label: 'dataset raw' }, datasetEntries(FILES, `${s3.endpoint}/bucket/`));
    expect(summary.keyPrefix).toBe('exp-1/raw/');
    const target = path.join(tmp, 'download');
    await mkdir(target);
    await run('sh', [path.join(site, 'download.sh')], { cwd: target });
    // A truncated file is completed on the second run (curl -C -), complete ones are skipped.
    await writeFile(path.join(target, 'images/lyso_00001.cbf'), 'first');
    await run('sh', [path.join(site, 'download.sh')], { cwd: target });
    const { stdout } = await run('sha256sum', ['-c', path.join(site, 'SHA256SUMS')], { cwd: target });
    expect(stdout.trim().split('\n')).toHaveLength(3);
    expect(stdout).not.toMatch(/FAILED/);
    expect(await readFile(path.join(target, "it's here/ümlaut #3.h5"), 'utf8')).toBe('third');
  });

  it('a corrupted file fails sha256sum -c', async () => {
    const target = path.join(tmp, 'download');
    await writeFile(path.join(target, 'images/lyso_00001.cbf'), 'tampered!!!');
    await expect(run('sha256sum', ['-c', path.join(tmp, 'site', 'SHA256SUMS')], { cwd: target })).rejects.toMatchObject({ code: 1 });
  });
});

describe('manifests for files whose source gives another checksum, or none', () => {
  const digest = (algorithm: string, content: string) => createHash(algorithm).update(content).digest('hex');
  const mixed: Array<Datafile & { content: string }> = [
    file('a.cbf', 'sha-256 file'),
    { ...withoutSha(file('b odd name.cbf', 'md5 file')), checksum: { algorithm: 'md5', value: digest('md5', 'md5 file') } },
    { ...withoutSha(file('c.h5', 'sha-512 file')), checksum: { algorithm: 'sha512', value: digest('sha512', 'sha-512 file') } },
    { ...withoutSha(file('d.nxs', 'crc file')), checksum: { algorithm: 'crc32', value: '00a3f2b1' } },
    withoutSha(file('e.txt', 'unchecked')),
  ];

  function withoutSha<T extends { sha256?: string }>(f: T): T {
    const { sha256: _, ...rest } = f;
    return rest as T;
  }

  it('SHA256SUMS lists only SHA-256 files; MD5SUMS and SHA512SUMS are written beside it and the tools accept them', async () => {
    const dir = path.join(tmp, 'mixed');
    const target = path.join(dir, 'files');
    await mkdir(target, { recursive: true });
    for (const f of mixed) await writeFile(path.join(target, f.path), f.content);
    const summary = await writeManifests(dir, { label: 'mixed' }, datasetEntries(mixed, 'https://data.example.org/'));
    expect(Object.values(summary.files).sort()).toEqual(['MD5SUMS', 'SHA256SUMS', 'SHA512SUMS', 'download.sh', 'files.aria2', 'files.meta4', 'files.tsv', 'urls.txt']);
    expect((await readFile(path.join(dir, 'files.tsv'), 'utf8')).split('\n')[2]).toMatch(new RegExp(`^b odd name\\.cbf\t8\tmd5:${digest('md5', 'md5 file')}\thttps://`));
    expect(await readdir(dir)).not.toContain('SHA1SUMS');
    expect(await readFile(path.join(dir, 'SHA256SUMS'), 'utf8')).toBe(`${sha('sha-256 file')}  a.cbf\n`);
    expect(await readFile(path.join(dir, 'MD5SUMS'), 'utf8')).toBe(`${digest('md5', 'md5 file')}  b odd name.cbf\n`);
    for (const [tool, sums] of [['sha256sum', 'SHA256SUMS'], ['md5sum', 'MD5SUMS'], ['sha512sum', 'SHA512SUMS']]) {
      const { stdout } = await run(tool, ['-c', path.join(dir, sums)], { cwd: target });
      expect(stdout.trim().split('\n')).toHaveLength(1);
    }
    await writeFile(path.join(target, 'b odd name.cbf'), 'tampered');
    await expect(run('md5sum', ['-c', path.join(dir, 'MD5SUMS')], { cwd: target })).rejects.toMatchObject({ code: 1 });
  });

  it('Metalink carries each file’s own hash type and none for CRC32 or no checksum; aria2 verifies with the right type', () => {
    const entries = mixed.map((f) => ({ path: f.path, url: `https://data.example.org/${f.key}`, size: f.size, sha256: f.sha256, checksum: f.checksum }));
    const xml = manifestText('metalink', entries, { label: 'mixed' });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'file' || n === 'hash' }).parse(xml);
    const hashes = doc.metalink.file.map((f: { hash?: Array<{ '@_type': string; '#text': string }> }) => f.hash?.map((h) => [h['@_type'], h['#text']]) ?? []);
    expect(hashes).toEqual([
      [['sha-256', sha('sha-256 file')]],
      [['md5', digest('md5', 'md5 file')]],
      [['sha-512', digest('sha512', 'sha-512 file')]],
      [],
      [],
    ]);
    const aria2 = manifestText('aria2', entries, { label: 'mixed' });
    expect(aria2.match(/checksum=.*/g)).toEqual([
      `checksum=sha-256=${sha('sha-256 file')}`,
      `checksum=md5=${digest('md5', 'md5 file')}`,
      `checksum=sha-512=${digest('sha512', 'sha-512 file')}`,
    ]);
    expect(aria2.split('\n').filter((l) => l.startsWith('https://'))).toHaveLength(5);
  });

  it('an optional check file left by an earlier build goes when no file needs it', async () => {
    const dir = path.join(tmp, 'mixed-then-sha');
    await writeManifests(dir, { label: 'x' }, datasetEntries(mixed, 'https://data.example.org/'));
    expect(await readdir(dir)).toContain('MD5SUMS');
    await writeManifests(dir, { label: 'x' }, datasetEntries([mixed[0]], 'https://data.example.org/'));
    expect(await readdir(dir)).not.toContain('MD5SUMS');
  });
});
