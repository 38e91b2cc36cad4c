/**
 * The page manifest: every page a build has, by URL, with the file Astro writes it to
 * (relative to the output folder: `doi/10.5072/x/index.html`, `404.html`, `theme.css`) and its
 * cache key (null for a page getStaticPaths gives none, which renders on every build).
 * Files are named by Astro's own functions, so a page rendered outside `astro build`
 * (src/build/render-changed.ts) lands where Astro would put it.
 */
import { fileURLToPath } from 'node:url';

const astroDist = new URL('./', import.meta.resolve('astro'));
const { getOutFile, getOutFolder } = await import(new URL('./core/build/common.js', astroDist).href);
const { removeTrailingForwardSlash } = await import(new URL('./core/path.js', astroDist).href);

/** Stands in for the output folder: a manifest names files relative to it. */
const OUT = new URL('file:///aperture-out/');

/** Paths Astro's functions below turn into `<path>index.html` unchanged: no character URL encoding or decoding alters. */
const PLAIN = /^\/[\w\-.~/]*\/$/;
const STATUS_PAGES = new Set(['/404/', '/500/']);

/** The file Astro writes the page at `pathname` of `route` to, relative to the output folder, `/`-separated. */
export function pageFile(pathname, route, format) {
  // The common case (80,000 pages at 10,000 records), without Astro's three URL parses per page;
  // a status page and everything else go through Astro's own functions.
  if (format === 'directory' && route.type === 'page' && PLAIN.test(pathname) && !STATUS_PAGES.has(pathname)) return `${pathname.slice(1)}index.html`;
  const encoded = encodeURI(pathname);
  const settings = { buildOutput: 'static', adapter: undefined, config: { outDir: OUT, build: { format } } };
  const outFile = getOutFile(format, getOutFolder(settings, encoded, route), encoded, route);
  return fileURLToPath(outFile).slice(fileURLToPath(OUT).length);
}

/** What two paths Astro takes for one page share (generate.js's conflict check): the path without its trailing slash. */
export function samePageKey(pathname) {
  return removeTrailingForwardSlash(pathname);
}

/**
 * The manifest of the paths Astro's getStaticPaths gave ({ pathname, route, cacheKey }), in
 * its order. A path whose URL an earlier route already has is left out, as Astro's page
 * generation leaves it out (generate.js, prerenderConflictBehavior).
 */
export function pageFiles(paths, config) {
  const seen = new Set();
  const out = [];
  for (const { pathname, route, cacheKey } of paths) {
    const normalized = samePageKey(pathname);
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    out.push({ url: pathname, file: pageFile(pathname, route, config.build.format), key: cacheKey === undefined ? null : String(cacheKey) });
  }
  return out;
}
