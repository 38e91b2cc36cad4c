/**
 * The catalogue-wide outputs written by a worker thread alongside the rest of the build
 * (src/build/catalogue-outputs-job.ts) are the files this thread writes, byte for byte;
 * and a failure in the worker reaches the build with its error code (a full disk is
 * reported as one).
 */
import { describe, expect, test } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { siteFiles } from '../helpers/compare-sites.ts';
import { tempDir, FIXTURE_CONFIG } from '../helpers/build-fixture.ts';
import { writeFixtureCatalogue, releasedMxSpec, metadataOnlySpec, withdrawnSpec, hostileSpec } from '../helpers/catalogue-fixtures.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { openCatalogue } from '../../src/catalogue/open-catalogue.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { stageSite, type LinesWritten } from '../../src/build/stage.ts';
import { startCatalogueOutputs } from '../../src/build/catalogue-outputs-job.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

describe('catalogue outputs alongside the build', () => {
  test('a worker thread writes the same files as this thread, from lines handed over before the browse pages', async () => {
    const root = await tempDir('outputs-job-');
    const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [
      releasedMxSpec('rec-a', '10.5072/aperture-job-a', 3),
      releasedMxSpec('rec-b', '10.5072/aperture-job-b', 1),
      metadataOnlySpec('rec-c'),
      withdrawnSpec('rec-d'),
      hostileSpec('rec-e'),
    ]);
    await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const config = await loadSiteConfig(path.join(root, 'aperture.config.json'), {});
    const stageDir = path.join(root, 'site', 'models');
    let lines: LinesWritten | null = null;
    const staged = await stageSite({
      config,
      source: openCatalogue(catalogue),
      catalogue,
      stageDir,
      publicDir: path.join(root, 'site', 'public'),
      cacheDir: path.join(root, 'cache'),
      sink: new DiagnosticSink(),
      now: NOW,
      workers: 1,
      linesWritten: (l) => (lines = l),
    });
    expect(lines).toMatchObject({ records: staged.published.length, kept: 0 });

    const write = async (thread: boolean) => {
      const publicDir = path.join(root, thread ? 'thread' : 'here');
      const job = startCatalogueOutputs({ publicDir, stageDir, config, now: NOW }, staged.published.length, thread);
      return { publicDir, result: await job.finish(staged.browsePaths) };
    };
    const here = await write(false);
    const thread = await write(true);
    expect(thread.result).toEqual(here.result);
    expect(here.result.records).toBe(staged.published.length);
    const [a, b] = [await siteFiles(here.publicDir), await siteFiles(thread.publicDir)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, bytes] of a) expect(b.get(file)?.equals(bytes), file).toBe(true);
    // Every public record is in the dump, and the browse pages reached the sitemap.
    expect((await readFile(path.join(thread.publicDir, 'records.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(staged.published.length);
    const sitemap = [...b.entries()].filter(([f]) => /^sitemap-\d+\.xml$/.test(f)).map(([, bytes]) => bytes.toString('utf8')).join('');
    for (const browse of staged.browsePaths) expect(sitemap).toContain(`${browse}<`);
  }, 120_000);

  test("a failure in the worker reaches the build with the error's code", async () => {
    const root = await tempDir('outputs-job-fail-');
    await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const config = await loadSiteConfig(path.join(root, 'aperture.config.json'), {});
    // The public folder is a file: its first mkdir fails.
    const publicDir = path.join(root, 'public');
    await writeFile(publicDir, 'not a folder');
    const job = startCatalogueOutputs({ publicDir, stageDir: path.join(root, 'models'), config, now: NOW }, 0, true);
    await expect(job.finish([])).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
    await job.stop();
  }, 60_000);
});
