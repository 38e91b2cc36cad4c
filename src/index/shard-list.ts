/**
 * The list of search shards the index stage writes at `pagefind/shards.json` and the search
 * page reads before anything else of the index (src/index/search-shards.ts says what a shard
 * is). Kept apart from the sharding code so the browser bundle imports no Node module.
 */
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
