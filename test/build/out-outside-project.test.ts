/**
 * `aperture build --out` outside the project folder (issue 12, class 7): Astro imports the
 * pages it bundles from the output folder, so an output outside the project once failed
 * with "Cannot find package …" and left `*.next-*` folders behind. The site must build
 * there, and nothing but the output may remain beside it.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { releasedMxSpec, writeFixtureCatalogue } from '../helpers/catalogue-fixtures.ts';
import { FIXTURE_CONFIG } from '../helpers/build-fixture.ts';

let outside: string | undefined;
afterAll(async () => {
  if (outside) await rm(outside, { recursive: true, force: true });
});

test('a site builds into a folder outside the project, and nothing is left beside it', async () => {
  outside = await mkdtemp(path.join(tmpdir(), 'aperture-outside-'));
  expect(path.relative(process.cwd(), outside).startsWith('..')).toBe(true);
  await writeFixtureCatalogue(path.join(outside, 'catalogue'), [releasedMxSpec('outside', '10.5072/outside', 1)]);
  const configFile = path.join(outside, 'aperture.config.json');
  await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
  const out = path.join(outside, 'site');
  // Through the real CLI, run from the outside folder: Vite's in-process module graph (vitest) hides the failure.
  const run = spawnSync(process.execPath, [path.resolve('bin/aperture.js'), 'build', '--config', configFile, '--out', out, '--work-dir', path.join(outside, 'work')], { cwd: outside, encoding: 'utf8' });
  expect(run.stderr).not.toContain('Cannot find package');
  expect(run.status).toBe(0);
  expect(existsSync(path.join(out, 'doi/10.5072/outside/index.html'))).toBe(true);
  // The site (a link to its live build) and its kept builds; no unfinished `site.next-*` folder.
  expect((await readdir(outside)).sort()).toEqual(['aperture.config.json', 'catalogue', 'site', 'site.builds', 'work']);
  expect((await readdir(path.resolve('.aperture')).catch(() => [])).filter((n) => n.startsWith('render-'))).toEqual([]);
});
