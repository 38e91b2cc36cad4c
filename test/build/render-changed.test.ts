/**
 * Issue 14, "release in seconds": a render of only the changed pages (src/build/render-changed.ts),
 * laid over the previous build's output, gives the page files a full `astro build` of the
 * changed site gives, byte for byte.
 *
 * A small catalogue is built (buildSite: a full render, which saves the render kit). Each case
 * changes the catalogue and builds again in the same work folder; that build's output is the
 * reference. renderChanged renders the newly staged site into a fresh folder from the
 * previous render's manifest; its `written` files are laid over a copy of the previous output
 * and its `removed` files deleted there, and every page file (HTML and CSS: every file the
 * manifest names, and every .html of either site) is compared with the reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { writeFixtureCatalogue, releasedMxSpec, withdrawnSpec, fixtureDataCite, type FixtureSpec } from '../helpers/catalogue-fixtures.ts';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { siteFiles } from '../helpers/compare-sites.ts';
import { buildSite, PROJECT_ROOT } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { renderChanged, type RenderChangedResult } from '../../src/build/render-changed.ts';
import { findRenderKit, renderKitsDir } from '../../src/build/render-kit.ts';
import type { PageManifest } from '../../src/build/page-manifest.ts';
import type { StagedPage } from '../../src/build/stage-types.ts';
import type { BrowseRoutes } from '../../src/model/browse.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const doiOf = (i: number) => `10.5072/aperture-render-changed-${i}`;

function released(i: number, title = `Thaumatin rotation data, crystal ${i}`): FixtureSpec {
  const spec = releasedMxSpec(`rc-${i}`, doiOf(i), 4 + (i % 2) * 8);
  return { ...spec, datacite: fixtureDataCite(doiOf(i), title, { publicationYear: 2023 + (i % 2) }) };
}

let root: string;
let configFile: string;
let catalogue: string;
let builds = 0;

/** Builds the catalogue as it is now (a full render); returns the live output and a copy of the staged site. */
async function build(): Promise<{ dist: string; stage: string; rendered: number }> {
  const n = builds++;
  const report = await buildSite({
    config: await loadSiteConfig(configFile, {}),
    outDir: path.join(root, 'dist'),
    workDir: path.join(root, 'work'),
    log: () => {},
    now: NOW,
    workers: 1,
    renderWorkers: 1,
  });
  expect(report.ok, JSON.stringify(report.audit)).toBe(true);
  // Copies: the next build replaces both.
  const dist = path.join(root, `dist-${n}`);
  const stage = path.join(root, `stage-${n}`);
  await cp(realpathSync(path.join(root, 'dist')), dist, { recursive: true });
  await cp(path.join(root, 'work', 'site', 'models'), stage, { recursive: true });
  // Pages the full build rendered rather than restored from Astro's incremental cache: the ones whose key changed, and those without one.
  return { dist, stage, rendered: report.render.rendered };
}

/** The page files of a site: every file the manifest names, and every .html file. */
async function pageFilesOf(dir: string, manifest: PageManifest): Promise<Map<string, Buffer>> {
  const all = await siteFiles(dir);
  const named = new Set(manifest.pages.map((p) => p.file));
  return new Map([...all].filter(([name]) => named.has(name) || name.endsWith('.html')));
}

/** A copy of `previous` with `result`'s files laid over it and its removed files deleted: what the caller of renderChanged publishes. */
async function overlay(previous: string, fresh: string, result: RenderChangedResult): Promise<string> {
  const out = `${fresh}-overlaid`;
  await cp(previous, out, { recursive: true });
  for (const file of result.written) {
    await mkdir(path.dirname(path.join(out, file)), { recursive: true });
    await cp(path.join(fresh, file), path.join(out, file));
  }
  for (const file of result.removed) await rm(path.join(out, file));
  return out;
}

/** Page files that differ between `a` and `b`, by name. */
async function pageDifferences(a: string, b: string, manifest: PageManifest): Promise<string[]> {
  const [left, right] = await Promise.all([pageFilesOf(a, manifest), pageFilesOf(b, manifest)]);
  const out: string[] = [];
  for (const name of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const x = left.get(name);
    const y = right.get(name);
    if (!x) out.push(`${name}: missing from ${a}`);
    else if (!y) out.push(`${name}: missing from ${b}`);
    else if (!x.equals(y)) out.push(`${name}: differs`);
  }
  return out;
}

