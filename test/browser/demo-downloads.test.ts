/**
 * The demo downloads real bytes (issue 13, point 3): the demo objects served by the local
 * S3-compatible store, the demo site built against it, and a reader's four ways to get
 * files — a file link, the SHA256SUMS manifest, download.sh, and the ZIP made in the
 * browser — all giving bytes whose SHA-256 the listing states.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildAndServeDemo, HAS_CHROMIUM, launchBrowser, type Browser, type DemoSite } from './demo-site.ts';
import { generateDemoObjects } from '../../scripts/generate-demo-objects.ts';
import { startDemoStore, type DemoStore } from '../../src/preview/demo-store.ts';
import { serveSite } from '../../src/preview/static-host.ts';
import { tempDir } from '../helpers/build-fixture.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Two small datasets of the demo: a 100-frame sweep and a processed-data folder. */
const SWEEP = '/doi/10.5072/aperture-demo.diamond-i04-mc/datasets/xtal-01/';
const PREFIXES = ['diamond-light-source/', 'esrf/'];

describe.skipIf(!HAS_CHROMIUM && !process.env.CI)('the demo downloads real bytes', () => {
  let store: DemoStore;
  let site: DemoSite;
  let browser: Browser;
  let work: string;
  beforeAll(async () => {
    work = await tempDir('demo-downloads-');
    const objects = await generateDemoObjects(path.join(ROOT, 'test', '.tmp', 'demo-objects'), path.join(ROOT, 'content'));
    store = await startDemoStore({
      directory: path.join(work, 'store'),
      bucket: 'aperture-demo',
      port: 0,
      siteOrigins: ['http://127.0.0.1'],
      objects: objects.all.filter((o) => PREFIXES.some((p) => o.key.startsWith(p))),
    });
    site = await buildAndServeDemo({}, (c) => ({ ...c, storage: { ...c.storage, endpoint: store.endpoint, publicBaseUrl: store.publicBaseUrl } }));
    await store.allowOrigins([site.url]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await store?.stop();
  });

  test('a file link answers the bytes its row states', async () => {
    const html = await (await fetch(site.url + SWEEP)).text();
    const row = /<tr id="file-1"[^>]*data-url="([^"]+)"[^>]*data-size="(\d+)"[^>]*data-sha256="([0-9a-f]{64})"/.exec(html);
    expect(row).not.toBeNull();
    const [, url, size, sha] = row!;
    expect(url.startsWith(store.publicBaseUrl)).toBe(true);
    const bytes = Buffer.from(await (await fetch(url.replace(/&amp;/g, '&'))).arrayBuffer());
    expect(bytes.length).toBe(Number(size));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
  });

  test('SHA256SUMS is served, and download.sh fetches every file so that sha256sum -c passes', async () => {
    // Through `aperture preview`'s server: the static host the demo is served by.
    const preview = await serveSite(site.dist);
    const sums = await fetch(`${preview.url}${SWEEP}manifest/SHA256SUMS`);
    expect(sums.status).toBe(200);
    expect(sums.headers.get('content-type')).toMatch(/^text\/plain/);
    const dir = path.join(work, 'download');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'SHA256SUMS'), await sums.text());
    await writeFile(path.join(dir, 'download.sh'), await (await fetch(`${preview.url}${SWEEP}manifest/download.sh`)).text());
    await preview.close();
    await run('sh', ['download.sh'], { cwd: dir });
    const { stdout } = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
    expect(stdout.match(/: OK$/gm)).toHaveLength(100);
  });

  test('the bucket commands name the demo endpoint and bucket', async () => {
    const html = await (await fetch(site.url + SWEEP)).text();
    expect(html).toContain(`--endpoint-url ${store.endpoint}`);
    expect(html).toContain('s3://aperture-demo/');
  });

  test('the ZIP made in the browser holds every selected file, each verified', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(site.url + SWEEP);
    await page.locator('[data-selection-filter]').fill('*.cbf');
    await page.locator('[data-selection-select-matching]').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-selection-zip]').click()]);
    const zip = path.join(work, 'selection.zip');
    await download.saveAs(zip);
    await page.waitForFunction(() => document.querySelector('[data-selection-status]')?.textContent?.startsWith('ZIP ready'));
    expect(await page.textContent('[data-selection-status]')).toBe('ZIP ready: 100 files, 100 verified against their SHA-256.');
    const out = path.join(work, 'unzipped');
    await run('unzip', ['-q', zip, '-d', out]);
    const { stdout } = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(stdout.match(/: OK$/gm)).toHaveLength(100);
    expect((await readFile(path.join(out, 'SHA256SUMS'), 'utf8')).trim().split('\n')).toHaveLength(100);
    await context.close();
  });
});
