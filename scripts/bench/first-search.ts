/**
 * What a first search really fetches (issue 9 point 7): each query is opened as
 * `/search/?q=…` in a fresh Chromium page (empty cache) over a built site, and every
 * response is counted until the network is idle — pagefind's JS, worker and entry file, the
 * WebAssembly, its metadata, the index chunk of each word, the filter chunk of a selected
 * filter, the fragments of the results shown, the identifier lookup and the facet counts.
 * pagefind's files are stored gzipped and count as stored; other text responses count as a
 * host sends them, gzipped. Shared by `npm run bench -- search` and `npm run bench:build`.
 */
import { gzipSync } from 'node:zlib';
import { serveStatic } from '../../test/helpers/static-server.ts';
import { launchBrowser } from '../../test/helpers/browser.ts';

export interface FirstSearchQuery {
  label: string;
  /** The query string of the search page's URL, e.g. `?q=lysozyme&f.facility=ESRF`. */
  search: string;
}

export interface FirstSearch {
  label: string;
  requests: number;
  /** Bytes as sent: pagefind's files as stored (gzip), other text gzipped. */
  bytes: number;
  /** Bytes as stored on disk. */
  stored: number;
  /** Time until the status announced the results. */
  ms: number;
  status: string;
  /** Facets drawn, and how many of their options show a count. */
  facets: number;
  countedOptions: number;
  byKind: Record<string, number>;
}

function kindOf(pathname: string): string {
  const pf = /\.pf_(\w+)$/.exec(pathname)?.[1];
  if (pf) return pf;
  if (pathname.endsWith('/filters.json')) return 'facet counts';
  if (pathname.startsWith('/search-ids/')) return 'identifier lookup';
  if (pathname.startsWith('/pagefind/')) return 'pagefind js/wasm';
  return 'page, css, js';
}

export async function measureFirstSearches(dist: string, queries: FirstSearchQuery[]): Promise<FirstSearch[]> {
  const server = await serveStatic(dist);
  const browser = await launchBrowser();
  const out: FirstSearch[] = [];
  try {
    for (const { label, search } of queries) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const figure: FirstSearch = { label, requests: 0, bytes: 0, stored: 0, ms: 0, status: '', facets: 0, countedOptions: 0, byKind: {} };
      const pending: Array<Promise<void>> = [];
      page.on('response', (response) => {
        pending.push(
          response.body().then(
            (body) => {
              const pathname = new URL(response.url()).pathname;
              const sent = /\.(pf_\w+|pagefind)$/.test(pathname) ? body.length : gzipSync(body).length;
              const kind = kindOf(pathname);
              figure.requests += 1;
              figure.stored += body.length;
              figure.bytes += sent;
              figure.byKind[kind] = (figure.byKind[kind] ?? 0) + sent;
            },
            () => undefined, // redirects have no body
          ),
        );
      });
      const started = performance.now();
      await page.goto(`${server.url}/search/${search}`);
      await page.waitForFunction(() => /found|No experiment|carr|named/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
      figure.ms = performance.now() - started;
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      figure.status = (await page.textContent('[data-search-status]')) ?? '';
      figure.facets = await page.locator('[data-search-filters] fieldset').count();
      figure.countedOptions = await page.locator('[data-search-filters] label', { hasText: /\(\d+\)$/ }).count();
      out.push(figure);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

/** One line per query and one with its bytes by kind. */
export function firstSearchLines(figures: FirstSearch[]): string[] {
  return figures.flatMap((f) => [
    `  first search, ${f.label}: ${(f.bytes / 1024).toFixed(0)} KB in ${f.requests} requests (${(f.stored / 1024).toFixed(0)} KB as stored), ${f.ms.toFixed(0)} ms, ${f.facets} facets with ${f.countedOptions} counted options — "${f.status}"`,
    `    ${Object.entries(f.byKind)
      .map(([k, b]) => `${k} ${(b / 1024).toFixed(1)} KB`)
      .join(', ')}`,
  ]);
}
