/**
 * Issue 14, point 1: after one change, a build in the same work folder (reusing staged
 * records and rendered pages) gives exactly the bytes of a clean build of the changed
 * catalogue, for every kind of change, and re-does only what the change touches.
 *
 * One base build, whose folder (catalogue, config, work folder, output) is saved and put
 * back before each case. A case applies one change, builds incrementally, builds the changed
 * catalogue again as a fresh machine would (no caches, no previous site; see freshMachine),
 * and compares every file of the two live outputs, paths and bytes. Nothing is excluded:
 * under a fixed `now` every output is deterministic. How reuse is done is not this test's
 * business: work re-done is counted through the BuildReport only (stage.cached: records
 * taken from the cache; render.rendered: pages rendered rather than restored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  writeFixtureCatalogue,
  releasedMxSpec,
  withdrawnSpec,
  metadataOnlySpec,
  unpublishedSpec,
  fixtureDataCite,
  UNRELEASED_DOI,
  type FixtureSpec,
} from '../helpers/catalogue-fixtures.ts';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { siteDifferences, siteFiles } from '../helpers/compare-sites.ts';
import type { RunnerOptions } from '../helpers/build-runner.ts';
import { buildSite, type BuildReport } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { RACY_MS } from '../../src/catalogue/record-stamps.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { saveDoiManifest } from '../../src/persistence/doi-manifest.ts';
import { mergeSiteList, PUBLIC_DOI_LIST, type PublicDoiList } from '../../src/persistence/site-doi-list.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const PROJECT = path.resolve(import.meta.dirname, '../..');
const RECORDS = 8;
const SUBJECTS = ['macromolecular crystallography', 'protein crystallography', 'serial crystallography'];
const doiOf = (i: number) => `10.5072/aperture-incremental-${i}`;

/** Released record `i`: two sweeps of 4, 8 or 12 files, subjects and years varied so browse pages differ. */
function released(i: number, o: { title?: string; files?: number } = {}): FixtureSpec {
  const spec = releasedMxSpec(`inc-${i}`, doiOf(i), o.files ?? 4 + (i % 3) * 4);
  return {
    ...spec,
    datacite: fixtureDataCite(doiOf(i), o.title ?? `Lysozyme rotation data, crystal ${i}`, {
      subjects: [{ subject: SUBJECTS[i % SUBJECTS.length] }],
      publicationYear: 2022 + (i % 3),
    }),
  };
}

/** Record `i` in another release state, everything else as it was. */
function inState(i: number, release: Record<string, unknown>): FixtureSpec {
  const spec = released(i);
  const experiment = spec.experiment as { release: Record<string, unknown> };
  return { ...spec, experiment: { ...experiment, release: { ...experiment.release, ...release } } };
}

function catalogue(): FixtureSpec[] {
  return [
    ...Array.from({ length: RECORDS }, (_, i) => released(i)),
    withdrawnSpec('inc-withdrawn'),
    metadataOnlySpec('inc-embargoed'),
    unpublishedSpec('inc-unreleased'),
  ];
}

const CONFIG = { ...FIXTURE_CONFIG, catalogue: 'catalogue', filesPerPage: 10 };

/** A site's folder: its catalogue and configuration (root/aperture.config.json). */
interface Site {
  root: string;
  configFile: string;
  catalogue: string;
}

interface Built extends BuildReport {
  dist: string;
}

async function buildHere(site: Site, name: string, allowUnpublish?: string[], now = NOW): Promise<Built> {
  const built = await buildOnce(site, name, allowUnpublish, now);
  expect(built.ok, JSON.stringify(built.audit)).toBe(true);
  return built;
}

/** One build, whether the release gate passes it or not. */
async function buildOnce(site: Site, name: string, allowUnpublish?: string[], now = NOW): Promise<Built> {
  const dist = path.join(site.root, `dist-${name}`);
  const report = await buildSite({
    config: await loadSiteConfig(site.configFile, {}),
    outDir: dist,
    workDir: path.join(site.root, `work-${name}`),
    log: () => {},
    now,
    allowUnpublish,
    // One thread each: a dozen records do not pay for starting workers, and other tests show
    // that the output is the same for any number (stage.test.ts, render-reuse.test.ts).
    workers: 1,
    renderWorkers: 1,
  });
  return { ...report, dist };
}

