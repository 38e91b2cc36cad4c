/**
 * The dataset-page selection in a real browser under a strict CSP: filter, select
 * matching, a generated manifest, and a streaming ZIP fetched straight from s3rver
 * (cross-origin, with the CORS rules from `aperture storage cors`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { corsRules, corsXml } from '../../../src/storage/cors.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const run = promisify(execFile);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const FILES = [
  { path: 'images/lyso_0001.cbf', body: Buffer.alloc(2000, 1) },
  { path: 'images/lyso_0002.cbf', body: Buffer.alloc(3000, 2) },
  { path: 'images/lyso & co.cbf', body: Buffer.from('ampersand') },
  { path: 'master.h5', body: Buffer.alloc(5000, 3) },
];

describe.skipIf(!existsSync(CHROMIUM))('file selection in the browser', () => {
  let s3: RunningS3rver;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'aperture-selection-'));
    const bundle = await build({
      stdin: {
        contents: `import { initAllSelections } from './src/client/selection/init-selection.ts'; initAllSelections();`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      write: false,
      target: 'es2022',
    });
    const script = bundle.outputFiles[0].text;
    let page = '';
    site = createServer((req, res) => {
      const csp = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src ${s3.endpoint}`;
      if (req.url === '/selection.js') res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Security-Policy': csp }).end(script);
      else res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }).end(page);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    s3 = await startS3rver([{ name: 'data', cors: corsXml(corsRules(siteUrl)) }]);
    const rows: string[] = [];
    for (const f of FILES) {
      const key = `exp-1/raw/${f.path}`;
      await s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: key, Body: f.body }));
      const url = `${s3.endpoint}/data/${key.split('/').map(encodeURIComponent).join('/')}`;
      rows.push(
        `<tr data-key="${escape(key)}" data-url="${escape(url)}" data-size="${f.body.length}" data-sha256="${sha(f.body)}" data-path="${escape(f.path)}">` +
          `<td><input type="checkbox" aria-label="Select ${escape(f.path)}"></td><td>${escape(f.path)}</td></tr>`,
      );
    }
    page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>raw</title><script type="module" src="/selection.js"></script></head><body>
<section data-aperture-selection data-max-zip-bytes="9000" data-label="dataset raw" data-zip-name="exp-1 raw">
  <input type="search" data-selection-filter aria-label="Filter files">
  <button type="button" data-selection-select-matching>Select all matching</button>
  <button type="button" data-selection-clear>Clear</button>
  <table><tbody>${rows.join('\n')}</tbody></table>
  <p data-selection-summary aria-live="polite"></p>
  <div data-selection-downloads></div>
  <button type="button" data-selection-zip>Download ZIP</button>
  <p data-selection-status role="status"></p>
</section></body></html>`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await s3?.stop();
    await new Promise((resolve) => site?.close(resolve));
    await rm(tmp, { recursive: true, force: true });
  });

  async function open(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(siteUrl);
    await page.waitForSelector('[data-selection-ready]');
    return { page, problems };
  }

  it('selects the files matching a filter and downloads their SHA256SUMS', async () => {
    const { page, problems } = await open();
    await page.fill('[data-selection-filter]', '*.cbf');
    await page.click('[data-selection-select-matching]');
    expect(await page.textContent('[data-selection-summary]')).toBe('3 of 4 files selected (5.0 KB)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-selection-downloads] a[data-format=sha256]')]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.trim().split('\n').map((l) => l.slice(66))).toEqual(['images/lyso_0001.cbf', 'images/lyso_0002.cbf', 'images/lyso & co.cbf']);
    expect(problems).toEqual([]);
  });

  it('streams a ZIP of the selection from the store and verifies every file', async () => {
    const { page, problems } = await open();
    await page.fill('[data-selection-filter]', 'lyso');
    await page.click('[data-selection-select-matching]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-selection-zip]')]);
    expect(download.suggestedFilename()).toBe('exp-1_raw.zip');
    const zip = path.join(tmp, 'sel.zip');
    await download.saveAs(zip);
    await page.waitForFunction(() => document.querySelector('[data-selection-status]')?.textContent?.startsWith('ZIP ready'));
    expect(await page.textContent('[data-selection-status]')).toBe('ZIP ready: 3 files, 3 verified against their SHA-256.');
    const { stdout } = await run('unzip', ['-Z1', zip]);
    expect(stdout.trim().split('\n')).toEqual(['SHA256SUMS', 'images/lyso_0001.cbf', 'images/lyso_0002.cbf', 'images/lyso & co.cbf']);
    const out = path.join(tmp, 'sel');
    await run('unzip', ['-q', zip, '-d', out]);
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(check.stdout.match(/: OK/g)).toHaveLength(3);
    expect(problems).toEqual([]);
  });

  it('refuses a selection above the limit and points to the manifests', async () => {
    const { page } = await open();
    await page.click('[data-selection-select-matching]');
    await page.click('[data-selection-zip]');
    expect(await page.textContent('[data-selection-status]')).toMatch(/more than the 9.0 KB a browser ZIP allows.*aria2/);
  });
});
