import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { createStorageClient } from '../../../src/storage/client.ts';
import { isUnavailable, unavailableKeys, verifyItems, verifyObjects, type VerifyItem } from '../../../src/storage/verify.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import type { Datafile } from '../../../src/record/types.ts';

const BUCKET = 'data';

function datafile(key: string, size: number): Datafile {
  return { path: key.split('/').pop()!, size, sha256: '0'.repeat(64), mediaType: 'application/octet-stream', key };
}

async function* items(files: Datafile[]): AsyncIterable<VerifyItem> {
  for (const file of files) yield { record: 'exp-1', dataset: 'ds-1', file };
}

/** A tiny store that answers every request with a fixed status, or never in time. */
async function fakeStore(handler: (count: number) => { status: number; delayMs?: number }): Promise<{ endpoint: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    const { status, delayMs } = handler(++count);
    const timer = setTimeout(() => {
      res.writeHead(status, { 'content-length': status === 200 ? '5' : '0' });
      res.end();
    }, delayMs ?? 0);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('verifyObjects against s3rver', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver([{ name: BUCKET }]);
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'exp-1/ds-1/a.cbf', Body: Buffer.alloc(1000, 1) }));
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'exp-1/ds-1/name with space #1.cbf', Body: Buffer.alloc(10, 2) }));
  });
  afterAll(() => s3?.stop());

  it('accepts present objects, reports missing and wrong-size ones with their codes', async () => {
    const sink = new DiagnosticSink();
    const client = createStorageClient({ endpoint: s3.endpoint, region: 'us-east-1', pathStyle: true }, s3.credentials);
    const report = await verifyObjects(
      client,
      BUCKET,
      items([
        datafile('exp-1/ds-1/a.cbf', 1000),
        datafile('exp-1/ds-1/name with space #1.cbf', 10),
        datafile('exp-1/ds-1/gone.cbf', 5),
        datafile('exp-1/ds-1/a.cbf', 999),
      ]),
      { concurrency: 2 },
      sink,
    );
    expect(report).toMatchObject({ checked: 4, missing: 1, mismatched: 1, forbidden: 0, unreachable: 0, stopped: null });
    expect(sink.list.map((d) => d.code).sort()).toEqual(['storage/missing', 'storage/size-mismatch']);
    expect(sink.list.every((d) => d.record === 'exp-1' && d.severity === 'error')).toBe(true);
    expect(isUnavailable(report, 'exp-1/ds-1/gone.cbf')).toBe(true);
    expect(isUnavailable(report, 'exp-1/ds-1/name with space #1.cbf')).toBe(false);
    expect(unavailableKeys(report)).toEqual(new Set(['exp-1/ds-1/gone.cbf', 'exp-1/ds-1/a.cbf']));
  });

  it('reads a public bucket unsigned and fills unknown sizes when asked', async () => {
    const sink = new DiagnosticSink();
    const anonymous = createStorageClient({ endpoint: s3.endpoint, region: 'us-east-1', pathStyle: true }, null);
    const report = await verifyObjects(anonymous, BUCKET, [{ record: 'r', dataset: 'd', file: datafile('exp-1/ds-1/a.cbf', -1) }], { fillSizes: true }, sink);
    expect(report.checked).toBe(1);
    expect(report.sizes.get('exp-1/ds-1/a.cbf')).toBe(1000);
    expect(sink.list.map((d) => d.code)).toEqual(['storage/size-filled']);
  });
});

describe('verifyObjects against a failing store', () => {
  const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', pathStyle: true });

  it('reports 403 as forbidden without retrying', async () => {
    const store = await fakeStore(() => ({ status: 403 }));
    try {
      const sink = new DiagnosticSink();
      const report = await verifyObjects(createStorageClient(config(store.endpoint), null), BUCKET, items([datafile('k1', 5), datafile('k2', 5)]), { retries: 3 }, sink);
      expect(report.forbidden).toBe(2);
      expect(store.requests()).toBe(2);
      expect(sink.list.map((d) => d.code)).toEqual(['storage/forbidden', 'storage/forbidden']);
      expect(isUnavailable(report, 'k1')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('retries a 503 and succeeds on the next attempt', async () => {
    const store = await fakeStore((n) => ({ status: n === 1 ? 503 : 200 }));
    try {
      const sink = new DiagnosticSink();
      const report = await verifyObjects(createStorageClient(config(store.endpoint), null), BUCKET, items([datafile('k1', 5)]), { retries: 2, baseDelayMs: 5 }, sink);
      expect(report).toMatchObject({ checked: 1, unreachable: 0 });
      expect(sink.list).toEqual([]);
      expect(store.requests()).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('stops early with one diagnostic when a slow store never answers in time', async () => {
    const store = await fakeStore(() => ({ status: 200, delayMs: 10_000 }));
    try {
      const sink = new DiagnosticSink();
      const many = Array.from({ length: 500 }, (_, i) => datafile(`k${i}`, 5));
      const started = Date.now();
      const report = await verifyObjects(
        createStorageClient(config(store.endpoint), null),
        BUCKET,
        items(many),
        { concurrency: 4, retries: 1, timeoutMs: 150, baseDelayMs: 5, maxConsecutiveFailures: 4 },
        sink,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(report.stopped).toBe('store-unreachable');
      expect(report.checked).toBe(0);
      expect(store.requests()).toBeLessThan(40);
      const summary = sink.list.filter((d) => d.record === null);
      expect(summary.map((d) => d.code)).toEqual(['storage/unreachable']);
      // Unreachable is not "missing": the page keeps linking files it could not check.
      expect(unavailableKeys(report).size).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('stops early when nothing listens on the endpoint', async () => {
    const sink = new DiagnosticSink();
    const report = await verifyObjects(
      createStorageClient(config('http://127.0.0.1:9'), null),
      BUCKET,
      items(Array.from({ length: 100 }, (_, i) => datafile(`k${i}`, 5))),
      { concurrency: 2, retries: 0, maxConsecutiveFailures: 3 },
      sink,
    );
    expect(report.stopped).toBe('store-unreachable');
    expect(report.unreachable).toBeLessThan(10);
  });
});

describe('verifyItems(records, datafiles)', () => {
  it('lists bundles and datafiles of released records only', async () => {
    const dataset = { id: 'raw', bundles: [{ format: 'zip', key: 'b/raw.zip', size: 9, sha256: 'f'.repeat(64) }], listing: 'exp-1/raw.jsonl' };
    const record = (id: string, state: string) => ({ id, release: { state }, datasets: [dataset], files: { experiment: `${id}/experiment.json` } });
    const records = [record('exp-1', 'released'), record('exp-2', 'metadata-only'), record('exp-3', 'withdrawn')] as unknown as Parameters<typeof verifyItems>[0];
    const seen: string[] = [];
    for await (const item of verifyItems(records, (e, d) => [datafile(`${e}/${d}/a.cbf`, 1)])) seen.push(`${item.record} ${item.file.key}`);
    expect(seen).toEqual(['exp-1 b/raw.zip', 'exp-1 exp-1/raw/a.cbf']);
  });
});
