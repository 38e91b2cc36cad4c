/**
 * A proxy's sign-in page answered with HTTP 200 in the object store's place. The SDK reads it
 * as an empty listing, a bucket without CORS rules and an object the page's size; every
 * storage client refuses it instead, and each caller reports it once with the URL, the
 * content type and the page's first words, never as "bucket empty" or "every file missing".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { HtmlAnswer } from '../../../src/pull/http.ts';
import { s3Datasets } from '../../../src/pull/s3-files.ts';
import { listObjects, readPublishManifest } from '../../../src/publish/publish.ts';
import { createStorageClient } from '../../../src/storage/client.ts';
import { readCors } from '../../../src/storage/cors.ts';
import { StoreHtmlAnswer } from '../../../src/storage/html-answer.ts';
import { verifyObjects, type VerifyItem } from '../../../src/storage/verify.ts';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';

const PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in – Campus SSO</title></head><body><form action="/login">…</form></body></html>';

let store: RunningS3rver;
let proxy: http.Server;
let proxyUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  store = await startS3rver([{ name: 'data' }]);
  await store.client.send(new PutObjectCommand({ Bucket: 'data', Key: 'site/index.html', Body: '<!doctype html><p>home', ContentType: 'text/html; charset=utf-8' }));
  await store.client.send(new PutObjectCommand({ Bucket: 'data', Key: '10.5072/x/a.cbf', Body: Buffer.alloc(10, 1) }));
  proxy = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE) });
    res.end(req.method === 'HEAD' ? undefined : PAGE);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await store?.stop();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
});

const behindProxy = () => createStorageClient({ endpoint: proxyUrl, region: 'us-east-1', pathStyle: true }, null);
const datafile = (key: string, size: number) => ({ path: key.split('/').pop()!, size, sha256: '0'.repeat(64), mediaType: 'application/octet-stream', key });

describe('verifyObjects when a sign-in page answers for the store', () => {
  test('reports it once, with URL, content type and the page, and calls no file missing, mismatched or sized', async () => {
    const sink = new DiagnosticSink();
    const items: VerifyItem[] = [
      ...Array.from({ length: 20 }, (_, i) => ({ record: 'exp-1', dataset: 'ds', file: datafile(`exp-1/ds/f${i}.cbf`, 1000) })),
      { record: 'exp-2', dataset: 'ds', file: datafile('exp-2/ds/unsized.cbf', -1) },
    ];
    const report = await verifyObjects(behindProxy(), 'data', items, { concurrency: 4, fillSizes: true, retries: 0 }, sink);
    expect(report).toMatchObject({ missing: 0, mismatched: 0, forbidden: 0, stopped: 'html-answer' });
    expect(report.sizes.size).toBe(0);
    expect(sink.list.map((d) => d.code)).toEqual(['storage/html-answer']);
    const [diagnostic] = sink.list;
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.message).toContain(`${proxyUrl}/data/exp-1/ds/f`);
    expect(diagnostic.message).toContain('Content-Type: text/html; charset=utf-8');
    expect(diagnostic.message).toContain('titled "Sign in – Campus SSO"');
    expect(diagnostic.hint).toContain('The page began: "<!DOCTYPE html> <html><head><title>Sign in');
  });
});

describe('listings and settings read through a sign-in page', () => {
  test('a pull\'s file listing fails its record with the page, instead of listing no files', async () => {
    const [dataset] = s3Datasets({ client: behindProxy(), bucket: 'data', keyTemplate: '{doi}/', retries: 0 }, '10.5072/x');
    const files: unknown[] = [];
    const error = await (async () => {
      for await (const file of dataset.files) files.push(file);
    })().catch((e: unknown) => e);
    expect(files).toEqual([]);
    expect(error).toBeInstanceOf(HtmlAnswer);
    expect((error as HtmlAnswer).message).toContain(`${proxyUrl}/data/?list-type=2&prefix=10.5072%2Fx%2F`);
    expect((error as HtmlAnswer).hint).toContain('Sign in – Campus SSO');
  });

  test('publish\'s listing and manifest, and the bucket\'s CORS rules, are refused rather than read as empty', async () => {
    await expect(listObjects(behindProxy(), 'data', 'site/', { retries: 0 })).rejects.toBeInstanceOf(StoreHtmlAnswer);
    await expect(readPublishManifest(behindProxy(), 'data', 'site/', { retries: 0 })).rejects.toBeInstanceOf(StoreHtmlAnswer);
    await expect(readCors(behindProxy(), 'data')).rejects.toBeInstanceOf(StoreHtmlAnswer);
  });

  test('a refused page is asked for once, not retried: the same page comes back', async () => {
    seen.length = 0;
    await listObjects(behindProxy(), 'data', 'site/', { retries: 3, baseDelayMs: 1 }).catch(() => undefined);
    expect(seen).toHaveLength(1);
  });
});

describe('the real store through the same client', () => {
  test('lists its objects, and an HTML object by right reads as itself', async () => {
    const client = createStorageClient({ endpoint: store.endpoint, region: 'us-east-1', pathStyle: true }, store.credentials);
    expect(await listObjects(client, 'data', '')).toEqual(new Map([['10.5072/x/a.cbf', 10], ['site/index.html', 22]]));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'data', Key: 'site/index.html' }));
    expect(head.ContentType).toMatch(/^text\/html/);
    const page = await client.send(new GetObjectCommand({ Bucket: 'data', Key: 'site/index.html' }));
    expect(await page.Body!.transformToString()).toBe('<!doctype html><p>home');
    const [dataset] = s3Datasets({ client, bucket: 'data', keyTemplate: '{doi}/' }, '10.5072/x');
    const paths: string[] = [];
    for await (const file of dataset.files) paths.push(file.path);
    expect(paths).toEqual(['a.cbf']);
  });
});
