import { describe, expect, test } from 'vitest';
import { shardDocuments } from '../../../src/index/search-shards.ts';

/** `n` documents released over a few years, in no particular order. */
function documents(n: number, seed = 1): Array<{ url: string; released: string }> {
  return Array.from({ length: n }, (_, i) => {
    const day = (i * 7919 + seed) % 1500;
    const date = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    return { url: `/doi/10.5072/shard-${seed}-${i}/`, released: date };
  });
}

const key = (d: { url: string; released: string }) => `${d.released} ${d.url}`;
const urls = (shard: Array<{ url: string }>) => shard.map((d) => d.url).join('\n');

describe('search shards', () => {
  test('are runs of the pages in release order, between a quarter and four times the average long', () => {
    const docs = documents(5000);
    const shards = shardDocuments(docs, 200);
    expect(shards.flat().map(key)).toEqual(docs.map(key).sort());
    expect(shards.length).toBeGreaterThan(8);
    expect(shards.length).toBeLessThan(80);
    for (const shard of shards.slice(0, -1)) {
      expect(shard.length).toBeGreaterThanOrEqual(50);
      expect(shard.length).toBeLessThanOrEqual(800);
    }
    for (let i = 1; i < shards.length; i++) expect(shards[i - 1].at(-1)!.released <= shards[i][0].released).toBe(true);
  });

  test('a page added, changed or removed changes its own shard and no other', () => {
    const docs = documents(3000, 7);
    const before = shardDocuments(docs, 100).map(urls);
    const changed = (after: string[]) => after.filter((shard) => !before.includes(shard)).length;

    // The newest record joins the last shard.
    const newest = shardDocuments([...docs, { url: '/doi/10.5072/new/', released: '2030-01-01' }], 100).map(urls);
    expect(changed(newest)).toBe(1);
    expect(newest.at(-1)).toContain('/doi/10.5072/new/');

    // A record from the middle is withdrawn.
    const middle = docs.toSorted((a, b) => (key(a) < key(b) ? -1 : 1))[1500];
    const withdrawn = shardDocuments(
      docs.filter((d) => d !== middle),
      100,
    ).map(urls);
    expect(changed(withdrawn)).toBeLessThanOrEqual(2);
    expect(withdrawn.length).toBeGreaterThanOrEqual(before.length - 1);

    // A record keeps its place when its other words change: the same shards.
    expect(shardDocuments(docs.toReversed(), 100).map(urls)).toEqual(before);
  });

  test('none for no pages; one for fewer than the average', () => {
    expect(shardDocuments([], 100)).toEqual([]);
    expect(shardDocuments(documents(10), 1000)).toHaveLength(1);
  });
});
