import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { createStorageClient } from '../../../src/storage/client.ts';
import { listObjects, publishSite } from '../../../src/publish/publish.ts';
import { PUBLISH_MANIFEST } from '../../../src/publish/plan.ts';
import { main } from '../../../src/cli/main.ts';
import { EXIT } from '../../../src/cli/exit-codes.ts';

const BUCKET = 'site';
const SITE_FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>Home</title>',
  '10.1234/abc/index.html': '<!doctype html><title>Lysozyme</title>',
  '10.1234/abc/linkset.json': '{"linkset":[]}',
  '10.1234/abc/cite.bib': '@misc{x}',
  '_astro/app.B1x2.js': 'console.log(1)',
  '_astro/style.C3d4.css': 'body{}',
  'pagefind/pagefind.js': 'export{}',
  'pagefind/fragment/en_abc.pf_fragment': 'binary',
  'sitemap-index.xml': '<sitemapindex/>',
};

let s3: RunningS3rver;
let root: string;
beforeAll(async () => {
  s3 = await startS3rver([{ name: BUCKET }]);
  root = await mkdtemp(path.join(tmpdir(), 'aperture-publish-'));
});
afterAll(async () => {
  await s3?.stop();
  await rm(root, { recursive: true, force: true });
});

async function writeSite(dir: string, files: Record<string, string>): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  for (const [p, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), content);
  }
  return dir;
}

const head = (key: string) => s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));

describe('publishSite against s3rver', () => {
  const prefix = 'www/';
  let dist: string;

  it('uploads every file with its content type, cache control and sha256, pages last', async () => {
    dist = await writeSite(path.join(root, 'dist'), SITE_FILES);
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'www/data/foreign.bin', Body: 'not ours' }));
    const report = await publishSite(s3.client, { dir: dist, bucket: BUCKET, prefix });
    expect(report.ok).toBe(true);
    expect(report.uploaded).toHaveLength(Object.keys(SITE_FILES).length);
    const linkset = await head('www/10.1234/abc/linkset.json');
    expect(linkset.ContentType).toBe('application/linkset+json');
    expect(linkset.CacheControl).toBe('public, max-age=300');
    expect(linkset.Metadata?.sha256).toBe(createHash('sha256').update(SITE_FILES['10.1234/abc/linkset.json']).digest('hex'));
    expect((await head('www/_astro/app.B1x2.js')).CacheControl).toBe('public, max-age=31536000, immutable');
    expect((await head('www/10.1234/abc/cite.bib')).ContentType).toBe('application/x-bibtex; charset=utf-8');
    expect((await head('www/index.html')).ContentType).toBe('text/html; charset=utf-8');
    // Pages (and sitemaps) only after every asset.
    const order = report.uploaded.map((u) => u.key);
    const firstPage = order.findIndex((k) => k.endsWith('.html') || k.includes('sitemap'));
    expect(order.slice(firstPage).every((k) => k.endsWith('.html') || k.includes('sitemap'))).toBe(true);
    expect(report.plan.foreign.map((f) => f.key)).toEqual(['www/data/foreign.bin']);
  });

  it('uploads nothing the second time', async () => {
    const report = await publishSite(s3.client, { dir: dist, bucket: BUCKET, prefix });
    expect(report.plan.uploads).toEqual([]);
    expect(report.uploaded).toEqual([]);
    expect(report.plan.unchanged).toHaveLength(Object.keys(SITE_FILES).length);
  });

  it('dry run reports changes and changes nothing', async () => {
    await writeSite(dist, { ...SITE_FILES, 'index.html': '<!doctype html><title>Home v2</title>', 'new.html': 'new' });
    const before = await listObjects(s3.client, BUCKET, prefix);
    const report = await publishSite(s3.client, { dir: dist, bucket: BUCKET, prefix, dryRun: true });
    expect(report.plan.uploads.map((u) => [u.path, u.reason])).toEqual([['index.html', 'changed'], ['new.html', 'new']]);
    expect(await listObjects(s3.client, BUCKET, prefix)).toEqual(before);
  });

  it('re-uploads a changed file and deletes stale objects after the uploads, never foreign ones', async () => {
    const { 'pagefind/fragment/en_abc.pf_fragment': _gone, ...rest } = SITE_FILES;
    await writeSite(dist, { ...rest, 'index.html': '<!doctype html><title>Home v2</title>' });
    const report = await publishSite(s3.client, { dir: dist, bucket: BUCKET, prefix });
    expect(report.ok).toBe(true);
    expect(report.uploaded.map((u) => u.key)).toEqual(['www/index.html']);
    expect(report.deleted).toEqual(['www/pagefind/fragment/en_abc.pf_fragment']);
    const keys = [...(await listObjects(s3.client, BUCKET, prefix)).keys()];
    expect(keys).not.toContain('www/pagefind/fragment/en_abc.pf_fragment');
    expect(keys).toContain('www/data/foreign.bin');
    expect(keys).toContain(`www/${PUBLISH_MANIFEST}`);
  });
});

