/**
 * The standby build (src/publish/standby.ts): after going live, a build prepares a hard-linked
 * copy of itself in the background, and the next build starts from it — one rename — instead
 * of writing a whole site folder. Whatever the next build changes, the build it started from
 * (kept for rollback) must stay exactly as it was: the two share every unchanged file.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir, FIXTURE_CONFIG } from '../helpers/build-fixture.ts';
import { siteFiles } from '../helpers/compare-sites.ts';
import { writeFixtureCatalogue, releasedMxSpec, withdrawnSpec } from '../helpers/catalogue-fixtures.ts';
import { buildSite, type BuildReport } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { buildsDir, liveBuildName, pointAt } from '../../src/publish/local-release.ts';
import { diffSites } from '../../src/publish/site-diff.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

async function standbyOf(dist: string, live: string): Promise<string> {
  const dir = path.join(buildsDir(dist), `.standby-${live}`);
  for (let waited = 0; !existsSync(dir); waited += 50) {
    if (waited > 60_000) throw new Error(`no standby for ${live} after a minute`);
    await sleep(50);
  }
  return dir;
}

describe('the standby build', () => {
  test('the next build starts from the live build’s standby and leaves the build it came from untouched', async () => {
    const root = await tempDir('standby-');
    const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [
      releasedMxSpec('rec-a', '10.5072/standby-a', 3),
      releasedMxSpec('rec-b', '10.5072/standby-b', 3),
      withdrawnSpec('rec-c'),
    ]);
    const configFile = path.join(root, 'aperture.config.json');
    await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const dist = path.join(root, 'dist');
    const build = async (): Promise<BuildReport> =>
      buildSite({ config: await loadSiteConfig(configFile, {}), outDir: dist, workDir: path.join(root, 'work'), log: () => {}, now: NOW, standby: true, workers: 1, renderWorkers: 1 });

    await build();
    const first = liveBuildName(dist)!;
    const standby = await standbyOf(dist, first);
    const firstFiles = await siteFiles(path.join(buildsDir(dist), first));
    // The standby is the live build, file for file, made of links to the same files.
    expect([...(await siteFiles(standby)).keys()].sort()).toEqual([...firstFiles.keys()].sort());
    expect(statSync(path.join(standby, 'index.html')).ino).toBe(statSync(path.join(buildsDir(dist), first, 'index.html')).ino);

    const datacite = path.join(catalogue, 'rec-a', 'datacite.json');
    const record = JSON.parse(await readFile(datacite, 'utf8'));
    record.titles[0].title = 'Retitled after the standby was made';
    await writeFile(datacite, JSON.stringify(record));
    const second = await build();
    expect(second.ok).toBe(true);
    expect(Object.keys(second.timings)).toContain('output folder (from the live build)');
    expect(existsSync(standby)).toBe(false); // taken
    const live = liveBuildName(dist)!;
    expect(live).not.toBe(first);
    expect(await readFile(path.join(dist, 'doi', '10.5072', 'standby-a', 'index.html'), 'utf8')).toContain('Retitled after the standby was made');
    // The build kept for rollback is exactly what it was, though the new one was made from links to its files.
    const kept = await siteFiles(path.join(buildsDir(dist), first));
    expect([...kept.keys()].sort()).toEqual([...firstFiles.keys()].sort());
    expect([...kept].filter(([file, bytes]) => !bytes.equals(firstFiles.get(file)!)).map(([file]) => file)).toEqual([]);
    // What the build says it changed gives the curator the same account as comparing both sites whole.
    expect(second.changes?.written.length).toBeGreaterThan(0);
    expect(await diffSites(path.join(buildsDir(dist), first), dist, second.changes)).toEqual(await diffSites(path.join(buildsDir(dist), first), dist));
    // Unchanged files are shared, not copied.
    expect(statSync(path.join(dist, 'doi', '10.5072', 'standby-b', 'index.html')).ino).toBe(statSync(path.join(buildsDir(dist), first, 'doi', '10.5072', 'standby-b', 'index.html')).ino);

    // After a rollback, the standby of the build that is no longer live is not used, and the next build writes a whole folder.
    await standbyOf(dist, live);
    await pointAt(dist, first);
    const third = await build();
    expect(third.ok).toBe(true);
    expect(Object.keys(third.timings)).not.toContain('output folder (from the live build)');
    expect(await readFile(path.join(dist, 'doi', '10.5072', 'standby-a', 'index.html'), 'utf8')).toContain('Retitled after the standby was made');
    await standbyOf(dist, liveBuildName(dist)!);
    expect(existsSync(path.join(buildsDir(dist), `.standby-${live}`))).toBe(false);
  });
});
