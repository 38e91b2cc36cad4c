/**
 * The other forms a query is searched in beside the words as typed, and the order its
 * results are shown in: its words' other spellings (src/index/spellings.ts), its names with
 * an umlaut spelt out folded as the index folds them, its numbered names and space groups in
 * the one form the index keeps for each (src/index/numbered-names.ts, space-groups.ts), and
 * the records holding the query as typed before those matching it by stem or prefix.
 */
import { dataOf, searchAll, type Pagefind, type PagefindResult, type SearchOptions } from './pagefind-shards.ts';
import { queryWords, typedWordsHeld } from './search-match.ts';
import { foldAccents, querySpellings, umlautsFoldedQuery } from '../index/spellings.ts';
import { NAME_WEIGHT } from '../index/name-forms.ts';
import { numberedNames, numberedQuery } from '../index/numbered-names.ts';
import { spaceGroupQuery } from '../index/space-groups.ts';
import { beamlineQuery } from '../index/instrument-names.ts';
import type { ShardEntry } from '../index/shard-list.ts';

/**
 * A query with accents or special letters also finds the records that write its words
 * without them: "Müller" finds Müller, Muller and Mueller, "Strauß" finds Strauss
 * (src/index/spellings.ts). The typed query's results come first, then those its other
 * spellings add. The index keeps the other spellings of its own words, so a query in plain
 * letters ("Mueller") finds "Müller" without this. A list sorted by date stays one
 * pagefind answer (joining two would break its order): the other spellings stand in for
 * the typed query only when it found nothing.
 */
export async function withSpellings(pagefind: Pagefind, shards: readonly ShardEntry[], found: { results: PagefindResult[]; missing: string[] }, text: string, options: SearchOptions) {
  const spellings = querySpellings(text);
  if (!spellings.length || (options.sort && !found.missing.length)) return found;
  let matched = !found.missing.length;
  const merged = matched ? [...found.results] : [];
  const seen = new Set(merged.map((r) => r.id));
  for (const other of spellings) {
    const more = await searchAll(pagefind, shards, other, options);
    if (more.missing.length || !more.results.length) continue;
    matched = true;
    for (const r of more.results) if (!seen.has(r.id) && seen.add(r.id)) merged.push(r);
    if (options.sort) break;
  }
  return matched ? { results: merged, missing: [] } : found;
}

/**
 * A query naming something numbered ("PETRA 3", "photosystem II", "NSLS 2") or a space group
 * ("P 43 21 2", "P2(1)2(1)2(1)") finds the records that write it any way, by the one form the
 * index keeps for all ("petra3", "p43212": src/index/numbered-names.ts, space-groups.ts), and
 * a beamline after its facility's "BL" ("BL8.2.1") by "beamline 8.2.1" (instrument-names.ts).
 * Where the query names it as a record would (a space group, or a numbered name in capitals
 * or after a noun science numbers), those records are the answer: the typed words alone would
 * find photosystem I for "photosystem 2" by any "2" on its page. A looser name ("petra 3",
 * "sample 2") leads with them and keeps the typed query's results, or, in a list sorted by
 * date, which stays one answer as in withSpellings, stands in only when the typed query missed.
 */
export async function withJoinedForms(pagefind: Pagefind, shards: readonly ShardEntry[], found: { results: PagefindResult[]; missing: string[] }, text: string, options: SearchOptions) {
  const named = beamlineQuery(spaceGroupQuery(numberedQuery(text)));
  if (named === text) return found;
  const strict = numberedNames(text).length > 0 || spaceGroupQuery(text) !== text;
  if (!strict && options.sort && !found.missing.length) return found;
  const more = await searchAll(pagefind, shards, named, options);
  // A joined form no record holds: what the typed words found is no answer either.
  const joinedMissing = more.missing.length > 0 && more.missing.every((w) => !queryWords(text).includes(w));
  if (strict && (joinedMissing || !more.results.length)) return { results: [], missing: [] };
  if (more.missing.length || !more.results.length) return found;
  if (strict) return { results: more.results, missing: [] };
  const ids = new Set(more.results.map((r) => r.id));
  return { results: [...more.results, ...(found.missing.length ? [] : found.results.filter((r) => !ids.has(r.id)))], missing: [] };
}

