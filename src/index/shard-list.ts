/**
 * The list of search shards the index stage writes at `pagefind/shards.json` and the search
 * page reads before anything else of the index (src/index/search-shards.ts says what a shard
 * is), and the default shard size the site config names. Kept apart from the sharding code so
 * the browser bundle and the config import no Node module.
 */

/** Landing pages per shard, on average: 13 shards at 10,000 records, whose metadata a first search fetches (107 KB in all). */
export const DEFAULT_SHARD_PAGES = 1000;

export const SHARDS_FILE = 'shards.json';
export const SHARDS_FORMAT = 1;

export interface ShardManifest {
  format: number;
  /** Oldest first. */
  shards: ShardEntry[];
}

export interface ShardEntry {
  /** The shard's folder under `pagefind/`, named by a hash of its first page's URL. */
  name: string;
  pages: number;
  /** Release dates of its oldest and newest page. */
  from: string;
  to: string;
}
