/**
 * The search page: pagefind's JS API with our own accessible UI (labelled filters, result
 * counts announced as status messages, state kept in the URL so results can be shared).
 * pagefind (JS + WebAssembly) loads only here, on first use. The facets' counts come from
 * the small file the index stage writes (src/index/filter-counts.ts), not from pagefind's
 * `filters()`, which fetches every filter chunk: pagefind fetches a filter's chunk only
 * when a search selects one of its values.
 *
 * The index comes in shards, searched as one (pagefind-shards.ts); a query is also searched
 * in its other forms, and its results ordered, by query-forms.ts.
 */
import { excerptNodes } from './excerpt.ts';
import { hitText, lookupIdentifier, type ExactHits } from './search-ids.ts';
import { correctedQueries, joinedQuery, joinedWordsQueries, spacedQuery } from './search-match.ts';
import { parseQuery } from './search-query.ts';
import { dataOf, joined, loadShards, searchAll, searchEach, searchMost, shardList, unmatchedIn, withoutExcluded, type Pagefind, type PagefindResult, type SearchOptions } from './pagefind-shards.ts';
import { PAGE, typedFirst, withFoldedNames, withJoinedForms, withSpellings } from './query-forms.ts';
import type { LookupHit } from '../index/lookup-key.ts';
import { FILTER_COUNTS_FILE, type FilterCounts } from '../index/filter-counts.ts';
import type { ShardEntry } from '../index/shard-list.ts';

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
    const { text, excluded, years } = parseQuery(query);
    const filters: Record<string, { any: string[] }> = {};
    for (const [name, set] of selected) if (set.size) filters[name] = { any: [...set] };
    // "2019-2021": the years of the range, within those ticked in the filter (none left is no record, not every record).
    if (years) filters.year = { any: filters.year ? filters.year.any.filter((y) => years.includes(y)) : years };
    if (filters.year && !filters.year.any.length) filters.year.any = ['none'];
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