/** Forwards to s3rver but fails every PUT whose key contains `broken`. */
async function faultyProxy(target: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const { port } = new URL(target);
  const server: Server = createServer((req, res) => {
    if (req.method === 'PUT' && req.url?.includes('broken')) {
      req.resume();
      res.writeHead(500).end('<Error><Code>InternalError</Code></Error>');
      return;
    }
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('aperture publish (CLI)', () => {
  async function runCli(args: string[], endpoint: string) {
    const configFile = path.join(root, 'aperture.config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        siteUrl: 'https://data.example.org/',
        title: 'Test',
        tagline: 'Test archive',
        facility: { name: 'Test facility' },
        storage: { endpoint, bucket: BUCKET, publicBaseUrl: 'https://data.example.org/files/', pathStyle: true },
      }),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...args, '--config', configFile], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: root,
      env: { APERTURE_STORAGE_ACCESS_KEY_ID: 'S3RVER', APERTURE_STORAGE_SECRET_ACCESS_KEY: 'S3RVER' },
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('a failed upload exits 3, skips the pages and deletes nothing', async () => {
    const dist = await writeSite(path.join(root, 'cli-dist'), { 'index.html': 'v1', 'old.css': 'old', 'app.css': 'a' });
    expect((await runCli(['publish', '--dir', 'cli-dist', '--prefix', 'cli'], s3.endpoint)).code).toBe(EXIT.ok);
    await writeSite(dist, { 'index.html': 'v2', 'app.css': 'a', 'broken.css': 'b' });
    const proxy = await faultyProxy(s3.endpoint);
    try {
      const result = await runCli(['publish', '--dir', 'cli-dist', '--prefix', 'cli', '--json'], proxy.endpoint);
      expect(result.code).toBe(EXIT.gate);
      const report = JSON.parse(result.stdout);
      expect(report.failed.map((f: { key: string }) => f.key)).toEqual(['cli/broken.css']);
      expect(report.deleted).toEqual([]);
    } finally {
      await proxy.close();
    }
    const keys = [...(await listObjects(s3.client, BUCKET, 'cli/')).keys()];
    expect(keys).toContain('cli/old.css');
    const page = await s3.client.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: BUCKET, Key: 'cli/index.html' }));
    expect(await page.Body!.transformToString()).toBe('v1');
  });

  it('--dry-run prints the plan with bytes and exits 0', async () => {
    const result = await runCli(['publish', '--dir', 'cli-dist', '--prefix', 'cli', '--dry-run'], s3.endpoint);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/upload {2}cli\/broken\.css {2}1 B {2}new/);
    expect(result.stdout).toMatch(/delete {2}cli\/old\.css {2}3 B/);
  });

  it('storage cors prints XML and JSON, and --apply sets the rules', async () => {
    const xml = await runCli(['storage', 'cors'], s3.endpoint);
    expect(xml.stdout).toContain('<AllowedOrigin>https://data.example.org</AllowedOrigin>');
    const json = JSON.parse((await runCli(['storage', 'cors', '--json'], s3.endpoint)).stdout);
    expect(json.CORSRules[0].ExposeHeaders).toContain('Content-Range');
    const applied = await runCli(['storage', 'cors', '--apply'], s3.endpoint);
    expect(applied.code).toBe(EXIT.ok);
  });

  it('publishing without credentials is refused with a clear message', async () => {
    const createClient = createStorageClient; // unsigned clients exist, but publish must not use one
    expect(createClient).toBeTypeOf('function');
    const configFile = path.join(root, 'aperture.config.json');
    const err: string[] = [];
    const code = await main(['publish', '--dir', 'cli-dist', '--config', configFile], { stdout: () => {}, stderr: (t) => err.push(t), cwd: root, env: {} });
    expect(code).toBe(EXIT.usage);
    expect(err.join('\n')).toContain('needs credentials');
  });
});
