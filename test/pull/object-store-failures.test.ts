/**
 * Files listed from an object store (DataCite records, keys under a template per DOI) through
 * a fault-injecting proxy in front of the local s3rver: a store that resets the connection,
 * never answers or answers 500 while one record's files are listed costs that record alone
 * (pull/record-incomplete, its mirrored copy kept, never published with part of its files),
 * and a run of such records stops the pull as an outage, the mirror left as it was.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';
import { startFaultProxy, type Fault } from '../helpers/fault-proxy.ts';
import { createStorageClient } from '../../src/storage/client.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { pull, serve } from './pull-harness.ts';
import { SHA, dataciteAttributes } from './fixtures.ts';

const LATER = (day: number) => new Date(`2026-03-0${day}T12:00:00Z`);
const SUFFIXES = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Every file of a record folder, by relative path. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('object-store failures while listing one record\'s files', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'esrf-data' }]);
    for (const suffix of SUFFIXES) {
      for (const name of ['scan/frame_0001.cbf', 'scan/frame_0002.cbf']) {
        const body = `${suffix} ${name}`;
        await s3.client.send(new PutObjectCommand({ Bucket: 'esrf-data', Key: `doi/${suffix}/${name}`, Body: body, Metadata: { sha256: SHA(body) } }));
      }
    }
  });
  afterAll(() => s3?.stop());

  /** A DataCite listing of `listed` DOIs (10.16907/<suffix>), their files from s3rver behind a proxy that faults as `plan.fault` says. */
  async function setup(listed: string[]) {
    const plan: { fault: (req: { method: string; path: string }) => Fault } = { fault: () => 'pass' };
    const proxy = await startFaultProxy(s3.endpoint, (req) => plan.fault({ method: req.method, path: decodeURIComponent(req.path) }));
    const client = createStorageClient({ endpoint: proxy.url, region: 'us-east-1', pathStyle: true }, s3.credentials);
    onTestFinished(async () => {
      client.destroy();
      await proxy.close();
    });
    const { replay, out } = await serve((req) => (req.path === '/dois' ? { body: { data: listed.map((s) => ({ id: `10.16907/${s}`, type: 'dois', attributes: dataciteAttributes(`10.16907/${s}`) })), links: {} } } : undefined));
    const source = dataciteRestSource({ url: replay.url, prefix: '10.16907', files: { client, bucket: 'esrf-data', keyTemplate: 'doi/{suffix}/', timeoutMs: 400, retries: 1 } });
    return { plan, proxy, source, out };
  }
  const listingOf = (suffix: string) => (req: { method: string; path: string }) => req.method === 'GET' && req.path.includes(`prefix=doi/${suffix}/`);

  it.each<[string, Fault]>([
    ['resets the connection (ECONNRESET)', 'reset'],
    ['never answers (a timeout)', 'hang'],
    ['answers 500', '500'],
  ])('a store that %s on one record\'s listing leaves that record out alone, its mirrored copy as it was', async (_, fault) => {
    const { plan, proxy, source, out } = await setup(['a', 'b']);
    expect((await pull(source, out)).summary).toMatchObject({ failed: null, written: 2 });
    const before = await snapshot(path.join(out, '10.16907-b'));
    expect(Object.keys(before)).toContain('datasets/files.jsonl');
    plan.fault = (req) => (listingOf('b')(req) ? fault : 'pass');
    const { summary, sink } = await pull(source, out, { full: true, now: LATER(2) });
    expect(summary).toMatchObject({ failed: null, leftOut: 1, vanished: 0, withdrawn: 0 });
    const refused = sink.list.filter((d) => d.code === 'pull/record-incomplete');
    expect(refused.map((d) => [d.record, d.file])).toEqual([['10.16907/b', 's3://esrf-data/doi/b/']]);
    expect(sink.list.map((d) => d.code)).not.toContain('pull/source-unreachable');
    // Asked again (retries: 1), then given up.
    expect(proxy.log.filter((r) => r.fault === fault)).toHaveLength(2);
    expect(await snapshot(path.join(out, '10.16907-b'))).toEqual(before);
  });

  it('a HEAD that finds no answer leaves the record out rather than list its file without the checksum it has', async () => {
    const { plan, source, out } = await setup(['a', 'b']);
    await pull(source, out);
    const before = await snapshot(path.join(out, '10.16907-b'));
    plan.fault = (req) => (req.method === 'HEAD' && req.path.endsWith('/doi/b/scan/frame_0002.cbf') ? 'reset' : 'pass');
    const { summary, sink } = await pull(source, out, { full: true, now: LATER(2) });
    expect(summary).toMatchObject({ failed: null, leftOut: 1 });
    expect(sink.list.filter((d) => d.code === 'pull/record-incomplete').map((d) => d.file)).toEqual(['s3://esrf-data/doi/b/scan/frame_0002.cbf']);
    expect(await snapshot(path.join(out, '10.16907-b'))).toEqual(before);
  });

  it('a record whose files the store answers between them starts the count again: fewer in a row cost only themselves', async () => {
    const { plan, source, out } = await setup(SUFFIXES);
    await pull(source, out);
    plan.fault = (req) => (req.method === 'GET' && req.path.includes('prefix=') && !listingOf('e')(req) ? 'reset' : 'pass');
    const { summary, sink } = await pull(source, out, { full: true, now: LATER(2) });
    expect(summary).toMatchObject({ failed: null, leftOut: 5, vanished: 0, withdrawn: 0 });
    expect(sink.list.filter((d) => d.code === 'pull/record-incomplete').map((d) => d.record)).toEqual(['a', 'b', 'c', 'd', 'f'].map((s) => `10.16907/${s}`));
  });

  it('five records in a row whose files find no answer stop the pull as an outage, and the mirror stays as it was', async () => {
    const { plan, proxy, source, out } = await setup(SUFFIXES);
    expect((await pull(source, out)).summary.written).toBe(6);
    const before = await snapshot(out);
    plan.fault = (req) => (req.method === 'GET' && req.path.includes('prefix=') ? 'reset' : 'pass');
    const { summary, sink } = await pull(source, out, { full: true, now: LATER(2) });
    expect(summary.failed).toMatch(/ECONNRESET|socket hang up/);
    expect(sink.list.filter((d) => d.code === 'pull/record-incomplete')).toHaveLength(5);
    // The sixth record's files were never asked for.
    expect(proxy.log.some((r) => listingOf('f')({ method: r.method, path: decodeURIComponent(r.path) }) && r.fault === 'reset')).toBe(false);
    expect(await snapshot(out)).toEqual(before);
  });
});
