/**
 * pagefind's index in shards, searched as one: runs of the experiments in release order
 * (src/index/search-shards.ts), listed oldest first in `/pagefind/shards.json`. The newest
 * is loaded as pagefind's primary index and the others are merged into it, sharing its
 * WebAssembly. Each shard is searched alone (every shard carries a filter naming it), not as
 * pagefind's one merged search: pagefind scores a sorted result by its place in its own
 * shard, so sorted answers are joined in shard order instead; and a shard lacking one of the
 * query's words answers without it, so such an answer is dropped (searchAll). Ranked answers
 * merge by score.
 */
import { matchedWords, queryWords, rankedByWords, unmatchedWords } from './search-match.ts';
import { SHARDS_FILE, type ShardEntry, type ShardManifest } from '../index/shard-list.ts';

export interface ResultData {
  url: string;
  meta: Record<string, string>;
  excerpt: string;
  content: string;
  locations: number[];
  weighted_locations?: Array<{ weight: number; location: number }>;
}
export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<ResultData>;
}
export interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(path: string, o: Record<string, unknown>): Promise<void>;
  search(q: string | null, o: Record<string, unknown>): Promise<{ results: PagefindResult[] } | null>;
}

/** The synthetic filter naming each shard (pagefind's `mergeFilter`); not a facet. */
const SHARD_FILTER = 'shard';
const PAGEFIND_OPTIONS = { excerptLength: 24 };

export async function shardList(): Promise<ShardEntry[]> {
  const response = await fetch(`/pagefind/${SHARDS_FILE}`);
  if (!response.ok) throw new Error(`the search index's shard list answered ${response.status}`);
  return ((await response.json()) as ShardManifest).shards;
}

/** pagefind with every shard merged in, the newest as its primary index. */
export async function loadShards(shards: readonly ShardEntry[]): Promise<Pagefind> {
  const newest = shards.at(-1)!;
  const named = (shard: ShardEntry) => (shards.length > 1 ? { mergeFilter: { [SHARD_FILTER]: shard.name } } : {});
  // A variable path keeps the bundler from resolving the file, which exists only after indexing.
  const bundle = `/pagefind/${newest.name}/pagefind.js`;
  const pagefind = (await import(/* @vite-ignore */ bundle)) as Pagefind;
  await pagefind.options({ ...PAGEFIND_OPTIONS, ...named(newest) });
  await pagefind.init();
  await Promise.all(shards.slice(0, -1).map((shard) => pagefind.mergeIndex(`/pagefind/${shard.name}/`, { ...PAGEFIND_OPTIONS, ...named(shard) })));
  return pagefind;
}

export type SearchOptions = { filters: Record<string, { any: string[] }>; sort?: { released: 'asc' | 'desc' } };

/** Each shard's answer, oldest shard first (one answer when the index is one shard). */
export async function searchEach(pagefind: Pagefind, shards: readonly ShardEntry[], query: string | null, options: SearchOptions): Promise<PagefindResult[][]> {
  if (shards.length < 2) return [(await pagefind.search(query, options))?.results ?? []];
  return Promise.all(
    shards.map(async (shard) => (await pagefind.search(query, { ...options, filters: { ...options.filters, [SHARD_FILTER]: { any: [shard.name] } } }))?.results ?? []),
  );
}

// By result, not by page: a result's matched locations are its own search's.
const loaded = new WeakMap<PagefindResult, Promise<ResultData>>();

/** A result's data, read once however often the checks, the ranking and the list ask for it. */
export function dataOf(result: PagefindResult): Promise<ResultData> {
  const data = loaded.get(result) ?? result.data();
  loaded.set(result, data);
  return data;
}

/** Query words the result's matched words do not account for (pagefind's short-prefix fallback, or a word its shard lacks). */
export async function unmatchedIn(query: string, result: PagefindResult): Promise<string[]> {
  const best = await dataOf(result);
  return unmatchedWords(query, matchedWords(best.content, best.locations ?? []));
}

