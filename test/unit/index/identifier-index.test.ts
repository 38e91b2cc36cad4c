import { describe, expect, test, vi } from 'vitest';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LookupIndexWriter, MAX_HITS_PER_KEY } from '../../../src/index/identifier-index.ts';
import { shardName, type LookupHit, type LookupMeta } from '../../../src/index/lookup-key.ts';
import { KeptLookupShards, LOOKUP_SHARDS_DIR } from '../../../src/index/lookup-shards-kept.ts';
import { lookupIdentifier } from '../../../src/client/search-ids.ts';

async function lookup(dir: string, key: string): Promise<LookupHit[]> {
  const meta = JSON.parse(await readFile(path.join(dir, 'search-ids/meta.json'), 'utf8')) as LookupMeta;
  const shard = JSON.parse(await readFile(path.join(dir, 'search-ids', shardName(key, meta.shards)), 'utf8')) as Record<string, LookupHit[]>;
  return shard[key] ?? [];
}

describe('the exact-identifier lookup on disk', () => {
  test.each([
    ['held in memory', undefined],
    ['spilled to bucket files every 500 entries', 500],
  ])('every key is found in the shard its hash names; duplicates collapse; a key keeps at most 50 hits (%s)', async (_, spill) => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'lookup-'));
    const writer = new LookupIndexWriter(path.join(out, 'buckets'), spill);
    for (let i = 0; i < 3000; i++) await writer.add(`file_${i}.cbf`, ['file', `/doi/10.5072/r${i % 7}/datasets/a/`, `file_${i}.cbf`, '']);
    await writer.add('1lyz', ['pdb', '/doi/10.5072/a/', 'A', 'PDB 1LYZ']);
    await writer.add('1lyz', ['pdb', '/doi/10.5072/a/', 'A', 'PDB 1LYZ']);
    await writer.add('1lyz', ['pdb', '/doi/10.5072/b/', 'B', 'PDB 1LYZ']);
    for (let i = 0; i < 80; i++) await writer.add('image_00001.cbf', ['file', `/doi/10.5072/r${i}/datasets/a/`, 'image_00001.cbf', '']);
    const result = await writer.write(out);
    expect(result.keys).toBe(3002);
    expect(await lookup(out, '1lyz')).toEqual([
      ['pdb', '/doi/10.5072/a/', 'A', 'PDB 1LYZ'],
      ['pdb', '/doi/10.5072/b/', 'B', 'PDB 1LYZ'],
    ]);
    expect(await lookup(out, 'file_2999.cbf')).toEqual([['file', '/doi/10.5072/r3/datasets/a/', 'file_2999.cbf', '']]);
    // Fifty hits, then how many pages carry the name.
    const many = await lookup(out, 'image_00001.cbf');
    expect(many).toHaveLength(MAX_HITS_PER_KEY + 1);
    expect(many.at(-1)).toEqual(['more', '', '', '80']);
    expect(await lookup(out, '7xyz')).toEqual([]);
    // The bucket files are gone; only meta.json and the shards are published.
    expect((await readdir(out)).sort()).toEqual(['search-ids']);
  });

  test('the search page counts every page that carries an identifier, not only those the lookup keeps', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'lookup-count-'));
    const writer = new LookupIndexWriter(path.join(out, 'buckets'));
    // A beamline scientist on 312 records, one of them twice (creator and contributor): 312 pages.
    for (let i = 0; i < 312; i++) await writer.add('0000-0002-1825-0097', ['orcid', `/doi/10.5072/r${i}/`, `Record ${i}`, 'Josiah Carberry']);
    await writer.add('0000-0002-1825-0097', ['orcid', '/doi/10.5072/r7/', 'Record 7', 'J. Carberry']);
    for (let i = 0; i < 3; i++) await writer.add('1lyz', ['pdb', `/doi/10.5072/r${i}/`, `Record ${i}`, 'PDB 1LYZ']);
    await writer.write(out);
    vi.stubGlobal('fetch', async (url: string) => {
      try {
        return new Response(await readFile(path.join(out, url)), { status: 200 });
      } catch {
        return new Response('', { status: 404 });
      }
    });
    try {
      const orcid = await lookupIdentifier('https://orcid.org/0000-0002-1825-0097');
      expect(orcid.hits).toHaveLength(MAX_HITS_PER_KEY);
      expect(orcid.total).toBe(312);
      const pdb = await lookupIdentifier('1LYZ');
      expect([pdb.hits.length, pdb.total]).toEqual([3, 3]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('a shard whose entries did not change is linked from the one kept; the output is the bytes of a lookup written without it', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'lookup-kept-'));
    const cacheDir = path.join(root, 'cache');
    /** The lookup of 3,000 file names and one PDB entry whose title is `title`, written into `name`. */
    const write = async (name: string, title: string, kept: boolean) => {
      const writer = new LookupIndexWriter(path.join(root, `${name}-buckets`));
      for (let i = 0; i < 3000; i++) await writer.add(`file_${i}.cbf`, ['file', `/doi/10.5072/r${i % 7}/datasets/a/`, `file_${i}.cbf`, '']);
      await writer.add('1lyz', ['pdb', '/doi/10.5072/a/', title, 'PDB 1LYZ']);
      const shards = KeptLookupShards.open(cacheDir, true);
      const result = await writer.write(path.join(root, name), kept ? { shards, code: 'test' } : undefined);
      if (kept) await shards.prune();
      return result;
    };
    const inode = async (name: string, file: string) => (await stat(path.join(root, name, 'search-ids', file))).ino;

    const first = await write('first', 'Lysozyme', true);
    expect(first.shards).toBeGreaterThan(2);
    const shardFiles = (await readdir(path.join(root, 'first', 'search-ids'))).filter((f) => f !== 'meta.json');
    expect(await readdir(path.join(cacheDir, LOOKUP_SHARDS_DIR))).toHaveLength(shardFiles.length);

    // One entry's title changes: its shard is built again, every other one is the first output's file.
    const second = await write('second', 'Lysozyme, corrected', true);
    const fresh = await write('fresh', 'Lysozyme, corrected', false);
    expect(second).toEqual(fresh);
    for (const file of [...shardFiles, 'meta.json']) {
      expect((await readFile(path.join(root, 'second', 'search-ids', file))).equals(await readFile(path.join(root, 'fresh', 'search-ids', file))), file).toBe(true);
    }
    const changed = shardName('1lyz', first.shards);
    for (const file of shardFiles) {
      if (file === changed) expect(await inode('second', file)).not.toBe(await inode('first', file));
      else expect(await inode('second', file), file).toBe(await inode('first', file));
    }
    expect(await lookup(path.join(root, 'second'), '1lyz')).toEqual([['pdb', '/doi/10.5072/a/', 'Lysozyme, corrected', 'PDB 1LYZ']]);
    // The shard no build uses any more is pruned.
    expect(await readdir(path.join(cacheDir, LOOKUP_SHARDS_DIR))).toHaveLength(shardFiles.length);

    // A kept shard of the wrong size (damaged) is not used: the shard is built again.
    const [victim] = (await readdir(path.join(cacheDir, LOOKUP_SHARDS_DIR))).sort();
    await writeFile(path.join(cacheDir, LOOKUP_SHARDS_DIR, victim), '{}');
    await write('third', 'Lysozyme, corrected', true);
    for (const file of shardFiles) {
      expect((await readFile(path.join(root, 'third', 'search-ids', file))).equals(await readFile(path.join(root, 'fresh', 'search-ids', file))), file).toBe(true);
    }
  });
});
