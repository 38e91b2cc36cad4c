import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { link, mkdir, mkdtemp, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { INDEX_OUTPUTS, indexSite } from '../../../src/index/pagefind.ts';
import { BUNDLES_DIR } from '../../../src/index/pagefind-bundle.ts';
import { LOOKUP_SHARDS_DIR } from '../../../src/index/lookup-shards-kept.ts';
import type { ShardManifest } from '../../../src/index/shard-list.ts';
import type { StagedPage } from '../../../src/build/stage-types.ts';

const PROTEINS = ['Lysozyme', 'Thaumatin', 'Insulin', 'Trypsin', 'Proteinase K', 'Myoglobin'];

/** A landing model with what the index reads of one (src/index/search-document.ts). */
function landingModel(i: number, title = `${PROTEINS[i % PROTEINS.length]} rotation data, sample ${i}`) {
  const doi = `10.5072/index-${i}`;
  return {
    path: `/doi/${doi}/`,
    doi,
    doiDisplay: doi.toUpperCase(),
    title,
    otherTitles: [],
    creators: [{ displayName: `Élise Moreau${i}`, familyName: `Moreau${i}`, orcid: `0000-0003-9000-${String(i).padStart(4, '0')}` }],
    contributors: [],
    releasedOnText: `${1 + (i % 28)} March 2025`,
    sortDate: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    descriptionHtml: `<p>Hen egg-white &amp; <em>tetragonal</em> crystals, batch ${i}.</p>`,
    abstractParagraphs: [`Diffraction data collected at 100 K from crystal ${i}.`],
    keywords: ['macromolecular crystallography', PROTEINS[i % PROTEINS.length].toLowerCase()],
    facility: i % 2 ? 'ESRF' : 'Diamond',
    technique: { name: 'macromolecular crystallography', panet: null, panetUrl: null },
    proposal: `MX-${9000 + i}`,
    pdb: [`${1 + (i % 9)}ab${i % 10}`],
    related: [],
    funding: [],
    datasets: [{ title: `Sweep ${i}` }],
    facets: {
      facility: [i % 2 ? 'ESRF' : 'Diamond'],
      beamline: [i % 2 ? 'ESRF ID23-1' : 'Diamond I04'],
      technique: ['macromolecular crystallography'],
      year: ['2025'],
      licence: ['CC-BY-4.0'],
      resourceType: ['Dataset'],
      detector: ['PILATUS 6M'],
      wavelength: ['0.9–1.0 Å'],
      hitRate: [],
    },
  };
}

function filesModel(i: number) {
  return {
    path: `/doi/10.5072/index-${i}/datasets/sweep/`,
    files: [...Array.from({ length: 5 }, (_, n) => ({ name: `xtal${i}_${String(n + 1).padStart(5, '0')}.cbf` })), { name: 'XDS.INP' }],
  };
}

/** Writes a staged site (models and pages.jsonl, with or without digests) of `count` records, one withdrawn. */
async function stagedSite(dir: string, count: number, options: { digests: boolean; title?: [index: number, title: string] }): Promise<string> {
  await mkdir(path.join(dir, 'records'), { recursive: true });
  const pages: StagedPage[] = [];
  const add = async (page: Omit<StagedPage, 'digest'>, model: unknown) => {
    const text = JSON.stringify(model);
    await mkdir(path.dirname(path.join(dir, page.model)), { recursive: true });
    await writeFile(path.join(dir, page.model), text);
    pages.push(options.digests ? { ...page, digest: createHash('sha256').update(text).digest('hex') } : page);
  };
  for (let i = 0; i < count; i++) {
    const title = options.title?.[0] === i ? options.title[1] : undefined;
    if (i === 3) {
      await add({ kind: 'tombstone', route: `10.5072/index-${i}`, model: `records/${i}/tombstone.json` }, { title: 'Withdrawn' });
      continue;
    }
    await add({ kind: 'landing', route: `10.5072/index-${i}`, model: `records/${i}/landing.json` }, landingModel(i, title));
    await add({ kind: 'files', route: `10.5072/index-${i}/datasets/sweep`, model: `records/${i}/datasets/sweep/page-1.json` }, filesModel(i));
  }
  await writeFile(path.join(dir, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return dir;
}

async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)));
  }
  return files;
}

/** Every file of both outputs by path and bytes; names the first that differs. */
async function expectSameOutput(a: string, b: string): Promise<void> {
  const [left, right] = [await tree(a), await tree(b)];
  expect([...left.keys()].sort()).toEqual([...right.keys()].sort());
  for (const [name, bytes] of left) expect(bytes.equals(right.get(name)!), name).toBe(true);
}

