/**
 * Kept builds and rollback: dist is a link to the live build, the last keepBuilds are kept,
 * and `aperture rollback` makes an earlier one live again — locally and, with --publish, in
 * the bucket — unless that would make a published DOI stop resolving.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lstatSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { releasedMxSpec, writeFixtureCatalogue } from '../helpers/catalogue-fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';

const A = '10.5072/aperture-a-fixture';
const B = '10.5072/aperture-b-fixture';
const landing = (doi: string) => path.join('dist', 'doi', doi, 'index.html');

describe('kept builds and aperture rollback', () => {
  let root: string;
  let s3: RunningS3rver;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli([...args], root, env);
  const setTitle = async (record: string, title: string) => {
    const file = path.join(root, 'catalogue', record, 'datacite.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.titles[0].title = title;
    await writeFile(file, JSON.stringify(json));
  };
  const live = async (doi = A) => readFile(path.join(root, landing(doi)), 'utf8');

  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'site' }]);
    env = { APERTURE_STORAGE_ACCESS_KEY_ID: s3.credentials.accessKeyId, APERTURE_STORAGE_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey };
    root = await tempDir('kept-builds-');
    await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1)]);
    await writeFile(
      path.join(root, 'aperture.config.json'),
      JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', keepBuilds: 2, storage: { ...FIXTURE_CONFIG.storage, endpoint: s3.endpoint, bucket: 'site' } }),
    );
    for (const title of ['First title', 'Second title', 'Third title']) {
      await setTitle('rec-a', title);
      const run = await cli('build', '--config', 'aperture.config.json');
      expect(run.code, run.err).toBe(0);
    }
  }, 300_000);
  afterAll(() => s3?.stop());

  test('dist is a link to the live build and only the last keepBuilds are kept', async () => {
    expect(lstatSync(path.join(root, 'dist')).isSymbolicLink()).toBe(true);
    expect(await live()).toContain('Third title');
    const list = await cli('rollback', '--list');
    const lines = list.out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\* \d{8}T\d{6}Z-/);
    expect(lines[0]).toMatch(/^ {2}\d{8}T\d{6}Z-/);
  });

  test('rollback makes the previous build live again, locally and in the bucket', async () => {
    expect((await cli('publish', '--config', 'aperture.config.json')).code).toBe(0);
    const run = await cli('rollback', '--publish', '--config', 'aperture.config.json');
    expect(run.code, run.err).toBe(0);
    expect(await live()).toContain('Second title');
    const object = await s3.client.send(new GetObjectCommand({ Bucket: 'site', Key: `doi/${A}/index.html` }));
    const body = await object.Body!.transformToString();
    expect(body).toContain('Second title');
    expect(body).not.toContain('Third title');
    // Rolling forward again is a rollback to the newer kept build, by name.
    const names = (await cli('rollback', '--list')).out.trimEnd().split('\n').map((l) => l.slice(2).split(' ')[0]);
    expect((await cli('rollback', names[1])).code).toBe(0);
    expect(await live()).toContain('Third title');
  });

  test('rollback refuses to make a published DOI stop resolving, unless told to', async () => {
    await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1), releasedMxSpec('rec-b', B, 1)]);
    expect((await cli('build', '--config', 'aperture.config.json')).code).toBe(0);
    expect(await live(B)).toContain(B);
    const refused = await cli('rollback');
    expect(refused.code).toBe(3);
    expect(refused.err).toContain(B);
    expect(await live(B)).toContain(B);
    const allowed = await cli('rollback', '--allow-unpublish', B);
    expect(allowed.code, allowed.err).toBe(0);
  }, 120_000);
});
