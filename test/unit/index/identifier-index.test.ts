import { describe, expect, test } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LookupIndexWriter, MAX_HITS_PER_KEY } from '../../../src/index/identifier-index.ts';
import { shardName, type LookupHit, type LookupMeta } from '../../../src/index/lookup-key.ts';

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
    expect(await lookup(out, 'image_00001.cbf')).toHaveLength(MAX_HITS_PER_KEY);
    expect(await lookup(out, '7xyz')).toEqual([]);
    // The bucket files are gone; only meta.json and the shards are published.
    expect((await readdir(out)).sort()).toEqual(['search-ids']);
  });
});