/** Whether the result matched one of `names` as a person's name (at NAME_WEIGHT, where the index writes names). */
async function matchedAsName(result: PagefindResult, names: string[]): Promise<boolean> {
  const { content, weighted_locations: matched = [] } = await dataOf(result);
  const words = content.split(/\s+/);
  return matched.some(
    ({ weight, location }) => Math.abs(weight - NAME_WEIGHT) < 0.01 && foldAccents(words[location] ?? '').split(/[^\p{L}\p{N}]+/u).some((w) => names.includes(w)),
  );
}

/**
 * "Mueller" also finds a record of Muller (and Müller, which pagefind reads as "muller"): a
 * query word that spells an umlaut out is searched as the index folds a name that does
 * (src/index/spellings.ts umlautsFolded), and what that finds is kept only where it matched a
 * person's name, so "poem" never finds a "POM" in a title. The typed query's results come
 * first; in a list sorted by date, the folded query stands in only when the typed one missed.
 */
export async function withFoldedNames(pagefind: Pagefind, shards: readonly ShardEntry[], found: { results: PagefindResult[]; missing: string[] }, text: string, options: SearchOptions) {
  const folded = umlautsFoldedQuery(text);
  if (!folded.folded.length || (options.sort && !found.missing.length)) return found;
  const more = await searchAll(pagefind, shards, folded.text, options);
  if (more.missing.length) return found;
  const candidates = more.results.slice(0, 2 * PAGE);
  const names = await Promise.all(candidates.map((r) => matchedAsName(r, folded.folded)));
  const kept = candidates.filter((_, i) => names[i]);
  if (!kept.length) return found;
  if (found.missing.length) return { results: kept, missing: [] };
  const ids = new Set(found.results.map((r) => r.id));
  return { results: [...found.results, ...kept.filter((r) => !ids.has(r.id))], missing: [] };
}

/** Results a page of the list shows. */
export const PAGE = 10;

/**
 * Ranked results with those holding the query's words as typed first: pagefind scores by
 * stems and prefixes, so "crystallized lysozyme" ranks a record of "multi-crystal lysozyme"
 * above the one that says "crystallized", and "EIGER X 16M" one with an "EIGER2 XE 16M"
 * above the one with that detector. The records holding the words as a phrase come first
 * (pagefind's phrase search, over every result), then, within the first page, whose data is
 * read to be shown anyway, those holding more of the words as typed (typedWordsHeld).
 */
export async function typedFirst(pagefind: Pagefind, shards: readonly ShardEntry[], results: PagefindResult[], text: string, options: SearchOptions): Promise<PagefindResult[]> {
  if (options.sort || results.length < 2 || !text) return results;
  let ordered = results;
  if (queryWords(text).length > 1 && !text.includes('"')) {
    const phrase = await searchAll(pagefind, shards, `"${text}"`, options);
    const ids = new Set(phrase.missing.length ? [] : phrase.results.map((r) => r.id));
    ordered = [...results.filter((r) => ids.has(r.id)), ...results.filter((r) => !ids.has(r.id))];
  }
  const first = ordered.slice(0, PAGE);
  // "PETRA 3" is held whole by a record of "PETRA III", which the index also writes "petra3" (and "P 43 21 2" by one of "P4₃2₁2").
  const held = await Promise.all(
    first.map(async (r) => {
      const { content } = await dataOf(r);
      return Math.max(typedWordsHeld(text, content), typedWordsHeld(spaceGroupQuery(numberedQuery(text)), content));
    }),
  );
  const order = first.map((r, i) => ({ r, i, held: held[i] })).sort((a, b) => b.held - a.held || a.i - b.i);
  return [...order.map((o) => o.r), ...ordered.slice(PAGE)];
}