/** The answers as one list: sorted ones joined in shard order, ranked ones merged by score as pagefind merges indexes. */
export function joined(answers: PagefindResult[][], options: SearchOptions): PagefindResult[] {
  if (answers.length === 1) return answers[0];
  if (options.sort) return (options.sort.released === 'desc' ? [...answers].reverse() : answers).flat();
  return answers.flat().sort((a, b) => b.score - a.score);
}

/**
 * A search over every shard, and the query words its best result does not match. pagefind
 * leaves out a query word that no word of an index holds, so a shard without "serial"
 * would answer "serial crystallography" with all of its crystallography: an answer whose
 * best result misses a word misses it in every result, and is dropped. When every answer
 * misses a word, the fewest missed are the query's (misspelt) words.
 */
export async function searchAll(pagefind: Pagefind, shards: readonly ShardEntry[], query: string, options: SearchOptions): Promise<{ results: PagefindResult[]; missing: string[] }> {
  const answers = (await searchEach(pagefind, shards, query || null, options)).filter((answer) => answer.length);
  if (!query || !answers.length) return { results: joined(answers.length ? answers : [[]], options), missing: [] };
  const misses = await Promise.all(answers.map((answer) => unmatchedIn(query, answer[0])));
  const whole = answers.filter((_, i) => misses[i].length === 0);
  if (whole.length) return { results: joined(whole, options), missing: [] };
  return { results: joined(answers, options), missing: misses.reduce((fewest, m) => (m.length < fewest.length ? m : fewest)) };
}

/**
 * A query that no record holds whole. "a OR b" (as search engines write it) and a list
 * ("lysozyme, thaumatin") are the records of either, best score first. Otherwise, for a
 * query of three words or more, as readers type sentences
 * ("crystal structure of insulin"), the records holding at least half of its words, rarest
 * words first (rankedByWords). Shorter queries are names and identifiers ("MX-9999"), where
 * half a match is no match.
 */
export async function searchMost(pagefind: Pagefind, shards: readonly ShardEntry[], query: string, options: SearchOptions): Promise<{ results: PagefindResult[]; either: boolean }> {
  const alternatives = query
    .split(/\s+OR\s+|\s*[,;]\s*/)
    .map((a) => a.trim())
    .filter(Boolean);
  if (alternatives.length < 2 && query.split(/\s+/).length < 3) return { results: [], either: false };
  // One search after another: pagefind's searches for different words, run at once over merged shards, lost results.
  const each = async (queries: string[]) => {
    const found: Array<Awaited<ReturnType<typeof searchAll>>> = [];
    for (const q of queries) found.push(await searchAll(pagefind, shards, q, options));
    return found;
  };
  if (alternatives.length > 1) {
    const found = await each(alternatives);
    const seen = new Set<string>();
    const results = found
      .flatMap((f) => (f.missing.length ? [] : f.results))
      .sort((a, b) => b.score - a.score)
      .filter((r) => !seen.has(r.id) && seen.add(r.id));
    return { results, either: true };
  }
  const words = [...new Set(queryWords(query))];
  const found = await each(words);
  return { results: rankedByWords(found.map((f) => (f.missing.length ? [] : f.results)), Math.ceil(words.length / 2)), either: false };
}

/**
 * The results without the records holding any excluded word or phrase ("-insulin", "NOT
 * insulin"), as pagefind finds them (an answer to the word that misses it excludes nothing).
 */
export async function withoutExcluded(pagefind: Pagefind, shards: readonly ShardEntry[], results: PagefindResult[], excluded: string[], options: SearchOptions): Promise<PagefindResult[]> {
  const left = new Set<string>();
  for (const words of excluded) {
    const found = await searchAll(pagefind, shards, words, { filters: options.filters });
    if (!found.missing.length) for (const r of found.results) left.add(r.id);
  }
  return results.filter((r) => !left.has(r.id));
}
