/**
 * Browsing without search: every list a reader can walk as plain HTML pages.
 * - /experiments/ — all public experiments, newest release first (/experiments/oldest/ the other way), paginated;
 * - /browse/<facet>/<value>/ — one page per facet value (facility, beamline, technique, year,
 *   detector, wavelength band, hit-rate band: every search filter), paginated;
 * - /pdb/<id>/ — the experiments referencing one PDB entry (src/model/pdb-index.ts).
 * The models are staged as JSON (one file per page) with a route table the Astro pages read.
 */
import { browseFacets, browseLists, byRelease, recordCard, type BrowseFacet, type FacetValue, type RecordCard, type RecordSummary } from './site.ts';
import { formatCount } from './format.ts';
import { pdbPages, type PdbPageModel } from './pdb-index.ts';

/** Records per list page: enough to scan, few enough that a page stays light on a phone. */
export const RECORDS_PER_PAGE = 50;

export interface PaginationModel {
  page: number;
  pageCount: number;
  /** First, last and up to two either side of the current page. */
  pages: Array<{ page: number; path: string }>;
  prevPath: string | null;
  nextPath: string | null;
}

export interface ListPageModel {
  path: string;
  title: string;
  /** "Experiments 51–100 of 1,234, newest release first." */
  summaryText: string;
  breadcrumb: Array<{ label: string; path: string }>;
  /** Other orders of the same list (release date newest/oldest). */
  orders: Array<{ label: string; path: string; current: boolean }>;
  records: RecordCard[];
  pagination: PaginationModel;
}

/** `/experiments/`, `/experiments/page/2/`. */
export function pagePath(base: string, page: number): string {
  return page === 1 ? base : `${base}page/${page}/`;
}

function pagination(base: string, page: number, pageCount: number): PaginationModel {
  const shown = new Set([1, pageCount]);
  for (let n = Math.max(1, page - 2); n <= Math.min(pageCount, page + 2); n++) shown.add(n);
  return {
    page,
    pageCount,
    pages: [...shown].sort((a, b) => a - b).map((n) => ({ page: n, path: pagePath(base, n) })),
    prevPath: page > 1 ? pagePath(base, page - 1) : null,
    nextPath: page < pageCount ? pagePath(base, page + 1) : null,
  };
}

function rangeText(noun: string, page: number, total: number): string {
  if (total === 0) return `No ${noun}s yet.`;
  const first = (page - 1) * RECORDS_PER_PAGE + 1;
  const last = Math.min(total, page * RECORDS_PER_PAGE);
  const plural = total === 1 ? noun : `${noun}s`;
  return first === 1 && last === total ? `${formatCount(total)} ${plural}` : `${noun[0].toUpperCase()}${noun.slice(1)}s ${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`;
}

/** Splits a sorted list into page models under `base`. */
function listPages(
  base: string,
  records: RecordSummary[],
  make: (page: number, records: RecordCard[], pagination: PaginationModel) => ListPageModel,
): ListPageModel[] {
  const pageCount = Math.max(1, Math.ceil(records.length / RECORDS_PER_PAGE));
  return Array.from({ length: pageCount }, (_, i) =>
    make(i + 1, records.slice(i * RECORDS_PER_PAGE, (i + 1) * RECORDS_PER_PAGE).map(recordCard), pagination(base, i + 1, pageCount)),
  );
}

export const EXPERIMENTS_PATH = '/experiments/';
export const EXPERIMENTS_OLDEST_PATH = '/experiments/oldest/';

/** All public experiments, in both release orders. */
export function experimentPages(summaries: RecordSummary[]): ListPageModel[] {
  const newest = [...summaries].sort(byRelease);
  const orders = (current: 'newest' | 'oldest') => [
    { label: 'Newest release first', path: EXPERIMENTS_PATH, current: current === 'newest' },
    { label: 'Oldest release first', path: EXPERIMENTS_OLDEST_PATH, current: current === 'oldest' },
  ];
  const make = (order: 'newest' | 'oldest', base: string) => (page: number, records: RecordCard[], p: PaginationModel): ListPageModel => ({
    path: pagePath(base, page),
    title: page === 1 ? 'All experiments' : `All experiments, page ${page}`,
    summaryText: `${rangeText('experiment', page, summaries.length)}, ${order} release first.`,
    breadcrumb: [{ label: 'Browse', path: '/browse/' }],
    orders: orders(order),
    records,
    pagination: p,
  });
  return [...listPages(EXPERIMENTS_PATH, newest, make('newest', EXPERIMENTS_PATH)), ...listPages(EXPERIMENTS_OLDEST_PATH, [...newest].reverse(), make('oldest', EXPERIMENTS_OLDEST_PATH))];
}

/** The pages of one facet value, from its records (browseLists), newest release first. */
export function facetValuePages(records: RecordSummary[], facet: BrowseFacet, value: FacetValue): ListPageModel[] {
  return listPages(value.path, records, (page, records, p) => ({
    path: pagePath(value.path, page),
    title: `${facet.label}: ${value.value}${page > 1 ? `, page ${page}` : ''}`,
    summaryText: `${rangeText('experiment', page, value.count)}, newest release first.`,
    breadcrumb: [
      { label: 'Browse', path: '/browse/' },
      { label: facet.label, path: `/browse/#facet-${facet.id}` },
    ],
    orders: [],
    records,
    pagination: p,
  }));
}

/** What the renderer needs to route every browse page to its staged model. */
export interface BrowseRoutes {
  /** Path (with slashes) → staged model file, for list pages (experiments and facet values). */
  lists: Array<{ path: string; model: string; digest?: string }>;
  /** `id` is the path segment (lower case); `label` the canonical form shown (`1LYZ`). */
  pdb: Array<{ id: string; label: string; path: string; model: string; digest?: string }>;
  // digest: SHA-256 of the model file's bytes, added when it is written (src/build/stage-browse.ts), as StagedPage.digest.
}

export interface BrowseStage {
  routes: BrowseRoutes;
  files: Array<{ model: string; data: ListPageModel | PdbPageModel }>;
}

/** Model file for a page path: `/browse/year/2024/page/2/` → `browse/browse/year/2024/page/2.json`. */
function modelFile(pagePathText: string): string {
  return `browse${pagePathText.replace(/\/$/, '')}.json`;
}

/** Every browse, experiment-list and PDB page model of the site, with their routes. */
export function browseStage(summaries: RecordSummary[]): BrowseStage {
  const byValue = browseLists(summaries);
  const lists = [...experimentPages(summaries), ...browseFacets(summaries).flatMap((f) => f.values.flatMap((v) => facetValuePages(byValue.get(f.id)?.get(v.slug) ?? [], f, v)))];
  const pdb = pdbPages(summaries);
  return {
    routes: {
      lists: lists.map((l) => ({ path: l.path, model: modelFile(l.path) })),
      pdb: pdb.map((p) => ({ id: p.path.split('/')[2], label: p.id, path: p.path, model: modelFile(p.path) })),
    },
    files: [...lists.map((l) => ({ model: modelFile(l.path), data: l })), ...pdb.map((p) => ({ model: modelFile(p.path), data: p }))],
  };
}