/** Replaces one record's folder in the catalogue with `spec`. */
async function putRecord(site: Site, spec: FixtureSpec): Promise<void> {
  await rm(path.join(site.catalogue, spec.id), { recursive: true, force: true });
  await writeFixtureCatalogue(site.catalogue, [spec]);
}

/** Pages (HTML files) of `after` that are new or differ from `before`: what a build had to render at least. */
async function changedPages(before: string, after: string): Promise<number> {
  const [a, b] = await Promise.all([siteFiles(before), siteFiles(after)]);
  return [...b].filter(([name, bytes]) => name.endsWith('.html') && !a.get(name)?.equals(bytes)).length;
}

/**
 * The work folder of a clean build on a fresh machine: no caches and no previous site, only
 * the site's history that follows the site, not the machine: the published-DOI list of the
 * live site (its file `liveList`), read back the way `persistence.remote` does (issue 14, point 4).
 * Without it a clean build could not know when a DOI was first published.
 */
async function freshMachine(work: string, liveList: string): Promise<void> {
  await rm(work, { recursive: true, force: true });
  const live = JSON.parse(await readFile(liveList, 'utf8')) as PublicDoiList;
  await saveDoiManifest(work, mergeSiteList({ version: 1, dois: {} }, live).manifest);
}

// Two builds per case on two shared cores: generous limits; the run time is reported by vitest.
describe('incremental builds are byte-identical to a clean build', { timeout: 300_000 }, () => {
  let root: string;
  /** The site every case changes: always the same folder, as a user's checkout would be. */
  let site: Site;
  /** The base build's output, kept aside for comparisons. */
  let baseDist: string;
  let first: Built;
  /** Pages an unchanged rebuild renders (those never reused: pages without a cache key). */
  let alwaysRendered: number;

  beforeAll(async () => {
    root = await tempDir('incremental-');
    const folder = path.join(root, 'site');
    site = { root: folder, configFile: path.join(folder, 'aperture.config.json'), catalogue: path.join(folder, 'catalogue') };
    await writeFixtureCatalogue(site.catalogue, catalogue());
    await writeFile(site.configFile, JSON.stringify(CONFIG));
    first = await buildHere(site, 'incremental');
    expect(first.stage.records).toBe(RECORDS + 3);
    expect(first.stage.cached).toBe(0);
    expect(first.render.rendered).toBe(first.render.pages);
    // The base state (catalogue, config, work folder, output), restored before each case.
    await cp(folder, path.join(root, 'base'), { recursive: true, verbatimSymlinks: true });
    baseDist = path.join(root, 'base', 'dist-incremental');
  });

  // A dozen builds and a copy of the project's sources.
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /**
   * The site as the base build left it, in the same folder: the work folder's caches are
   * keyed by content, but the site's own paths are part of its configuration.
   */
  async function fromBase(): Promise<Site> {
    await rm(site.root, { recursive: true, force: true });
    await cp(path.join(root, 'base'), site.root, { recursive: true, verbatimSymlinks: true });
    return site;
  }

  /** Builds `site` incrementally and from nothing; both outputs must be identical, file for file. */
  async function incrementalAndClean(site: Site, allowUnpublish?: string[]): Promise<{ incremental: Built; clean: Built; changed: number }> {
    const incremental = await buildHere(site, 'incremental', allowUnpublish);
    await freshMachine(path.join(site.root, 'work-clean'), path.join(baseDist, PUBLIC_DOI_LIST));
    const clean = await buildHere(site, 'clean', allowUnpublish);
    expect(clean.stage.cached).toBe(0);
    expect(clean.render.rendered).toBe(clean.render.pages);
    const files = await siteFiles(clean.dist);
    expect(files.size).toBeGreaterThan(200);
    expect(await siteDifferences(incremental.dist, clean.dist)).toEqual([]);
    expect(incremental.render.pages).toBe(clean.render.pages);
    expect(incremental.indexedPages).toBe(clean.indexedPages);
    return { incremental, clean, changed: await changedPages(baseDist, clean.dist) };
  }

  it('reuses every record and every keyed page when nothing changed', async () => {
    const site = await fromBase();
    // The base build read records written a moment before; they read the same, so it stays live (unchanged-build.ts).
    expect((await buildHere(site, 'incremental')).unchanged).toBe(true);
    // Without what it was made from (a build whose other inputs were too new to trust), the build runs and changes nothing.
    await rm(path.join(site.root, 'work-incremental', 'last-build.json'));
    const again = await buildHere(site, 'incremental');
    expect(again.unchanged).toBeUndefined();
    expect(await siteDifferences(again.dist, baseDist)).toEqual([]);
    expect(again.stage.cached).toBe(again.stage.records);
    alwaysRendered = again.render.rendered;
    expect(alwaysRendered).toBeLessThan(first.render.pages / 3);
  });

  /**
   * The build kept the unchanged records' staged files in place, started its output from the
   * live build and laid only its changes over it (src/build/incremental-output.ts).
   */
  function expectStartedFromLive(b: Built): void {
    expect(b.stage.kept).toBeGreaterThan(0);
    expect(Object.keys(b.timings)).toContain('output folder (from the live build)');
  }

  /** One record changed: it alone is staged again, and only pages that show it are rendered. */
  function expectOneRecordRedone(r: { incremental: Built; changed: number }, records = RECORDS + 3): void {
    expectStartedFromLive(r.incremental);
    expect(r.incremental.stage.records).toBe(records);
    expect(r.incremental.stage.cached).toBe(records - 1);
    expect(r.incremental.render.rendered).toBeGreaterThan(alwaysRendered);
    expect(r.incremental.render.rendered).toBeLessThanOrEqual(alwaysRendered + r.changed);
    expect(r.incremental.render.rendered).toBeLessThan(r.incremental.render.pages / 2);
  }

  it('a changed title', async () => {
    const site = await fromBase();
    await putRecord(site, released(2, { title: 'Retitled: lysozyme at room temperature' }));
    const r = await incrementalAndClean(site);
    expectOneRecordRedone(r);
    expect(await readFile(path.join(r.incremental.dist, 'doi', doiOf(2), 'index.html'), 'utf8')).toContain('Retitled: lysozyme at room temperature');
    // And back: the caches the incremental build left give the base site again, byte for byte.
    await putRecord(site, released(2));
    const reverted = await buildHere(site, 'incremental');
    expect(await siteDifferences(reverted.dist, baseDist)).toEqual([]);
    expect(reverted.stage.cached).toBe(RECORDS + 2);
  });

  it('a new record', async () => {
    const site = await fromBase();
    await putRecord(site, released(RECORDS, { title: 'A record released today' }));
    const r = await incrementalAndClean(site);
    expectOneRecordRedone(r, RECORDS + 4);
    expect(r.incremental.stage.published.map((p) => p.doi)).toContain(doiOf(RECORDS));
  });

  it('a withdrawn record (tombstone)', async () => {
    const site = await fromBase();
    await putRecord(site, inState(3, { state: 'withdrawn', withdrawnOn: '2026-10-20', withdrawalReason: 'The crystal was mislabelled.' }));
    const r = await incrementalAndClean(site);
    expectOneRecordRedone(r);
    expect(r.incremental.stage.tombstones.map((t) => t.doi)).toContain(doiOf(3));
    expect(await readFile(path.join(r.incremental.dist, 'doi', doiOf(3), 'index.html'), 'utf8')).toContain('The crystal was mislabelled.');
  });

  it('an unpublished record (removed from the site, allowed)', async () => {
    const site = await fromBase();
    await putRecord(site, inState(4, { state: 'unpublished', releasedOn: null }));
    const r = await incrementalAndClean(site, [doiOf(4)]);
    expectOneRecordRedone(r);
    expect((await siteFiles(r.incremental.dist)).has(`doi/${doiOf(4)}/index.html`)).toBe(false);
  });

  it('a changed file listing', async () => {
    const site = await fromBase();
    await putRecord(site, released(5, { files: 25 }));
    const r = await incrementalAndClean(site);
    expectOneRecordRedone(r);
    expect(r.incremental.render.pages).toBeGreaterThan(first.render.pages);
  });

  it('a changed site configuration: the tagline', async () => {
    const site = await fromBase();
    await writeFile(site.configFile, JSON.stringify({ ...CONFIG, tagline: 'Released data, and nothing else.' }));
    const r = await incrementalAndClean(site);
    // Only the home and about pages show it (and the DCAT catalogue): no record is staged
    // again, and no page with a cache key is rendered again.
    expect(r.incremental.stage.cached).toBe(r.incremental.stage.records);
    expectStartedFromLive(r.incremental);
    expect(r.incremental.render.rendered).toBe(alwaysRendered);
    expect(await readFile(path.join(r.incremental.dist, 'index.html'), 'utf8')).toContain('Released data, and nothing else.');
  });

  it('a change that would show a withheld DOI is refused: the audit finds it in the changed page and in the search index, and the live site stays', async () => {
    const site = await fromBase();
    // A dataset's title: a record's relations and descriptions have their unreleased DOIs
    // left out (unreleased-relations.ts), any other field is left to the gate.
    const spec = released(1);
    const experiment = spec.experiment as { datasets: Array<Record<string, unknown>> };
    const datasets = experiment.datasets.map((d, i) => (i === 0 ? { ...d, title: `Rotation sweep, as in ${UNRELEASED_DOI}` } : d));
    await putRecord(site, { ...spec, experiment: { ...experiment, datasets } });
    const refused = await buildOnce(site, 'incremental');
    expect(refused.ok).toBe(false);
    expect(Object.keys(refused.timings)).toContain('output folder (from the live build)');
    const files = refused.audit.map((finding) => finding.file);
    // Changed before the index was done (scanned meanwhile), and after it.
    expect(files).toContain(`doi/${doiOf(1)}/index.html`);
    expect(files.some((file) => file.startsWith('pagefind/'))).toBe(true);
    expect(await siteDifferences(site.root + '/dist-incremental', baseDist)).toEqual([]);
  });

  it('a withdrawal is refused while a file the build leaves as it was still holds the DOI: a new needle is looked for in every file', async () => {
    const site = await fromBase();
    // As a writer that forgot the record would leave it: in a file no change to the record rewrites,
    // in the live build and in its standby (the copy the next build starts from, when one is ready).
    const dist = path.join(site.root, 'dist-incremental');
    const builds = `${dist}.builds`;
    const standbys = (await readdir(builds)).filter((name) => name.startsWith('.standby-')).map((name) => path.join(builds, name));
    const planted = 'stray/mentions.html';
    for (const folder of [await realpath(dist), ...standbys]) {
      await mkdir(path.join(folder, 'stray'), { recursive: true });
      await writeFile(path.join(folder, planted), `<a href="https://doi.org/${doiOf(3).toUpperCase().replace('/', '%2F')}">see</a>`);
    }
    await putRecord(site, inState(3, { state: 'withdrawn', withdrawnOn: '2026-10-20', withdrawalReason: 'The crystal was mislabelled.' }));
    const refused = await buildOnce(site, 'incremental');
    expect(refused.ok).toBe(false);
    expect(Object.keys(refused.timings)).toContain('output folder (from the live build)');
    expect(refused.audit).toEqual([{ file: planted, what: `withdrawn DOI ${doiOf(3)} outside its tombstone` }]);
  });

  /** Record `i`, naming `dois` in its relations (as doi.org URLs, the way many repositories write them) and in its description. */
  function naming(i: number, dois: string[]): FixtureSpec {
    const spec = released(i);
    const datacite = spec.datacite as { relatedIdentifiers: unknown[] };
    const relations = dois.map((doi) => ({ relatedIdentifier: `https://doi.org/${doi}`, relatedIdentifierType: 'URL', relationType: 'IsPartOf' }));
    const description = `${spec.description ?? ''}\nPart of ${dois.join(' and ')}.\n`;
    return { ...spec, description, datacite: { ...datacite, relatedIdentifiers: [...datacite.relatedIdentifiers, ...relations] } };
  }

  const WITHDRAWN_DOI = '10.5072/aperture-withdrawn-fixture';

  /** Waits until the files just written are old enough for the next build to trust their stamp (record-stamps.ts). */
  const settled = () => sleep(RACY_MS + 100);

  it('a record that names an unreleased record (left out) and a withdrawn one; then the unreleased one is released', async () => {
    const site = await fromBase();
    await putRecord(site, naming(6, [UNRELEASED_DOI, WITHDRAWN_DOI]));
    await settled();
    const named = await incrementalAndClean(site);
    expectOneRecordRedone(named);
    const page = () => readFile(path.join(site.root, 'dist-incremental', 'doi', doiOf(6), 'index.html'), 'utf8');
    expect(await page()).toContain(`https://doi.org/${WITHDRAWN_DOI}`);
    expect(await page()).not.toContain(UNRELEASED_DOI);
    expect(named.incremental.diagnostics.filter((d) => d.code === 'stage/relation-to-unreleased').map((d) => d.record)).toEqual(['inc-6', 'inc-6']);
    expect(await page()).toContain('Part of [a record not yet released] and');
    // Released: record 6 did not change (the build kept it by its stamp), yet its page now
    // names the record, as a clean build's does.
    const unpublished = unpublishedSpec('inc-unreleased');
    await putRecord(site, { ...unpublished, experiment: { ...unpublished.experiment, release: { state: 'released', releasedOn: '2026-10-30' } } });
    const released = await incrementalAndClean(site);
    expectStartedFromLive(released.incremental);
    expect(released.incremental.stage.cached).toBe(RECORDS + 1);
    expect(await page()).toContain(`https://doi.org/${UNRELEASED_DOI}`);
    expect(released.incremental.diagnostics.filter((d) => d.code === 'stage/relation-to-unreleased')).toEqual([]);
  });

  it('a record that names a released record which is then unpublished: the unchanged record loses the relation', async () => {
    const site = await fromBase();
    await putRecord(site, naming(6, [doiOf(7)]));
    await settled();
    await buildHere(site, 'incremental');
    await putRecord(site, inState(7, { state: 'unpublished', releasedOn: null }));
    const r = await incrementalAndClean(site, [doiOf(7)]);
    expectStartedFromLive(r.incremental);
    expect(r.incremental.stage.cached).toBe(RECORDS + 1);
    for (const [file, bytes] of await siteFiles(r.incremental.dist)) expect(bytes.includes(doiOf(7)), file).toBe(false);
  });

  it('a changed site configuration: the title', async () => {
    const site = await fromBase();
    await writeFile(site.configFile, JSON.stringify({ ...CONFIG, title: 'Fixture Data Archive' }));
    const r = await incrementalAndClean(site);
    // Every page's header and every record's catalogue name show it: everything is done again.
    expect(r.incremental.stage.cached).toBe(0);
    expect(r.incremental.render.rendered).toBe(r.incremental.render.pages);
    expect(await readFile(path.join(r.incremental.dist, 'doi', doiOf(1), 'index.html'), 'utf8')).toContain('Fixture Data Archive');
  });

  it('the next day, nothing changed', async () => {
    // The build's UTC day is an input of every record ("last modified" never names a later day).
    const site = await fromBase();
    const later = new Date(NOW.getTime() + 86_400_000);
    const incremental = await buildHere(site, 'incremental', undefined, later);
    await freshMachine(path.join(site.root, 'work-clean'), path.join(baseDist, PUBLIC_DOI_LIST));
    const clean = await buildHere(site, 'clean', undefined, later);
    expect(await siteDifferences(incremental.dist, clean.dist)).toEqual([]);
    expect(incremental.stage.cached).toBe(0);
    expect(incremental.render.rendered).toBeLessThanOrEqual(alwaysRendered + (await changedPages(baseDist, clean.dist)));
  });

  /**
   * A code change, made for real: a copy of the project (its sources and configuration, with
   * node_modules linked) builds the base catalogue, is edited, and builds again, each build
   * in a fresh process as a user's next `aperture build` would.
   */
  it('a code change: an edited component and an edited staging module', async () => {
    const folder = path.join(root, 'code');
    const project = path.join(folder, 'project');
    await mkdir(project, { recursive: true });
    for (const part of ['src', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json']) {
      await cp(path.join(PROJECT, part), path.join(project, part), { recursive: true });
    }
    await symlink(path.join(PROJECT, 'node_modules'), path.join(project, 'node_modules'));
    await cp(path.join(root, 'base', 'catalogue'), path.join(folder, 'catalogue'), { recursive: true });
    await cp(path.join(root, 'base', 'aperture.config.json'), path.join(folder, 'aperture.config.json'));
    const edit = async (file: string, from: string, to: string) => {
      const code = await readFile(path.join(project, file), 'utf8');
      expect(code).toContain(from);
      await writeFile(path.join(project, file), code.replace(from, to));
    };
    const build = (name: string) => buildInOwnProcess(project, { configFile: path.join(folder, 'aperture.config.json'), outDir: path.join(folder, `dist-${name}`), workDir: path.join(folder, `work-${name}`), now: NOW.toISOString(), workers: 1, renderWorkers: 1 });

    const before = await build('incremental');
    expect(before.stage.records).toBe(RECORDS + 3);
    await cp(path.join(before.dist, PUBLIC_DOI_LIST), path.join(folder, 'published-dois-before.json'));
    // Renderer code (its pages' models are unchanged, so only Astro's code tracking can tell)
    // and staging code (only the per-record cache's code version can tell).
    await edit('src/components/LandingPage.astro', '<h2 id="keywords-heading">Keywords</h2>', '<h2 id="keywords-heading">Keywords and subjects</h2>');
    await edit('src/model/tombstone.ts', 'withdrawnOnText: formatDate(withdrawnOn),', 'withdrawnOnText: `${formatDate(withdrawnOn)} (UTC)`,');
    const incremental = await build('incremental');
    await freshMachine(path.join(folder, 'work-clean'), path.join(folder, 'published-dois-before.json'));
    const clean = await build('clean');
    expect(await siteDifferences(incremental.dist, clean.dist)).toEqual([]);
    expect(await readFile(path.join(incremental.dist, 'doi', doiOf(0), 'index.html'), 'utf8')).toContain('Keywords and subjects');
    expect(await readFile(path.join(incremental.dist, 'doi', withdrawnSpec().datacite!.doi as string, 'index.html'), 'utf8')).toContain('(UTC)');
    expect(incremental.stage.cached).toBe(0);
    // Astro tracks code per route: every page under /doi/ renders again, and no list page.
    const doiPages = [...(await siteFiles(clean.dist)).keys()].filter((name) => name.startsWith('doi/') && name.endsWith('.html')).length;
    expect(incremental.render.rendered).toBeGreaterThan(alwaysRendered);
    expect(incremental.render.rendered).toBeLessThanOrEqual(alwaysRendered + doiPages);
    expect(incremental.render.rendered).toBeLessThan(incremental.render.pages);
  });
});

/** One build by the project copy at `project`, in its own process (test/helpers/build-runner.ts). */
async function buildInOwnProcess(project: string, options: RunnerOptions): Promise<Built> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT, 'test/helpers/build-runner.ts'), project, JSON.stringify(options)],
      { cwd: project, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`the build in ${project} failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
  const report = JSON.parse(out) as BuildReport;
  expect(report.ok, JSON.stringify(report.audit)).toBe(true);
  return { ...report, dist: options.outDir };
}
