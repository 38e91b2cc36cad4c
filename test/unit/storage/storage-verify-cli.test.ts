import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { fixtureExperiment, metadataOnlySpec, releasedMxSpec, sweepDataset, sweepFiles, writeFixtureCatalogue } from '../../helpers/catalogue-fixtures.ts';
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
    // Two datasets each under 2^53 - 1 bytes, over it together: the build and check refuse the second line (test/unit/cli/check.test.ts).
    const big = releasedMxSpec('big-record', '10.5072/big-record', 1);
    const file = (dataset: string, size: number) => ({ path: 'f1.cbf', size, sha256: 'ab'.repeat(32), mediaType: 'application/x-cbf', key: `big/${dataset}/f1.cbf` });
    big.experiment = fixtureExperiment({ state: 'released' }, [sweepDataset('sweep-1', 1, { totalBytes: 8.5e15 }), sweepDataset('sweep-2', 1, { totalBytes: 1e15 })]);
    big.listings = { 'sweep-1': [file('sweep-1', 8.5e15)], 'sweep-2': [file('sweep-2', 1e15)] };
    await writeFixtureCatalogue(path.join(root, 'big'), [big]);
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

  it("skips and reports the line that takes a record's datasets together past 2^53 - 1 bytes, as the build does", async () => {
    const out: string[] = [];
    const code = await main(['storage', 'verify', '--catalogue', 'big', '--json'], { stdout: (t) => out.push(t), stderr: () => {}, cwd: root, env: {} });
    const report = JSON.parse(out.join('\n'));
    // Only the first dataset's file is asked for (and is not in the bucket); the second line is the catalogue's error.
    expect(report).toMatchObject({ checked: 1, missing: 1, catalogueErrors: 1 });
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(['storage/missing']);
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
