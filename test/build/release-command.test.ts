/**
 * `aperture release <doi>`: a curator releases one record from a terminal. The dry run says
 * what would change and changes nothing; the real run builds and says what changed; a DOI
 * that is not in the catalogue, or a record with errors, builds nothing (exit 1).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { releasedMxSpec, writeFixtureCatalogue } from '../helpers/catalogue-fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { listBuilds } from '../../src/publish/local-release.ts';

const A = '10.5072/aperture-a-fixture';
const B = '10.5072/aperture-b-fixture';

describe('aperture release', () => {
  let root: string;
  const cli = (...args: string[]) => runCli(args, root);
  const landing = (doi: string) => readFile(path.join(root, 'dist', 'doi', doi, 'index.html'), 'utf8');
  const edit = async (record: string, change: (json: Record<string, unknown> & { titles: Array<{ title: string }> }) => void) => {
    const file = path.join(root, 'catalogue', record, 'datacite.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    change(json);
    await writeFile(file, JSON.stringify(json));
  };

  beforeAll(async () => {
    root = await tempDir('release-command-');
    await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1), releasedMxSpec('rec-b', B, 1)]);
    await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const first = await cli('build');
    expect(first.code, first.err).toBe(0);
  }, 240_000);

  test('--dry-run says which pages would change and leaves the live site and its builds alone', async () => {
    await edit('rec-a', (json) => (json.titles[0].title = 'A title changed for release'));
    const before = (await listBuilds(path.join(root, 'dist'))).map((b) => b.name);
    const run = await cli('release', A, '--dry-run', '--json');
    expect(run.code, run.err).toBe(0);
    const diff = JSON.parse(run.out);
    expect(diff).toMatchObject({ doi: A, dryRun: true });
    expect(diff.pages.changed).toContain(`/doi/${A}/`);
    expect(diff.pages.changed).not.toContain(`/doi/${B}/`);
    expect(diff.pages.added).toEqual([]);
    expect(diff.pages.removed).toEqual([]);
    expect(await landing(A)).not.toContain('A title changed for release');
    expect((await listBuilds(path.join(root, 'dist'))).map((b) => b.name)).toEqual(before);
    // It stages what the release would, from the site's record cache: the unchanged record costs a lookup.
    expect(run.err).toMatch(/; 1 unchanged, from the cache;/);
  }, 240_000);

  test('the release builds and reports what changed', async () => {
    const run = await cli('release', A, '--json');
    expect(run.code, run.err).toBe(0);
    const diff = JSON.parse(run.out);
    expect(diff).toMatchObject({ doi: A, dryRun: false });
    expect(diff.pages.changed).toContain(`/doi/${A}/`);
    expect(await landing(A)).toContain('A title changed for release');
    // The counts add up to the files the live site holds (known from the build, not listed).
    const files = (await readdir(path.join(root, 'dist'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
    expect(diff.files.added + diff.files.changed + diff.files.unchanged).toBe(files);
    expect(diff.files.changed).toBeGreaterThan(0);
  }, 240_000);

  test('a DOI that no record has, or a record with errors, builds nothing (exit 1)', async () => {
    const missing = await cli('release', '10.5072/not-in-the-catalogue');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no record .* has the DOI/);
    const builds = (await listBuilds(path.join(root, 'dist'))).length;
    await edit('rec-b', (json) => (json.titles = []));
    const invalid = await cli('release', B);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/has errors; nothing was built/);
    expect((await listBuilds(path.join(root, 'dist'))).length).toBe(builds);
  }, 240_000);
});
