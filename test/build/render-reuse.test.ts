/**
 * Rendering in worker threads and reusing unchanged pages must never show in the output:
 * a site rendered by 4 workers equals one rendered in one thread, and a rebuild after one
 * record changed equals a clean build of the changed catalogue, file for file.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { siteFiles } from '../helpers/compare-sites.ts';
import { writeFixtureCatalogue, releasedMxSpec, withdrawnSpec, metadataOnlySpec, fixtureDataCite, type FixtureSpec } from '../helpers/catalogue-fixtures.ts';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { buildSite, type BuildReport } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

function specs(): FixtureSpec[] {
  const out: FixtureSpec[] = [];
  for (let i = 0; i < 5; i++) out.push(releasedMxSpec(`reuse-${i}`, `10.5072/aperture-reuse-${i}`, 60));
  out.push(withdrawnSpec('reuse-withdrawn'), metadataOnlySpec('reuse-embargoed'));
  return out;
}

/** Every file of `a` and `b`, compared by bytes: the names of those missing or different. */
async function differences(a: string, b: string): Promise<string[]> {
  const [left, right] = await Promise.all([siteFiles(a), siteFiles(b)]);
  const names = new Set([...left.keys(), ...right.keys()]);
  return [...names].filter((name) => !left.get(name)?.equals(right.get(name) ?? Buffer.alloc(0)) || !right.has(name)).sort();
}

describe('rendering in workers and reusing unchanged pages', () => {
  let root: string;
  let configFile: string;
  const build = async (name: string, workers: number): Promise<BuildReport & { dist: string }> => {
    const dist = path.join(root, `dist-${name}`);
    const report = await buildSite({
      config: await loadSiteConfig(configFile, {}),
      outDir: dist,
      workDir: path.join(root, `work-${name}`),
      log: () => {},
      now: NOW,
      renderWorkers: workers,
    });
    expect(report.ok).toBe(true);
    return { ...report, dist };
  };

  beforeAll(async () => {
    root = await tempDir('render-reuse-');
    await writeFixtureCatalogue(path.join(root, 'catalogue'), specs());
    configFile = path.join(root, 'aperture.config.json');
    await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', filesPerPage: 20 }));
  });

  it('renders the same bytes with 4 workers as with one thread, and reuses unchanged pages byte for byte', async () => {
    const four = await build('incremental', 4);
    const one = await build('one-thread', 1);
    expect(four.render.pages).toBeGreaterThan(30);
    expect(four.render.rendered).toBe(four.render.pages);
    expect(await differences(four.dist, one.dist)).toEqual([]);

    // Nothing changed: every page under /doi/ comes from the cache.
    const unchanged = await build('incremental', 4);
    expect(unchanged.render.pages).toBe(four.render.pages);
    expect(unchanged.render.rendered).toBeLessThan(four.render.pages / 3);
    expect(await differences(unchanged.dist, one.dist)).toEqual([]);

    // One record's title changes: its pages and the site-wide lists render again, nothing else.
    const changed = fixtureDataCite('10.5072/aperture-reuse-2', 'Retitled lysozyme rotation data');
    await writeFile(path.join(root, 'catalogue', 'reuse-2', 'datacite.json'), JSON.stringify(changed, null, 2));
    const rebuilt = await build('incremental', 4);
    expect(rebuilt.render.rendered).toBeGreaterThan(unchanged.render.rendered);
    expect(rebuilt.render.rendered).toBeLessThan(four.render.pages / 2);
    const landing = await readFile(path.join(rebuilt.dist, 'doi/10.5072/aperture-reuse-2/index.html'), 'utf8');
    expect(landing).toContain('Retitled lysozyme rotation data');

    const clean = await build('clean', 2);
    expect(clean.render.rendered).toBe(clean.render.pages);
    expect(await differences(rebuilt.dist, clean.dist)).toEqual([]);
  });
});
