/**
 * The search index in shards. pagefind has no incremental index: it costs the same (about
 * 20 s of CPU at 10,000 records) whether one document changed or all did. So the landing
 * pages are split into shards of about `average` pages, each its own pagefind bundle kept by
 * the digest of its documents (src/index/pagefind-bundle.ts); a release re-indexes the one
 * shard its record is in and links the others.
 *
 * Shards are runs of the pages in release order, so "newest first" is the shards newest
 * first, each in pagefind's own order (src/client/pagefind-shards.ts). Where a run ends is decided by
 * the pages themselves, not by counting: a shard ends after a page whose URL hashes to 0
 * modulo `average` (content-defined chunking, as rsync and restic cut files). Adding,
 * changing or removing a page therefore moves no boundary but its own: a new record (the
 * newest) lands in the last shard, a withdrawn one leaves its shard, and every other shard
 * keeps its documents, so its digest and its kept bundle. A shard is kept between a quarter
 * and four times `average` pages: shorter runs go on to the next boundary, longer ones are cut.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_SHARD_PAGES } from './shard-list.ts';

export interface ShardedDocument {
  url: string;
  /** The page's release date as search sorts by it (`data-pagefind-sort="released:…"`). */
  released: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a shard may end after the page at `url`: one page in `average`, by a hash of its URL that no edit elsewhere changes. */
function boundary(url: string, average: number): boolean {
  return createHash('sha256').update(url).digest().readUInt32BE(0) % average === 0;
}

/** The documents in release order (ties by URL), cut into shards; none when there are none. */
export function shardDocuments<T extends ShardedDocument>(documents: readonly T[], average = DEFAULT_SHARD_PAGES): T[][] {
  const ordered = [...documents].sort((a, b) => compare(a.released, b.released) || compare(a.url, b.url));
  const least = Math.max(1, Math.floor(average / 4));
  const most = Math.max(least, average * 4);
  const shards: T[][] = [];
  let current: T[] = [];
  for (const document of ordered) {
    current.push(document);
    if ((current.length >= least && boundary(document.url, average)) || current.length >= most) {
      shards.push(current);
      current = [];
    }
  }
  if (current.length) shards.push(current);
  return shards;
}
