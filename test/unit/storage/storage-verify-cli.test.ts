import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { metadataOnlySpec, releasedMxSpec, sweepFiles, writeFixtureCatalogue } from '../../helpers/catalogue-fixtures.ts';
import { main } from '../../../src/cli/main.ts';
import { EXIT } from '../../../src/cli/exit-codes.ts';

describe('aperture storage verify', () => {
  let s3: RunningS3rver;
  let root: string;
  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'data' }]);
    root = await mkdtemp(path.join(tmpdir(), 'aperture-storage-verify-'));
    const released = releasedMxSpec('exp-a', '10.5072/aperture-storage-a', 2);
    released.listings = { 'sweep-1': sweepFiles('sweep-1', 2, { size: 10 }), 'sweep-2': sweepFiles('sweep-2', 2, { size: 10 }) };
    await writeFixtureCatalogue(path.join(root, 'content'), [released, metadataOnlySpec('exp-b')]);
    // sweep-1: first file as listed (10 + 1 bytes), second one short; sweep-2 never uploaded.
    await s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: 'fixture/sweep-1/images/sweep-1_00001.cbf', Body: Buffer.alloc(11) }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: 'fixture/sweep-1/images/sweep-1_00002.cbf', Body: Buffer.alloc(5) }));
    await writeFile(
      path.join(root, 'aperture.config.json'),
      JSON.stringify({
        siteUrl: 'https://data.example.org/', title: 'T', tagline: 'T', facility: { name: 'F' },
        storage: { endpoint: s3.endpoint, bucket: 'data', publicBaseUrl: `${s3.endpoint}/data/` },
      }),
    );
  });
  afterAll(async () => {
    await s3?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('reports missing and wrong-size objects of released records only, and exits 1', async () => {
    const out: string[] = [];
    const code = await main(['storage', 'verify', '--json'], { stdout: (t) => out.push(t), stderr: () => {}, cwd: root, env: {} });
    const report = JSON.parse(out.join('\n'));
    expect(report).toMatchObject({ checked: 4, missing: 2, mismatched: 1, forbidden: 0, unreachable: 0, stopped: null });
    expect(report.diagnostics.map((d: { code: string }) => d.code).sort()).toEqual(['storage/missing', 'storage/missing', 'storage/size-mismatch']);
    expect(report.diagnostics.every((d: { record: string }) => d.record === 'exp-a')).toBe(true);
    expect(code).toBe(EXIT.inputErrors);
  });

  it('exits 4 with one line when the store is down', async () => {
    const out: string[] = [];
    const code = await main(['storage', 'verify'], {
      stdout: (t) => out.push(t), stderr: () => {}, cwd: root, env: { APERTURE_STORAGE_ENDPOINT: 'http://127.0.0.1:9' },
    });
    expect(code).toBe(EXIT.failure);
    expect(out.join('\n')).toMatch(/stopped early: store-unreachable|unreachable/);
  });
});
