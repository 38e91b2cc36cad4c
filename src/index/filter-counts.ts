/**
 * The search page's filter counts ("ESRF (3,412)"), counted at index time from the same
 * values pagefind is given (searchFilters) and written as one small JSON file beside the
 * identifier lookup. pagefind's own `filters()` would fetch every filter chunk to count
 * them — at 10,000 records nine chunks of about 22 KB each, before a first result could be
 * shown; with the counts written here, pagefind fetches a filter's chunk only when a reader
 * selects one of its values. Shared by the build and the browser: pure and dependency-free.
 */
import { LOOKUP_DIR } from './lookup-key.ts';

/** Site path of the counts, under the folder the identifier lookup lives in. */
export const FILTER_COUNTS_FILE = `${LOOKUP_DIR}/filters.json`;

/** Filter name → value → experiments carrying it: the shape of pagefind's `filters()`. */
export type FilterCounts = Record<string, Record<string, number>>;

export class FilterCounter {
  private readonly counts = new Map<string, Map<string, number>>();

  /** One indexed page's filters (each value once per page, as searchFilters gives them). */
  add(filters: Array<[name: string, values: string[]]>): void {
    for (const [name, values] of filters) {
      // Every name is seen on the first page, empty or not, so filters keep searchFilters' order.
      const counts = this.counts.get(name) ?? new Map<string, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      this.counts.set(name, counts);
    }
  }

  /** Filters some page carries, in searchFilters' order; values in code-unit order, so the same catalogue writes the same bytes. */
  toJSON(): FilterCounts {
    const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return Object.fromEntries([...this.counts].filter(([, counts]) => counts.size > 0).map(([name, counts]) => [name, Object.fromEntries([...counts].sort(([a], [b]) => byCodeUnit(a, b)))]));
  }
}