/** A manifest's pages in URL order: a render of changed pages lists the pages it took from its previous manifest last. */
function sortedPages(manifest: PageManifest): PageManifest['pages'] {
  return [...manifest.pages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

let fresh = 0;
async function renderInto(stage: string, previous: PageManifest | null, workers = 1): Promise<{ out: string; result: RenderChangedResult }> {
  const out = path.join(root, `fresh-${fresh++}`);
  await mkdir(out);
  const result = await renderChanged({ root: PROJECT_ROOT, stageDir: stage, siteUrl: FIXTURE_CONFIG.siteUrl, previous, outDir: out, workers });
  expect(result, 'a render kit for the current code').not.toBeNull();
  return { out, result: result! };
}

describe('renderChanged: only the changed pages, with the bytes of a full build', () => {
  let base: { dist: string; stage: string; rendered: number };
  let baseManifest: PageManifest;

  beforeAll(async () => {
    root = await tempDir('render-changed-');
    catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [released(0), released(1), released(2), withdrawnSpec('rc-withdrawn')]);
    configFile = path.join(root, 'aperture.config.json');
    await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', filesPerPage: 10 }));
    base = await build();
    // With no previous manifest every page renders: the same files as the full build.
    const all = await renderInto(base.stage, null, 2);
    baseManifest = all.result.manifest;
    expect(all.result.rendered).toBe(all.result.pages);
    expect(await pageDifferences(all.out, base.dist, baseManifest)).toEqual([]);
  }, 300_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('a full render saves a kit inside the project and the manifest names every page file with its key', async () => {
    const kit = findRenderKit(PROJECT_ROOT, FIXTURE_CONFIG.siteUrl);
    expect(kit?.dir.startsWith(renderKitsDir(PROJECT_ROOT))).toBe(true);
    expect(existsSync(kit!.entryUrl.replace('file://', ''))).toBe(true);
    const byUrl = new Map(baseManifest.pages.map((p) => [p.url, p]));
    expect(byUrl.get('/404')).toMatchObject({ file: '404.html', key: null });
    expect(byUrl.get('/theme.css')).toMatchObject({ file: 'theme.css', key: null });
    expect(byUrl.get('/')).toMatchObject({ file: 'index.html', key: null });
    const landing = byUrl.get(`/doi/${doiOf(0)}/`);
    expect(landing).toMatchObject({ file: `doi/${doiOf(0)}/index.html` });
    // The chrome's key, the model's digest and the model file's name: one page's key only.
    expect(landing?.key).toMatch(/^[0-9a-f]{80}:records\/[0-9a-f]+\/landing\.json$/);
    // Every HTML file of the full build is in the manifest.
    const html = [...(await siteFiles(base.dist)).keys()].filter((name) => name.endsWith('.html'));
    expect(html.filter((name) => !byUrl.has(name) && !baseManifest.pages.some((p) => p.file === name))).toEqual([]);
  });

  it('the stage gives every page model its digest, so listing the pages reads no model file', async () => {
    const sha = async (model: string) => createHash('sha256').update(await readFile(path.join(base.stage, model))).digest('hex');
    const pages = (await readFile(path.join(base.stage, 'pages.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as StagedPage);
    const routes = JSON.parse(await readFile(path.join(base.stage, 'browse', 'routes.json'), 'utf8')) as BrowseRoutes;
    const all = [...pages, ...routes.lists, ...routes.pdb];
    expect(all.length).toBeGreaterThan(10);
    for (const page of all) expect(page.digest, page.model).toBe(await sha(page.model));
  });

  it('a changed title: only its pages and the pages that list it render, and the overlaid site equals a full build', async () => {
    await rm(path.join(catalogue, 'rc-1'), { recursive: true });
    await writeFixtureCatalogue(catalogue, [released(1, 'Thaumatin rotation data, crystal 1, reprocessed')]);
    const next = await build();
    const { out, result } = await renderInto(next.stage, baseManifest);
    expect(result.written).toContain(`doi/${doiOf(1)}/index.html`);
    expect(result.written).not.toContain(`doi/${doiOf(0)}/index.html`);
    // The very pages Astro's incremental build renders again.
    expect(result.rendered).toBe(next.rendered);
    expect(result.rendered).toBeLessThan(result.pages);
    expect(result.removed).toEqual([]);
    expect(await pageDifferences(await overlay(base.dist, out, result), next.dist, result.manifest)).toEqual([]);
    // Astro listed only the pages it renders (keys changed, or none); the manifest still names every page, as a full listing does.
    expect(result.listed).toBe(result.rendered);
    expect(result.listed).toBeLessThan(result.pages);
    const full = await renderInto(next.stage, null);
    expect(full.result.listed).toBe(full.result.pages);
    expect(sortedPages(result.manifest)).toEqual(sortedPages(full.result.manifest));
    base = next;
    baseManifest = result.manifest;
  }, 300_000);

  it('a previous manifest whose unchanged page would take the URL of a listed one: the site is listed in full', async () => {
    // Record 0's landing page is unchanged (its key is in the previous manifest), but that
    // manifest gives its key to record 1's URL, which the listing also gives (its page is new
    // to that manifest). Taking the URL from the manifest would name one page twice.
    const landing0 = `/doi/${doiOf(0)}/`;
    const landing1 = `/doi/${doiOf(1)}/`;
    const tampered: PageManifest = {
      ...baseManifest,
      pages: baseManifest.pages.filter((p) => p.url !== landing1).map((p) => (p.url === landing0 ? { ...p, url: landing1, file: `doi/${doiOf(1)}/index.html` } : p)),
    };
    const { result } = await renderInto(base.stage, tampered);
    expect(result.listed).toBe(result.pages);
    expect(sortedPages(result.manifest)).toEqual(sortedPages(baseManifest));
    expect(result.written).toEqual(expect.arrayContaining([`doi/${doiOf(0)}/index.html`, `doi/${doiOf(1)}/index.html`]));
  }, 300_000);

  it('a new record: its pages appear in written', async () => {
    await writeFixtureCatalogue(catalogue, [released(3)]);
    const next = await build();
    const { out, result } = await renderInto(next.stage, baseManifest, 2);
    expect(result.written).toContain(`doi/${doiOf(3)}/index.html`);
    expect(result.written.filter((f) => f.startsWith(`doi/${doiOf(3)}/`)).length).toBeGreaterThan(1);
    expect(result.removed).toEqual([]);
    expect(result.rendered).toBe(next.rendered);
    expect(await pageDifferences(await overlay(base.dist, out, result), next.dist, result.manifest)).toEqual([]);
    base = next;
    baseManifest = result.manifest;
  }, 300_000);

  it('a removed record: its pages are in removed', async () => {
    // A published DOI never goes (its landing page becomes a tombstone), so the pages that go
    // are a record's file pages: record 1 loses its second sweep of 12 files (2 pages of 10).
    const spec = released(1, 'Thaumatin rotation data, crystal 1, reprocessed');
    const experiment = spec.experiment as { datasets: unknown[] };
    await rm(path.join(catalogue, 'rc-1'), { recursive: true });
    await writeFixtureCatalogue(catalogue, [{ ...spec, experiment: { ...experiment, datasets: experiment.datasets.slice(0, 1) } }]);
    const next = await build();
    const { out, result } = await renderInto(next.stage, baseManifest);
    expect(result.removed).toEqual([`doi/${doiOf(1)}/datasets/sweep-2/index.html`, `doi/${doiOf(1)}/datasets/sweep-2/page/2/index.html`]);
    expect(await pageDifferences(await overlay(base.dist, out, result), next.dist, result.manifest)).toEqual([]);
  }, 300_000);

  it('with no kit for the current code, renderChanged says so (null) and the caller renders the whole site', async () => {
    // A copy of the project whose code differs by one comment, sharing the original's kits.
    const copy = path.join(PROJECT_ROOT, 'test', '.tmp', `render-changed-code-${process.pid}`);
    await rm(copy, { recursive: true, force: true });
    await mkdir(copy, { recursive: true });
    try {
      await cp(path.join(PROJECT_ROOT, 'src'), path.join(copy, 'src'), { recursive: true });
      for (const file of ['astro.config.mjs', 'package-lock.json', 'package.json']) await cp(path.join(PROJECT_ROOT, file), path.join(copy, file));
      await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
      await cp(renderKitsDir(PROJECT_ROOT), renderKitsDir(copy), { recursive: true });
      expect(findRenderKit(copy, FIXTURE_CONFIG.siteUrl)).not.toBeNull();
      const page = path.join(copy, 'src', 'pages', 'about.astro');
      await writeFile(page, (await readFile(page, 'utf8')) + '\n');
      expect(findRenderKit(copy, FIXTURE_CONFIG.siteUrl)).toBeNull();
      const out = path.join(root, 'fresh-no-kit');
      await mkdir(out);
      expect(await renderChanged({ root: copy, stageDir: base.stage, siteUrl: FIXTURE_CONFIG.siteUrl, previous: baseManifest, outDir: out })).toBeNull();
      // Another site URL is baked into the bundle: no kit either.
      expect(findRenderKit(PROJECT_ROOT, 'https://elsewhere.example.org')).toBeNull();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
