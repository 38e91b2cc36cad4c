/**
 * The search page: pagefind's JS API with our own accessible UI (labelled filters, result
 * counts announced as status messages, state kept in the URL so results can be shared).
 * pagefind (JS + WebAssembly) loads only here, on first use. The facets' counts come from
 * the small file the index stage writes (src/index/filter-counts.ts), not from pagefind's
 * `filters()`, which fetches every filter chunk: pagefind fetches a filter's chunk only
 * when a search selects one of its values.
 *
 * The index comes in shards, runs of the experiments in release order (src/index/search-shards.ts),
 * listed oldest first in `/pagefind/shards.json`. The newest is loaded as pagefind's primary
 * index and the others are merged into it, sharing its WebAssembly. Each shard is searched
 * alone (every shard carries a filter naming it), not as pagefind's one merged search:
 * pagefind scores a sorted result by its place in its own shard, so sorted answers are
 * joined in shard order instead; and a shard lacking one of the query's words answers
 * without it, so such an answer is dropped (searchAll). Ranked answers merge by score.
 */
import { excerptNodes } from './excerpt.ts';
import { hitText, lookupIdentifier, type ExactHits } from './search-ids.ts';
import { correctedQueries, joinedQuery, joinedWordsQueries, matchedWords, queryWords, rankedByWords, spacedQuery, typedWordsHeld, unmatchedWords } from './search-match.ts';
import { parseQuery } from './search-query.ts';
import { foldAccents, querySpellings, umlautsFoldedQuery } from '../index/spellings.ts';
import { NAME_WEIGHT } from '../index/name-forms.ts';
import { numberedNames, numberedQuery } from '../index/numbered-names.ts';
import { spaceGroupQuery } from '../index/space-groups.ts';
import type { LookupHit } from '../index/lookup-key.ts';
import { FILTER_COUNTS_FILE, type FilterCounts } from '../index/filter-counts.ts';
import { SHARDS_FILE, type ShardEntry, type ShardManifest } from '../index/shard-list.ts';

interface ResultData {
  url: string;
  meta: Record<string, string>;
  excerpt: string;
  content: string;
  locations: number[];
  weighted_locations?: Array<{ weight: number; location: number }>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<ResultData>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(path: string, o: Record<string, unknown>): Promise<void>;
  search(q: string | null, o: Record<string, unknown>): Promise<{ results: PagefindResult[] } | null>;
}

/** The synthetic filter naming each shard (pagefind's `mergeFilter`); not a facet. */
const SHARD_FILTER = 'shard';
const PAGEFIND_OPTIONS = { excerptLength: 24 };

async function shardList(): Promise<ShardEntry[]> {
  const response = await fetch(`/pagefind/${SHARDS_FILE}`);
  if (!response.ok) throw new Error(`the search index's shard list answered ${response.status}`);
  return ((await response.json()) as ShardManifest).shards;
}

