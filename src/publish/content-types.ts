/**
 * Content-Type and Cache-Control for each published file. S3 serves whatever type was
 * set at upload, so a `linkset.json` uploaded as application/json breaks Signposting
 * (conventions A1.7); the table below is the single place that decides.
 */

const BY_NAME: Array<[RegExp, string]> = [
  [/(^|\/)linkset\.json$/, 'application/linkset+json'],
  [/(^|[/.-])datacite\.xml$/, 'application/vnd.datacite.datacite+xml'],
  [/\.csl\.json$/, 'application/vnd.citationstyles.csl+json'],
  // Aperture's feed.xml is Atom (src/exports/atom.ts).
  [/(^|\/)(atom\.xml|feed\.xml|[^/]*\.atom)$/, 'application/atom+xml'],
  [/(^|\/)(rss\.xml|[^/]*\.rss)$/, 'application/rss+xml'],
  // Manifests and scripts are text so readers can look before they run them.
  [/(^|\/)(SHA256SUMS|SHA512SUMS|SHA1SUMS|MD5SUMS)$/, 'text/plain; charset=utf-8'],
];

const BY_EXTENSION: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  jsonld: 'application/ld+json',
  jsonl: 'application/jsonl; charset=utf-8',
  webmanifest: 'application/manifest+json',
  xml: 'application/xml; charset=utf-8',
  xsd: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  sh: 'text/plain; charset=utf-8',
  aria2: 'text/plain; charset=utf-8',
  meta4: 'application/metalink4+xml',
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  cff: 'application/yaml; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
  yml: 'application/yaml; charset=utf-8',
  ttl: 'text/turtle; charset=utf-8',
  rdf: 'application/rdf+xml',
  wasm: 'application/wasm',
  // Pagefind's index files are its own compressed binary format, fetched by its script.
  pagefind: 'application/octet-stream',
  pf_meta: 'application/octet-stream',
  pf_index: 'application/octet-stream',
  pf_fragment: 'application/octet-stream',
  pf_filter: 'application/octet-stream',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  ico: 'image/vnd.microsoft.icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
};

/** Content-Type for a site-relative path (POSIX separators). */
export function contentTypeFor(relativePath: string): string {
  for (const [pattern, type] of BY_NAME) if (pattern.test(relativePath)) return type;
  const name = relativePath.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT = 'public, max-age=300';

/**
 * Hashed files never change under their name, so caches may keep them for a year;
 * everything else (HTML, JSON, feeds, manifests, unhashed images) stays short so a new
 * release shows up within minutes.
 */
export function cacheControlFor(relativePath: string): string {
  if (relativePath.startsWith('_astro/')) return IMMUTABLE;
  if (/^pagefind\/.*\.pf_(fragment|index|meta|filter)$/.test(relativePath)) return IMMUTABLE;
  return SHORT;
}

/**
 * The index stage's list of search shards (`pagefind/` + SHARDS_FILE, src/index/shard-list.ts),
 * spelt here so that `aperture --version` loads nothing of the index
 * (test/unit/publish/content-types.test.ts checks the two agree).
 */
const SEARCH_SHARD_LIST = 'pagefind/shards.json';

/**
 * Pages and the files that point at pages (sitemaps, feeds): uploaded after everything
 * else, so a reader never gets a page whose assets are not there yet.
 */
export function isEntryPoint(relativePath: string): boolean {
  // The search shard list names the shard folders to load: it goes after them.
  if (relativePath === SEARCH_SHARD_LIST) return true;
  const name = relativePath.split('/').pop() ?? '';
  return /\.html?$/i.test(name) || /^sitemap.*\.xml$/.test(name) || ['robots.txt', 'feed.xml', 'atom.xml', 'rss.xml'].includes(name);
}