describe('indexing a staged site with the index-input cache', () => {
  test('cold, warm and after a changed title, the output is the bytes of a full index of the same staged site', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'index-site-'));
    const site = await stagedSite(path.join(root, 'site'), 12, { digests: true });
    const cacheDir = path.join(root, 'cache');
    const full = path.join(root, 'full');
    await indexSite(full, site);

    const cold = await indexSite(path.join(root, 'cold'), site, undefined, { cacheDir });
    expect(cold.cache).toMatchObject({ hits: 0, misses: 22 });
    await expectSameOutput(path.join(root, 'cold'), full);
    const warm = await indexSite(path.join(root, 'warm'), site, undefined, { cacheDir });
    expect(warm.cache).toMatchObject({ hits: 22, misses: 0, entries: 22 });
    await expectSameOutput(path.join(root, 'warm'), full);

    // One record's title changes: only its landing model is read again, and search finds the new words.
    const changed = await stagedSite(path.join(root, 'changed'), 12, { digests: true, title: [5, 'Photoactive yellow protein, revised'] });
    const incremental = await indexSite(path.join(root, 'incremental'), changed, undefined, { cacheDir });
    expect(incremental.cache).toMatchObject({ hits: 21, misses: 1, entries: 22 });
    await indexSite(path.join(root, 'changed-full'), changed);
    await expectSameOutput(path.join(root, 'incremental'), path.join(root, 'changed-full'));
    // The shard keeps its folder (named by its first page) and gets a new index.
    const [shard] = (JSON.parse(await readFile(path.join(full, 'pagefind', 'shards.json'), 'utf8')) as ShardManifest).shards;
    const entry = (dir: string) => readFile(path.join(dir, 'pagefind', shard.name, 'pagefind-entry.json'), 'utf8');
    expect(await entry(path.join(root, 'incremental'))).not.toBe(await entry(full));
  });

  test('a staged site without model digests is keyed by the bytes read, with the same output', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'index-site-'));
    const site = await stagedSite(path.join(root, 'site'), 6, { digests: false });
    await indexSite(path.join(root, 'full'), site);
    await indexSite(path.join(root, 'cold'), site, undefined, { cacheDir: path.join(root, 'cache') });
    const warm = await indexSite(path.join(root, 'warm'), site, undefined, { cacheDir: path.join(root, 'cache') });
    expect(warm.cache).toMatchObject({ hits: 10, misses: 0 });
    await expectSameOutput(path.join(root, 'warm'), path.join(root, 'full'));
  });

  test('writes only INDEX_OUTPUTS, and never into a file it finds there (it may be a hard link into a kept build)', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'index-site-'));
    const site = await stagedSite(path.join(root, 'site'), 4, { digests: true });
    const out = path.join(root, 'out');
    await mkdir(path.join(out, 'pagefind'), { recursive: true });
    await mkdir(path.join(out, 'search-ids'), { recursive: true });
    const kept = path.join(root, 'kept-build-entry.json');
    await writeFile(kept, 'a file of a kept build');
    await link(kept, path.join(out, 'pagefind', 'pagefind-entry.json'));
    await writeFile(path.join(out, 'search-ids', 'stale-shard.json'), '{}');
    const stagedBefore = await tree(site);
    // A killed build's leftovers in the cache folder go; a running build's stay.
    const cacheDir = path.join(root, 'cache');
    const dead = spawnSync('true').pid!;
    await mkdir(path.join(cacheDir, `.lookup-buckets-${dead}`), { recursive: true });
    await writeFile(path.join(cacheDir, `.inputs.jsonl.${dead}.0a1b2c3d`), 'half a pack');
    await writeFile(path.join(cacheDir, `.lookup-shard.${dead}.0a1b2c3d`), 'half a kept shard');
    await mkdir(path.join(cacheDir, `.lookup-buckets-${process.ppid}`), { recursive: true });

    await indexSite(out, site, undefined, { cacheDir });
    expect((await readdir(cacheDir)).sort()).toEqual([`.lookup-buckets-${process.ppid}`, 'inputs.jsonl', LOOKUP_SHARDS_DIR, BUNDLES_DIR].sort());
    expect(await readFile(kept, 'utf8')).toBe('a file of a kept build');
    expect((await readdir(out)).sort()).toEqual([...INDEX_OUTPUTS].sort());
    expect(await readdir(path.join(out, 'search-ids'))).not.toContain('stale-shard.json');
    expect(await readdir(path.join(out, 'search-ids'))).toContain('filters.json');
    // The staged site is only read.
    expect([...(await tree(site)).keys()].sort()).toEqual([...stagedBefore.keys()].sort());
  });
});

