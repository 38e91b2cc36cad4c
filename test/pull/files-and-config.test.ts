/**
 * DataCite records with their files from an object store (S3 ListObjectsV2 on the local
 * s3rver, keys under a template per DOI), configured through `catalogue.source` in
 * aperture.config.json and run through the CLI; and the HTTP client's limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';
import { startReplay, type Replay } from './replay-server.ts';
import { SHA, dataciteAttributes, dataciteListPage } from './fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { HttpClient, HttpError, NotFound, retryAfterMs } from '../../src/pull/http.ts';

describe('DataCite + object-store files, configured in aperture.config.json', () => {
  let s3: RunningS3rver;
  let replay: Replay;
  let dir: string;

  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'esrf-data' }]);
    const put = (key: string, body: string, sha256?: string) =>
      s3.client.send(new PutObjectCommand({ Bucket: 'esrf-data', Key: key, Body: body, ...(sha256 ? { Metadata: { sha256 } } : {}) }));
    await put('doi/ESRF-DC-1/scan/frame_0001.cbf', 'frame one', SHA('frame one'));
    await put('doi/ESRF-DC-1/scan/frame_0002.cbf', 'frame two', SHA('frame two'));
    await put('doi/ESRF-DC-1/README.txt', 'no checksum');
    await put('doi/ESRF-DC-10/other.h5', 'not this record', SHA('x'));
    replay = await startReplay((req, server) =>
      req.path === '/dois' ? { body: dataciteListPage(server.url, [dataciteAttributes('10.15151/ESRF-DC-1')], null, 1) } : undefined,
    );
    dir = await mkdtemp(path.join(tmpdir(), 'aperture-pull-files-'));
    await writeFile(
      path.join(dir, 'aperture.config.json'),
      JSON.stringify({
        siteUrl: 'https://data.example.org',
        title: 'Pulled',
        tagline: 'A mirror of a DataCite client.',
        catalogue: { path: 'mirror', source: { type: 'datacite', url: replay.url, clientId: 'inist.esrf', keyTemplate: 'doi/{suffix}/' } },
        facility: { name: 'ESRF' },
        storage: { endpoint: s3.endpoint, bucket: 'esrf-data', publicBaseUrl: `${s3.endpoint}/esrf-data/` },
      }),
    );
  });
  afterAll(async () => {
    await s3?.stop();
    await replay?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists each DOI’s objects under its key template, with SHA-256 from object metadata (an object without one is listed without a checksum)', async () => {
    const env = { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey };
    const run = await runCli(['pull', '--json'], dir, env);
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out);
    expect(summary.mirror).toBe(path.join(dir, 'mirror'));
    expect(summary.diagnostics.map((d: { code: string }) => d.code)).not.toContain('pull/checksum-unsupported');
    const lines = (await readFile(path.join(dir, 'mirror', '10.15151-esrf-dc-1', 'datasets', 'files.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { path: 'README.txt', size: 11, mediaType: 'text/plain', key: 'doi/ESRF-DC-1/README.txt' },
      { path: 'scan/frame_0001.cbf', size: 9, sha256: SHA('frame one'), mediaType: 'application/x-cbf', key: 'doi/ESRF-DC-1/scan/frame_0001.cbf' },
      { path: 'scan/frame_0002.cbf', size: 9, sha256: SHA('frame two'), mediaType: 'application/x-cbf', key: 'doi/ESRF-DC-1/scan/frame_0002.cbf' },
    ]);
    const check = await runCli(['check', '--catalogue', 'mirror', '--json'], dir, {});
    expect(JSON.parse(check.out).errors).toBe(0);
    expect(check.out).toContain('catalogue/checksum-missing');
    expect(check.code).toBe(0);
  });
});

describe('pull usage errors', () => {
  it('exits 2 for an unknown source in the config, a missing --url, or an unknown time zone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aperture-pull-usage-'));
    try {
      await writeFile(path.join(dir, 'aperture.config.json'), JSON.stringify({ siteUrl: 'https://x.example.org', title: 'T', tagline: 'T', catalogue: { path: 'm', source: { type: 'fedora', url: 'https://x.example.org' } }, facility: { name: 'F' }, storage: { publicBaseUrl: 'https://x.example.org/' } }));
      expect((await runCli(['pull'], dir, {})).code).toBe(2);
      expect((await runCli(['pull', '--from', 'scicat', '--out', 'm', '--config', 'none.json'], dir, {})).code).toBe(2);
      const zone = await runCli(['pull', '--from', 'mytardis', '--url', 'https://x.example.org', '--time-zone', 'Mars/Olympus', '--out', 'm', '--config', 'none.json'], dir, {});
      expect(zone.code).toBe(2);
      expect(zone.err).toMatch(/time zone/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('HTTP client', () => {
  let replay: Replay;
  let hits = 0;
  beforeAll(async () => {
    replay = await startReplay((req) => {
      hits++;
      if (req.path === '/big') return { body: { data: 'x'.repeat(5000) } };
      if (req.path === '/slow') return undefined;
      if (req.path === '/gone') return { status: 404, body: 'The resource you are looking for doesn\'t exist.' };
      if (req.path === '/bad-request') return { status: 400, body: { code: 'BAD_PARAMETER' } };
      return { status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT' }, body: {} };
    });
  });
  afterAll(() => replay.stop());

  it('refuses a body over the size cap without retrying', async () => {
    const http = new HttpClient({ maxBytes: 1000, sleep: async () => {} });
    await expect(http.getJson(`${replay.url}/big`)).rejects.toThrow(/cap/);
    expect(http.requests).toBe(1);
  });

  it('answers 404 as NotFound and a 400 at once, without retries', async () => {
    const http = new HttpClient({ sleep: async () => {} });
    await expect(http.getJson(`${replay.url}/gone`)).rejects.toBeInstanceOf(NotFound);
    await expect(http.getJson(`${replay.url}/bad-request`)).rejects.toMatchObject({ status: 400 });
    expect(http.requests).toBe(2);
  });

  it('gives up on a Retry-After longer than it may wait, and backs off exponentially with jitter otherwise', async () => {
    const waits: number[] = [];
    const http = new HttpClient({ sleep: async (ms) => void waits.push(ms), maxRetryAfterMs: 60_000 });
    await expect(http.getJson(`${replay.url}/unavailable`)).rejects.toBeInstanceOf(HttpError);
    expect(http.requests).toBe(1);
    const jitter = new HttpClient({ sleep: async (ms) => void waits.push(ms), random: () => 1, retries: 3, baseDelayMs: 100, fetch: async () => { throw new Error('ECONNRESET'); } });
    await expect(jitter.getJson('http://127.0.0.1:9/x')).rejects.toThrow(/ECONNRESET/);
    expect(waits).toEqual([100, 200, 400]);
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
  });

  it('times out a request that never answers', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const http = new HttpClient({ timeoutMs: 200, retries: 1, sleep: async () => {} });
    await expect(http.getJson(`http://127.0.0.1:${port}/`)).rejects.toThrow(/abort|timeout/i);
    expect(http.requests).toBe(2);
    server.closeAllConnections();
    server.close();
  });
});
