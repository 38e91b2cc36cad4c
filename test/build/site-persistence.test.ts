/**
 * Persistence follows the site, not the machine: the published-DOI list is published with the
 * site and read back before the next build, so a build on a fresh machine (no .aperture folder)
 * still refuses to drop a published DOI. Work folders are per site, and every build leaves a
 * curator report of its own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { releasedMxSpec, writeFixtureCatalogue } from '../helpers/catalogue-fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { startS3rver } from '../helpers/s3rver.ts';
import { PUBLIC_DOI_LIST, type PublicDoiList } from '../../src/persistence/site-doi-list.ts';
import type { CuratorReport } from '../../src/report/curator-report.ts';

const A = '10.5072/aperture-a-fixture';
const B = '10.5072/aperture-b-fixture';
const C = '10.5072/aperture-c-fixture';

describe('the published-DOI list travels with the site', () => {
  let root: string;
  let live: StaticServer;
  const build = (...args: string[]) => runCli(['build', '--config', 'aperture.config.json', ...args], root);
  const publicList = async (dir: string) => JSON.parse(await readFile(path.join(root, dir, PUBLIC_DOI_LIST), 'utf8')) as PublicDoiList;
  const reports = async () => {
    const sites = path.join(root, '.aperture', 'sites');
    const [site] = await readdir(sites);
    const dirs = (await readdir(path.join(sites, site, 'reports'))).sort();
    return Promise.all(dirs.map(async (d) => JSON.parse(await readFile(path.join(sites, site, 'reports', d, 'report.json'), 'utf8')) as CuratorReport));
  };

  beforeAll(async () => {
    root = await tempDir('site-persistence-');
    live = await serveStatic(path.join(root, 'live'));
    await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1), releasedMxSpec('rec-b', B, 1)]);
    await writeFile(
      path.join(root, 'aperture.config.json'),
      JSON.stringify({ ...FIXTURE_CONFIG, siteUrl: live.url, catalogue: 'catalogue', persistence: { remote: 'site' } }),
    );
  });
  afterAll(() => live?.close());

  test('the first build publishes the list of its DOIs at /.well-known/aperture/published-dois.json', async () => {
    const run = await build('--out', 'live');
    expect(run.code, run.err).toBe(0);
    const list = await publicList('live');
    expect(Object.keys(list.dois)).toEqual([A, B]);
    expect(list.dois[A]).toMatchObject({ status: 'live', path: `/doi/${A}/` });
    // Per-site work folder, named after the output folder.
    expect((await readdir(path.join(root, '.aperture', 'sites')))[0]).toMatch(/^live-[0-9a-f]{8}$/);
  }, 240_000);

  test('a build on a fresh machine reads the list back from the live site and refuses to drop a DOI', async () => {
    await rm(path.join(root, '.aperture'), { recursive: true, force: true });
    await rm(path.join(root, 'catalogue', 'rec-b'), { recursive: true });
    const run = await build('--out', 'live');
    expect(run.code).toBe(3);
    expect(run.err).toContain(B);
    // The live site is untouched: B still resolves.
    expect(existsSync(path.join(root, 'live', 'doi', B, 'index.html'))).toBe(true);
  }, 240_000);

  test('when the live list cannot be read the build stops (exit 4) unless --offline', async () => {
    const config = JSON.parse(await readFile(path.join(root, 'aperture.config.json'), 'utf8'));
    await writeFile(path.join(root, 'unreachable.json'), JSON.stringify({ ...config, siteUrl: 'http://127.0.0.1:9' }));
    const run = await runCli(['build', '--config', 'unreachable.json', '--out', 'elsewhere'], root);
    expect(run.code).toBe(4);
    expect(run.err).toMatch(/cannot read the published-DOI list/);
    expect(existsSync(path.join(root, 'elsewhere'))).toBe(false);
    const offline = await runCli(['build', '--config', 'unreachable.json', '--out', 'elsewhere', '--offline'], root);
    expect(offline.code, offline.err).toBe(0);
    expect(offline.err).toContain('persistence/remote-skipped');
  }, 240_000);

  test('another catalogue built into another folder is not refused because of this site’s history', async () => {
    await writeFixtureCatalogue(path.join(root, 'other-catalogue'), [releasedMxSpec('rec-c', C, 1)]);
    await writeFile(path.join(root, 'other.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'other-catalogue' }));
    const run = await runCli(['build', '--config', 'other.json', '--out', 'other'], root);
    expect(run.code, run.err).toBe(0);
    expect(Object.keys((await publicList('other')).dois)).toEqual([C]);
  }, 240_000);

  test('every build keeps its own curator report, saying what changed', async () => {
    await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1), releasedMxSpec('rec-b', B, 1)]);
    await rm(path.join(root, '.aperture', 'sites'), { recursive: true, force: true });
    expect((await build('--out', 'live')).code).toBe(0);
    const datacite = path.join(root, 'catalogue', 'rec-a', 'datacite.json');
    const record = JSON.parse(await readFile(datacite, 'utf8'));
    record.titles[0].title = 'A changed title <with markup>';
    await writeFile(datacite, JSON.stringify(record));
    expect((await build('--out', 'live')).code).toBe(0);
    const all = await reports();
    expect(all).toHaveLength(2);
    expect(all[0].changes.added).toEqual([A, B]);
    expect(all[1].changes).toMatchObject({ added: [], changed: [A], withdrawn: [], removed: [] });
    expect(all[1].timings).toHaveProperty('render (astro)');
    const sites = path.join(root, '.aperture', 'sites');
    const [site] = await readdir(sites);
    const dirs = (await readdir(path.join(sites, site, 'reports'))).sort();
    const html = await readFile(path.join(sites, site, 'reports', dirs[1], 'report.html'), 'utf8');
    expect(html).toContain('Changed (1)');
    expect(html).not.toContain('<with markup>');
    // Reports name withheld records: they never go into the public output.
    expect(existsSync(path.join(root, 'live', 'report.json'))).toBe(false);
  }, 300_000);
});

describe('the list read back from the bucket', () => {
  test('a build refuses to drop a DOI that the bucket’s list says is published', async () => {
    const s3 = await startS3rver([{ name: 'site-bucket' }]);
    try {
      const root = await tempDir('bucket-persistence-');
      await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1)]);
      const list: PublicDoiList = {
        version: 1,
        generated: '2026-01-01T00:00:00.000Z',
        dois: { [C]: { path: `/doi/${C}/`, status: 'live', firstPublished: '2025-01-01T00:00:00.000Z' } },
      };
      await s3.client.send(new PutObjectCommand({ Bucket: 'site-bucket', Key: `www/${PUBLIC_DOI_LIST}`, Body: JSON.stringify(list) }));
      await writeFile(
        path.join(root, 'aperture.config.json'),
        JSON.stringify({
          ...FIXTURE_CONFIG,
          catalogue: 'catalogue',
          storage: { ...FIXTURE_CONFIG.storage, endpoint: s3.endpoint, bucket: 'site-bucket' },
          persistence: { remote: 'bucket', prefix: 'www/' },
        }),
      );
      const run = await runCli(['build', '--config', 'aperture.config.json', '--out', 'dist'], root, {
        APERTURE_STORAGE_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        APERTURE_STORAGE_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      });
      expect(run.code).toBe(3);
      expect(run.err).toContain(C);
    } finally {
      await s3.stop();
    }
  }, 240_000);
});
