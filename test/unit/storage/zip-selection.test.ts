import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { zipSelection, predictedZipBytes } from '../../../src/client/selection/zip-selection.ts';
import type { SelectableFile } from '../../../src/client/selection/selection-model.ts';

const run = promisify(execFile);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('zipSelection(files) fetching from a real store', () => {
  let s3: RunningS3rver;
  let tmp: string;
  const small = Buffer.from('small image bytes');
  const big = Buffer.alloc(300_000, 7);
  const tampered = Buffer.from('what the store really holds');
  let files: SelectableFile[];

  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'data' }]);
    tmp = await mkdtemp(path.join(tmpdir(), 'aperture-zip-'));
    const put = (key: string, body: Buffer) => s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: key, Body: body }));
    await put('raw/images/a 1.cbf', small);
    await put('raw/master.h5', big);
    await put('raw/images/c.cbf', tampered);
    const url = (key: string) => `${s3.endpoint}/data/${key.split('/').map(encodeURIComponent).join('/')}`;
    files = [
      { key: 'raw/images/a 1.cbf', path: 'images/a 1.cbf', url: url('raw/images/a 1.cbf'), size: small.length, sha256: sha(small) },
      { key: 'raw/master.h5', path: 'master.h5', url: url('raw/master.h5'), size: big.length, sha256: sha(big) },
      { key: 'raw/images/c.cbf', path: 'images/c.cbf', url: url('raw/images/c.cbf'), size: 5, sha256: sha(Buffer.from('other')) },
      { key: 'raw/images/gone.cbf', path: 'images/gone.cbf', url: url('raw/images/gone.cbf'), size: 3, sha256: sha(Buffer.from('abc')) },
    ];
  });
  afterAll(async () => {
    await s3?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('archives verified files, streams large ones, and lists what it left out', async () => {
    const progress: number[] = [];
    const job = zipSelection(files, { verifyUpTo: 100_000, onProgress: (p) => progress.push(p.files) });
    const zipFile = path.join(tmp, 'selection.zip');
    await writeFile(zipFile, Buffer.from(await job.response.arrayBuffer()));
    const result = await job.result;
    expect(result.verified).toBe(1);
    expect(result.unverified).toBe(1);
    expect(result.problems.map((p) => [p.path, p.problem])).toEqual([
      ['images/c.cbf', 'checksum-mismatch'],
      ['images/gone.cbf', 'http-error'],
    ]);
    expect(progress).toEqual([1, 2, 3, 4]);

    const { stdout } = await run('unzip', ['-Z1', zipFile]);
    expect(stdout.trim().split('\n')).toEqual(['SHA256SUMS', 'images/a 1.cbf', 'master.h5', 'DOWNLOAD-PROBLEMS.txt']);
    const out = path.join(tmp, 'unzipped');
    await run('unzip', ['-q', zipFile, '-d', out]);
    expect(await readFile(path.join(out, 'master.h5'))).toEqual(big);
    expect(await readFile(path.join(out, 'DOWNLOAD-PROBLEMS.txt'), 'utf8')).toMatch(/images\/c\.cbf\tchecksum-mismatch/);
    // The bundled SHA256SUMS checks what is there (and names what is not).
    const check = await run('sha256sum', ['-c', '--ignore-missing', 'SHA256SUMS'], { cwd: out });
    expect(check.stdout).toMatch(/images\/a 1\.cbf: OK/);
    expect(check.stdout).toMatch(/master\.h5: OK/);
  });

  it('verifies SHA-512 files, takes MD5 and unchecked files unverified with MD5SUMS beside SHA256SUMS', async () => {
    const url = (key: string) => `${s3.endpoint}/data/${key.split('/').map(encodeURIComponent).join('/')}`;
    const digest = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex');
    const mixed: SelectableFile[] = [
      { key: 'raw/images/a 1.cbf', path: 'a.cbf', url: url('raw/images/a 1.cbf'), size: small.length, checksum: { algorithm: 'sha512', value: digest('sha512', small) } },
      { key: 'raw/master.h5', path: 'master.h5', url: url('raw/master.h5'), size: big.length, checksum: { algorithm: 'md5', value: digest('md5', big) } },
      { key: 'raw/images/c.cbf', path: 'c.cbf', url: url('raw/images/c.cbf'), size: tampered.length, checksum: { algorithm: 'sha512', value: digest('sha512', Buffer.from('other')) } },
      { key: 'raw/images/c.cbf', path: 'unchecked.cbf', url: url('raw/images/c.cbf'), size: tampered.length },
    ];
    const job = zipSelection(mixed, { verifyUpTo: 1_000_000 });
    const zipFile = path.join(tmp, 'mixed.zip');
    await writeFile(zipFile, Buffer.from(await job.response.arrayBuffer()));
    const result = await job.result;
    expect(result).toMatchObject({ verified: 1, unverified: 2 });
    expect(result.problems.map((p) => [p.path, p.problem])).toEqual([['c.cbf', 'checksum-mismatch']]);
    const { stdout } = await run('unzip', ['-Z1', zipFile]);
    expect(stdout.trim().split('\n')).toEqual(['SHA256SUMS', 'SHA512SUMS', 'MD5SUMS', 'a.cbf', 'master.h5', 'unchecked.cbf', 'DOWNLOAD-PROBLEMS.txt']);
    const out = path.join(tmp, 'mixed-unzipped');
    await run('unzip', ['-q', zipFile, '-d', out]);
    expect((await run('md5sum', ['-c', 'MD5SUMS'], { cwd: out })).stdout).toMatch(/master\.h5: OK/);
    expect((await run('sha512sum', ['-c', '--ignore-missing', 'SHA512SUMS'], { cwd: out })).stdout).toMatch(/a\.cbf: OK/);
    expect(await readFile(path.join(out, 'SHA256SUMS'), 'utf8')).toBe('');
    const good = mixed.filter((f) => f.path !== 'c.cbf');
    const again = zipSelection(good, { verifyUpTo: 1_000_000 });
    expect((await again.response.arrayBuffer()).byteLength).toBe(predictedZipBytes(good));
    await again.result;
  });

  it('predicts the archive size exactly when every file arrives as listed', async () => {
    const good = files.slice(0, 2);
    const job = zipSelection(good, { verifyUpTo: 100_000 });
    const bytes = (await job.response.arrayBuffer()).byteLength;
    await job.result;
    expect(bytes).toBe(predictedZipBytes(good));
  });
});
