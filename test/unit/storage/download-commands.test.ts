import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { downloadCommands, type DownloadCommandContext } from '../../../src/storage/download-commands.ts';
import { datasetEntries, manifestText } from '../../../src/storage/manifests.ts';
import type { Datafile } from '../../../src/record/types.ts';

const run = promisify(execFile);

const storage = {
  endpoint: 'https://s3.example.org',
  bucket: 'open-data',
  region: 'eu-west-1',
  publicBaseUrl: 'https://s3.example.org/open-data/',
  anonymousAccess: true,
};

const ctx = (over: Partial<DownloadCommandContext> = {}): DownloadCommandContext => ({
  manifestBaseUrl: 'https://site.example.org/10.1234/abc/raw/',
  directory: "raw data (Bob's)",
  storage,
  keyPrefix: 'exp-1/raw/',
  ...over,
});

describe('downloadCommands(ctx)', () => {
  it('offers resumable downloads, bucket tools for anonymous buckets, and a verification step', () => {
    const commands = downloadCommands(ctx());
    expect(commands.map((c) => c.tool)).toEqual(['aria2c', 'curl', 'wget', 'rclone', 's5cmd', 'aws', 'sha256sum']);
    const by = Object.fromEntries(commands.map((c) => [c.tool, c.command]));
    expect(by.aria2c).toContain("curl -fsSL https://site.example.org/10.1234/abc/raw/files.aria2 | aria2c -c --check-integrity=true");
    expect(by.aws).toContain('aws s3 sync --no-sign-request --endpoint-url https://s3.example.org s3://open-data/exp-1/raw/ .');
    expect(by.s5cmd).toContain("--no-sign-request --endpoint-url https://s3.example.org cp 's3://open-data/exp-1/raw/*' .");
    expect(by.rclone).toContain(':s3:open-data/exp-1/raw .');
    expect(by.wget).toContain('--cut-dirs=3');
    expect(by.sha256sum).toContain('sha256sum -c');
    // The directory name is quoted so the shell sees one word.
    expect(by.curl.startsWith(`mkdir -p 'raw data (Bob'\\''s)' && cd 'raw data (Bob'\\''s)' && `)).toBe(true);
  });

  it('leaves out bucket tools when the bucket is not anonymously listable or files share no prefix', () => {
    expect(downloadCommands(ctx({ storage: { ...storage, anonymousAccess: false } })).map((c) => c.tool)).toEqual(['aria2c', 'curl', 'wget', 'sha256sum']);
    const flat = downloadCommands(ctx({ keyPrefix: null }));
    expect(flat.map((c) => c.tool)).toEqual(['aria2c', 'curl', 'wget', 'sha256sum']);
    expect(flat.find((c) => c.tool === 'wget')!.command).not.toContain('--cut-dirs');
  });

  it('uses the AWS region instead of an endpoint for AWS buckets', () => {
    const aws = downloadCommands(ctx({ storage: { ...storage, endpoint: null } })).find((c) => c.tool === 'aws')!;
    expect(aws.command).toContain('--region eu-west-1 s3://open-data/exp-1/raw/');
  });
});

describe('the wget command against a real store', () => {
  let s3: RunningS3rver;
  let tmp: string;
  const files: Datafile[] = ['images/a 1.cbf', 'images/sub/b.cbf', 'c.h5'].map((p) => ({
    path: p, size: p.length, sha256: createHash('sha256').update(p).digest('hex'), mediaType: 'x/y', key: `pub/exp-1/raw/${p}`,
  }));
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'aperture-wget-'));
    s3 = await startS3rver([{ name: 'open-data' }]);
    for (const f of files) await s3.client.send(new PutObjectCommand({ Bucket: 'open-data', Key: f.key, Body: f.path }));
    const entries = [];
    for await (const e of datasetEntries(files, `${s3.endpoint}/open-data/`)) entries.push(e);
    await s3.client.send(new PutObjectCommand({ Bucket: 'open-data', Key: 'site/raw/urls.txt', Body: manifestText('urls', entries, { label: 'raw' }) }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'open-data', Key: 'site/raw/SHA256SUMS', Body: manifestText('sha256', entries, { label: 'raw' }) }));
  });
  afterAll(async () => {
    await s3?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('keeps the dataset folder structure and verifies with the sha256sum command', async () => {
    const commands = downloadCommands({
      manifestBaseUrl: `${s3.endpoint}/open-data/site/raw/`,
      directory: 'raw',
      storage: { ...storage, endpoint: s3.endpoint, publicBaseUrl: `${s3.endpoint}/open-data/` },
      keyPrefix: 'pub/exp-1/raw/',
    });
    const wget = commands.find((c) => c.tool === 'wget')!.command;
    await run('sh', ['-c', `${wget} -q`], { cwd: tmp });
    expect(await readFile(path.join(tmp, 'raw/images/a 1.cbf'), 'utf8')).toBe('images/a 1.cbf');
    expect(await readFile(path.join(tmp, 'raw/images/sub/b.cbf'), 'utf8')).toBe('images/sub/b.cbf');
    const verify = commands.find((c) => c.tool === 'sha256sum')!.command;
    await expect(run('sh', ['-c', verify], { cwd: tmp })).resolves.toBeDefined();
  });
});