/** pagefind with every shard merged in, the newest as its primary index. */
async function loadShards(shards: readonly ShardEntry[]): Promise<Pagefind> {
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

type SearchOptions = { filters: Record<string, { any: string[] }>; sort?: { released: 'asc' | 'desc' } };

/** Each shard's answer, oldest shard first (one answer when the index is one shard). */
async function searchEach(pagefind: Pagefind, shards: readonly ShardEntry[], query: string | null, options: SearchOptions): Promise<PagefindResult[][]> {
  if (shards.length < 2) return [(await pagefind.search(query, options))?.results ?? []];
  return Promise.all(
    shards.map(async (shard) => (await pagefind.search(query, { ...options, filters: { ...options.filters, [SHARD_FILTER]: { any: [shard.name] } } }))?.results ?? []),
  );
}

// By result, not by page: a result's matched locations are its own search's.
const loaded = new WeakMap<PagefindResult, Promise<ResultData>>();

/** A result's data, read once however often the checks, the ranking and the list ask for it. */
function dataOf(result: PagefindResult): Promise<ResultData> {
  const data = loaded.get(result) ?? result.data();
  loaded.set(result, data);
  return data;
}

/** Query words the result's matched words do not account for (pagefind's short-prefix fallback, or a word its shard lacks). */
async function unmatchedIn(query: string, result: PagefindResult): Promise<string[]> {
  const best = await dataOf(result);
  return unmatchedWords(query, matchedWords(best.content, best.locations ?? []));
}

/** The answers as one list: sorted ones joined in shard order, ranked ones merged by score as pagefind merges indexes. */
function joined(answers: PagefindResult[][], options: SearchOptions): PagefindResult[] {
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
async function searchAll(pagefind: Pagefind, shards: readonly ShardEntry[], query: string, options: SearchOptions): Promise<{ results: PagefindResult[]; missing: string[] }> {
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
async function searchMost(pagefind: Pagefind, shards: readonly ShardEntry[], query: string, options: SearchOptions): Promise<{ results: PagefindResult[]; either: boolean }> {
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
async function withoutExcluded(pagefind: Pagefind, shards: readonly ShardEntry[], results: PagefindResult[], excluded: string[], options: SearchOptions): Promise<PagefindResult[]> {
  const left = new Set<string>();
  for (const words of excluded) {
    const found = await searchAll(pagefind, shards, words, { filters: options.filters });
    if (!found.missing.length) for (const r of found.results) left.add(r.id);
  }
  return results.filter((r) => !left.has(r.id));
}

/**
 * A query with accents or special letters also finds the records that write its words
 * without them: "Müller" finds Müller, Muller and Mueller, "Strauß" finds Strauss
 * (src/index/spellings.ts). The typed query's results come first, then those its other
 * spellings add. The index keeps the other spellings of its own words, so a query in plain
 * letters ("Mueller") finds "Müller" without this. A list sorted by date stays one
 * pagefind answer (joining two would break its order): the other spellings stand in for
 * the typed query only when it found nothing.
 */
async function withSpellings(pagefind: Pagefind, shards: readonly ShardEntry[], found: { results: PagefindResult[]; missing: string[] }, text: string, options: SearchOptions) {
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
 * index keeps for all ("petra3", "p43212": src/index/numbered-names.ts, space-groups.ts).
 * Where the query names it as a record would (a space group, or a numbered name in capitals
 * or after a noun science numbers), those records are the answer: the typed words alone would
 * find photosystem I for "photosystem 2" by any "2" on its page. A looser name ("petra 3",
 * "sample 2") leads with them and keeps the typed query's results, or, in a list sorted by
 * date, which stays one answer as in withSpellings, stands in only when the typed query missed.
 */
async function withJoinedForms(pagefind: Pagefind, shards: readonly ShardEntry[], found: { results: PagefindResult[]; missing: string[] }, text: string, options: SearchOptions) {
  const named = spaceGroupQuery(numberedQuery(text));
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
async function withFoldedNames(pagefind: Pagefind, shards: readonly ShardEntry[], found: { results: PagefindResult[]; missing: string[] }, text: string, options: SearchOptions) {
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

const PAGE = 10;

/**
 * Ranked results with those holding the query's words as typed first: pagefind scores by
 * stems and prefixes, so "crystallized lysozyme" ranks a record of "multi-crystal lysozyme"
 * above the one that says "crystallized", and "EIGER X 16M" one with an "EIGER2 XE 16M"
 * above the one with that detector. The records holding the words as a phrase come first
 * (pagefind's phrase search, over every result), then, within the first page, whose data is
 * read to be shown anyway, those holding more of the words as typed (typedWordsHeld).
 */
async function typedFirst(pagefind: Pagefind, shards: readonly ShardEntry[], results: PagefindResult[], text: string, options: SearchOptions): Promise<PagefindResult[]> {
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

const FILTER_LABELS: Record<string, string> = {
  facility: 'Facility',
  beamline: 'Beamline',
  technique: 'Technique',
  year: 'Release year',
  licence: 'Licence',
  'resource type': 'Resource type',
  detector: 'Detector',
  wavelength: 'X-ray wavelength',
  'hit rate': 'Hit rate',
};

/** What an exact hit counts, so the status names it ("2 files named …", "1 experiment with PDB entry …"). */
function exactStatus({ hits, total: n }: ExactHits, query: string): string {
  // A name or identifier on more pages than the lookup keeps: the count is of them all, the list of some.
  const listed = n > hits.length ? ` ${hits.length} are listed.` : '';
  if (hits.every((h) => h[0] === 'file')) return `${n} ${n === 1 ? 'file' : 'files'} named ${query}.${listed}`;
  return `${n} ${n === 1 ? 'experiment carries' : 'experiments carry'} the identifier ${query}.${listed}`;
}

async function filterCounts(): Promise<FilterCounts> {
  try {
    const response = await fetch(`/${FILTER_COUNTS_FILE}`);
    return response.ok ? ((await response.json()) as FilterCounts) : {};
  } catch {
    return {};
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

export async function initSearch(root: HTMLElement): Promise<void> {
  root.hidden = false;
  const form = root.querySelector<HTMLFormElement>('[data-search-app-form]')!;
  const input = form.querySelector<HTMLInputElement>('input[name=q]')!;
  const sort = form.querySelector<HTMLSelectElement>('select[name=sort]')!;
  const filtersBox = root.querySelector<HTMLElement>('[data-search-filters]')!;
  const status = root.querySelector<HTMLElement>('[data-search-status]')!;
  const list = root.querySelector<HTMLOListElement>('[data-search-results]')!;
  const more = root.querySelector<HTMLButtonElement>('[data-search-more]')!;

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  sort.value = params.get('sort') ?? 'relevance';
  const selected = new Map<string, Set<string>>();
  for (const [key, value] of params) if (key.startsWith('f.')) selected.set(key.slice(2), (selected.get(key.slice(2)) ?? new Set()).add(value));

  // Listen before the index loads: a submit in the meantime must not become a form
  // submission (the CSP forbids those); it runs once the index is ready.
  let ready: (() => Promise<void>) | null = null;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (ready) void ready();
  });
  status.textContent = 'Loading the search index…';
  const counts = filterCounts();
  let shards: ShardEntry[];
  let pagefind: Pagefind;
  try {
    shards = await shardList();
    pagefind = await loadShards(shards);
  } catch {
    // A reader is told, not left with "Loading…" for ever; the browse pages need no index.
    status.textContent = 'The search index could not be loaded. Try again later, or browse the experiments.';
    return;
  }

  function showFilters(available: FilterCounts): void {
    for (const [name, values] of Object.entries(available)) {
      const fieldset = el('fieldset', {}, el('legend', { textContent: FILTER_LABELS[name] ?? name }));
      for (const [value, count] of Object.entries(values).sort(([a], [b]) => a.localeCompare(b))) {
        const id = `f-${name}-${value}`.replace(/[^a-zA-Z0-9_-]/g, '_');
        const box = el('input', { type: 'checkbox', id, value, checked: selected.get(name)?.has(value) ?? false });
        box.dataset.filter = name;
        box.addEventListener('change', () => {
          const set = selected.get(name) ?? new Set<string>();
          if (box.checked) set.add(value);
          else set.delete(value);
          selected.set(name, set);
          void run();
        });
        fieldset.append(el('div', { className: 'filter-option' }, box, el('label', { htmlFor: id, textContent: `${value} (${count})` })));
      }
      filtersBox.append(fieldset);
    }
  }

  let results: PagefindResult[] = [];
  let shown = 0;
  // Each run takes a number; a run that a newer one overtook (a submit while the first
  // results load, a filter ticked mid-search) drops its answer instead of writing over it.
  let latest = 0;

  async function showMore(): Promise<void> {
    const from = results;
    const batch = from.slice(shown, shown + PAGE);
    const data = await Promise.all(batch.map(dataOf));
    // A newer run replaced the list while these loaded.
    if (from !== results) return;
    for (const d of data) {
      // The title is the record's, in its language: dir=auto reads an Arabic or Hebrew one right to left.
      const item = el(
        'li',
        {},
        el('h3', { dir: 'auto' }, el('a', { href: d.url, textContent: d.meta.title ?? d.url })),
        el('p', { className: 'small muted', textContent: [d.meta.creators, d.meta.released, d.meta.doi && `doi:${d.meta.doi}`].filter(Boolean).join(' · ') }),
        el('p', {}, ...excerptNodes(d.excerpt)),
      );
      list.append(item);
    }
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  function showExact(hits: LookupHit[]): void {
    for (const hit of hits) {
      const [, url, title] = hit;
      list.append(el('li', {}, el('h3', { dir: 'auto' }, el('a', { href: url, textContent: title })), el('p', { className: 'small muted', textContent: hitText(hit) })));
    }
    more.hidden = true;
  }

  async function run(): Promise<void> {
    const mine = ++latest;
    const current = () => mine === latest;
    status.textContent = 'Searching…';
    const query = input.value.trim();
    // "lysozyme -insulin": the words searched for, and those whose records are left out.
    const { text, excluded } = parseQuery(query);
    const filters: Record<string, { any: string[] }> = {};
    for (const [name, set] of selected) if (set.size) filters[name] = { any: [...set] };
    const filtered = Object.keys(filters).length > 0;
    const order = sort.value;
    const options: SearchOptions = { filters };
    if (order === 'newest' || (order === 'relevance' && !text)) options.sort = { released: 'desc' };
    if (order === 'oldest') options.sort = { released: 'asc' };
    // An identifier lands on the pages that carry it, ahead of (and instead of) ranked matches on its parts.
    const exact: ExactHits = text && !filtered && !excluded.length ? await lookupIdentifier(text) : { hits: [], total: 0 };
    let found = exact.hits.length ? { results: [], missing: [] as string[] } : await searchAll(pagefind, shards, text, options);
    // The query as it found its results ("1.1 A" for "1.1A"): the words the ranking looks for as typed.
    let searched = text;
    // "Proteinase-K" for a record that writes "Proteinase K", "BM 05" for BM05, "de sanctis" for
    // Desanctis: the words apart or together, before any spelling correction.
    const tryOthers = !exact.hits.length && (found.missing.length > 0 || !found.results.length);
    // "cryo-cooled" for a record that writes "cryocooled": the words parted, then joined.
    for (const other of tryOthers ? [spacedQuery(text), joinedQuery(text), ...joinedWordsQueries(text), ...joinedWordsQueries(spacedQuery(text))] : []) {
      if (other === text) continue;
      const retry = await searchAll(pagefind, shards, other, options);
      if (retry.results.length && !retry.missing.length) {
        found = retry;
        searched = other;
        break;
      }
    }
    if (!exact.hits.length) {
      found = await withSpellings(pagefind, shards, found, text, options);
      found = await withFoldedNames(pagefind, shards, found, text, options);
      found = await withJoinedForms(pagefind, shards, found, text, options);
    }
    results = found.results;
    const missing = found.missing;
    let closeTo = false;
    if (missing.length) {
      results = [];
      for (const corrected of correctedQueries(text, missing)) {
        const retry = joined(await searchEach(pagefind, shards, corrected, options), options);
        // Candidates share a prefix with the misspelt word; keep those a slip away from it.
        const candidates = retry.slice(0, 2 * PAGE);
        const verdicts = await Promise.all(candidates.map(async (r) => (await unmatchedIn(text, r)).length === 0));
        const kept = candidates.filter((_, i) => verdicts[i]);
        if (kept.length) {
          results = kept;
          closeTo = true;
          break;
        }
      }
    }
    // No record holds every word of a sentence-like query: those holding most of them, said so.
    let most = false;
    if (!results.length && !exact.hits.length && !options.sort && !closeTo) {
      const some = await searchMost(pagefind, shards, text, options);
      results = some.results;
      most = results.length > 0 && !some.either;
    }
    if (excluded.length) results = await withoutExcluded(pagefind, shards, results, excluded, options);
    if (!most) results = await typedFirst(pagefind, shards, results, searched, options);
    if (!current()) return;
    shown = 0;
    list.replaceChildren();
    const next = new URLSearchParams();
    if (query) next.set('q', query);
    if (order !== 'relevance') next.set('sort', order);
    for (const [name, set] of selected) for (const v of set) next.append(`f.${name}`, v);
    history.replaceState(null, '', `${location.pathname}${next.size ? `?${next}` : ''}`);
    // Results first, then the status: the announcement (and a test waiting for it) comes with the list in place.
    if (exact.hits.length) {
      showExact(exact.hits);
      status.textContent = exactStatus(exact, query);
      return;
    }
    await showMore();
    if (!current()) return;
    const n = results.length;
    const quoted = missing.map((w) => `“${w}”`).join(' or ');
    const without = excluded.length ? ` without ${excluded.map((w) => `“${w}”`).join(' or ')}` : '';
    status.textContent =
      n > 0 && most
        ? `No experiment contains every word; ${n} ${n === 1 ? 'experiment contains' : 'experiments contain'} most of them.`
        : n > 0
        ? `${n} ${n === 1 ? 'experiment' : 'experiments'} found${without}${closeTo ? ` with words close to ${quoted}` : ''}.`
        : missing.length
          ? `No experiment contains ${quoted}. Check the spelling or try other words.`
          : 'No experiments match. Try fewer words or filters.';
  }

  ready = run;
  sort.addEventListener('change', () => void run());
  more.addEventListener('click', () => void showMore());
  // Facets before results, as the column above them on a phone: results never move down.
  showFilters(await counts);
  await run();
}