describe('pagefind’s bundle, kept with the cache', () => {
  test('no search document changed: pagefind does not run and the kept bundle is written; one did: pagefind runs', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'index-site-'));
    const cacheDir = path.join(root, 'cache');
    await indexSite(path.join(root, 'first'), await stagedSite(path.join(root, 'site'), 8, { digests: true }), undefined, { cacheDir });

    // A renamed file changes a listing page and the lookup, not what search indexes.
    const listing = await stagedSite(path.join(root, 'listing'), 8, { digests: true });
    const files = JSON.parse(await readFile(path.join(listing, 'records/2/datasets/sweep/page-1.json'), 'utf8'));
    files.files[5].name = 'XDS_ASCII.HKL';
    const text = JSON.stringify(files);
    await writeFile(path.join(listing, 'records/2/datasets/sweep/page-1.json'), text);
    const pages = (await readFile(path.join(listing, 'pages.jsonl'), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as StagedPage);
    const edited = pages.find((p) => p.model === 'records/2/datasets/sweep/page-1.json')!;
    edited.digest = createHash('sha256').update(text).digest('hex');
    await writeFile(path.join(listing, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');

    const reused = await indexSite(path.join(root, 'reused'), listing, undefined, { cacheDir });
    expect(reused.cache).toMatchObject({ bundleReused: true, misses: 1 });
    await indexSite(path.join(root, 'listing-full'), listing);
    await expectSameOutput(path.join(root, 'reused'), path.join(root, 'listing-full'));
    expect(await readFile(path.join(root, 'reused', 'search-ids', 'meta.json'), 'utf8')).toContain('"keys"');

    const retitled = await indexSite(path.join(root, 'retitled'), await stagedSite(path.join(root, 'titled'), 8, { digests: true, title: [1, 'Ferritin'] }), undefined, { cacheDir });
    // Read again: the retitled landing page, and the listing page as it was before the rename (pruned since).
    expect(retitled.cache).toMatchObject({ bundleReused: false, misses: 2 });
    await indexSite(path.join(root, 'titled-full'), path.join(root, 'titled'));
    await expectSameOutput(path.join(root, 'retitled'), path.join(root, 'titled-full'));
  });

  test('a kept bundle missing a file, or holding one of another size, is not used', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'index-site-'));
    const cacheDir = path.join(root, 'cache');
    const site = await stagedSite(path.join(root, 'site'), 4, { digests: true });
    await indexSite(path.join(root, 'first'), site, undefined, { cacheDir });
    const [digest] = await readdir(path.join(cacheDir, BUNDLES_DIR));
    const kept = path.join(cacheDir, BUNDLES_DIR, digest, 'files');
    const fragment = (await readdir(path.join(kept, 'fragment')))[0];
    await unlink(path.join(kept, 'fragment', fragment));
    const missing = await indexSite(path.join(root, 'missing'), site, undefined, { cacheDir });
    expect(missing.cache).toMatchObject({ bundleReused: false });
    await expectSameOutput(path.join(root, 'missing'), path.join(root, 'first'));

    // The bundle kept by that build is whole again; one of its files is replaced by a shorter one.
    await unlink(path.join(kept, 'pagefind-entry.json'));
    await writeFile(path.join(kept, 'pagefind-entry.json'), '{}');
    const shorter = await indexSite(path.join(root, 'shorter'), site, undefined, { cacheDir });
    expect(shorter.cache).toMatchObject({ bundleReused: false });
    await expectSameOutput(path.join(root, 'shorter'), path.join(root, 'first'));
    const whole = await indexSite(path.join(root, 'whole'), site, undefined, { cacheDir });
    expect(whole.cache).toMatchObject({ bundleReused: true });
    await expectSameOutput(path.join(root, 'whole'), path.join(root, 'first'));
  });
});

describe('the index in shards', () => {
  test('a changed title re-indexes its shard only; the shards list the pages in release order; the output is a full index’s', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'index-site-'));
    const cacheDir = path.join(root, 'cache');
    const site = await stagedSite(path.join(root, 'site'), 40, { digests: true });
    const first = await indexSite(path.join(root, 'first'), site, undefined, { cacheDir, shardPages: 4 });
    expect(first.shards).toBeGreaterThan(2);
    expect(first.shardsIndexed).toBe(first.shards);
    const manifest = JSON.parse(await readFile(path.join(root, 'first', 'pagefind', 'shards.json'), 'utf8')) as ShardManifest;
    expect(manifest.shards.reduce((sum, s) => sum + s.pages, 0)).toBe(39);
    for (const [i, shard] of manifest.shards.entries()) {
      expect(shard.from <= shard.to).toBe(true);
      if (i > 0) expect(manifest.shards[i - 1].to <= shard.from).toBe(true);
      expect(await readdir(path.join(root, 'first', 'pagefind', shard.name))).toContain('pagefind-entry.json');
    }
    expect((await readdir(path.join(root, 'first', 'pagefind'))).sort()).toEqual([...manifest.shards.map((s) => s.name), 'shards.json'].sort());

    const titled = await stagedSite(path.join(root, 'titled'), 40, { digests: true, title: [17, 'Ferritin, revised'] });
    const retitled = await indexSite(path.join(root, 'retitled'), titled, undefined, { cacheDir, shardPages: 4 });
    expect(retitled.shardsIndexed).toBe(1);
    // Every shard keeps its folder: the retitled one is rewritten in place.
    const names = async (dir: string) => (JSON.parse(await readFile(path.join(dir, 'pagefind', 'shards.json'), 'utf8')) as ShardManifest).shards.map((s) => s.name);
    expect(await names(path.join(root, 'retitled'))).toEqual(await names(path.join(root, 'first')));
    await indexSite(path.join(root, 'titled-full'), titled, undefined, { shardPages: 4 });
    await expectSameOutput(path.join(root, 'retitled'), path.join(root, 'titled-full'));
    // The cache keeps the bundles of the shards this build used, and no others.
    expect(await readdir(path.join(cacheDir, BUNDLES_DIR))).toHaveLength(first.shards);
  });
});
