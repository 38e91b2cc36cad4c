/**
 * The index stage, fed from the staged page models rather than the rendered HTML:
 * - pagefind indexes one small document per landing page (src/index/search-document.ts),
 *   so only the record's own words are searchable and no page chrome is parsed;
 * - the exact-identifier lookup (src/index/identifier-index.ts) maps DOIs, PDB IDs,
 *   proposals, ORCIDs and file names to the pages that carry them.
 * - the filter counts (src/index/filter-counts.ts), so the search page draws its facets
 *   without fetching pagefind's filter chunks.
 * What a page gives the index is kept by model digest (src/index/input-cache.ts), so a
 * build in which one record changed reads that record's models only. pagefind itself has
 * no incremental index, so the landing pages are indexed in shards of about a thousand
 * (src/index/search-shards.ts): a shard one of whose documents changed is given to pagefind
 * again (pipelined, PAGEFIND_WINDOW, not one round trip at a time); every other shard is
 * linked from the bundle kept for it (src/index/pagefind-bundle.ts), and so is every shard of
 * the lookup whose entries are unchanged (src/index/lookup-shards-kept.ts). The search page merges
 * the shards (src/client/pagefind-shards.ts). Every pagefind response is checked and the index is
 * always closed, as Starlight does.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { createIndex, close } from 'pagefind';
import type { StagedPage } from '../build/stage-types.ts';
import { LookupIndexWriter, type LookupIndexResult } from './identifier-index.ts';
import { FILTER_COUNTS_FILE, FilterCounter } from './filter-counts.ts';
import { LOOKUP_DIR } from './lookup-key.ts';
import { pageInputs, type IndexedKind, type LandingInputs, type PageInputs } from './page-inputs.ts';
import { InputCache, indexCodeVersion, type InputCacheStats } from './input-cache.ts';
import { KeptLookupShards } from './lookup-shards-kept.ts';
import { BundleKey, keepBundle, keptBundle, pagefindEnvironment, placeBundle, pruneBundles } from './pagefind-bundle.ts';
import { shardDocuments } from './search-shards.ts';
import { SHARDS_FILE, SHARDS_FORMAT, type ShardEntry, type ShardManifest } from './shard-list.ts';
import { discardLeftovers } from '../files/discard.ts';
import { removeDeadProcessFolders } from '../files/process-folders.ts';
import type { Progress } from '../report/progress.ts';

/**
 * Everything the index stage writes, as paths relative to the output folder: pagefind's
 * shards with their list (`pagefind/shards.json`) and the identifier lookup, whose folder
 * also holds the filter counts (FILTER_COUNTS_FILE). indexSite removes these before it writes them and writes nothing
 * else, so it may run into a fresh folder whose result is then synced into another.
 */
export const INDEX_OUTPUTS = ['pagefind', LOOKUP_DIR] as const;

export interface IndexOptions {
  /**
   * Folder of the index-input cache and the kept pagefind bundles, e.g. `<workDir>/cache/search`
   * (the record cache prunes only its two-hex-digit shards beside it). Without it every staged
   * model is read and derived and pagefind always runs, as before the cache existed; the
   * output is the same bytes.
   */
  cacheDir?: string;
  /** false: use the cache but leave it as it was (a dry run borrowing a site's cache). Default true. */
  saveCache?: boolean;
  /** Landing pages per search shard, on average (DEFAULT_SHARD_PAGES; the site config's `search.shardPages`). */
  shardPages?: number;
}

export interface IndexResult {
  pages: number;
  seconds: number;
  lookup: LookupIndexResult;
  /** Search shards written, and how many of them pagefind indexed (the others were kept bundles). */
  shards: number;
  shardsIndexed: number;
  /** Present when a cacheDir was given. */
  cache?: InputCacheStats & {
    /** pagefind did not run: every shard's documents are those of a kept bundle. */
    bundleReused: boolean;
  };
}

export class IndexError extends Error {}

async function stagedPages(stageDir: string): Promise<StagedPage[]> {
  const text = await readFile(path.join(stageDir, 'pages.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as StagedPage);
}

/**
 * Locations per word chunk of the index (pagefind's default is 20,000). A search fetches the
 * chunk holding each query word: with smaller chunks a rare word ("lysozyme", an author's
 * name) no longer comes with the postings of the common words stored next to it — at
 * 10,000 records its chunk is 2–6 KB instead of 10–80 KB — for about 1 KB more metadata.
 * pagefind reads it from its environment only (an unstable setting); a value the curator
 * has set wins.
 */
const INDEX_CHUNK_SIZE = '5000';
const CHUNK_SIZE_VARIABLE = 'PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE';

/**
 * Documents sent to pagefind before the oldest is awaited. Its service reads requests in
 * order and handles one at a time, so the index is the same as with one at a time; what
 * goes is a round trip between two processes per page (most of the stage's time at 10,000
 * records when the machine is busy). The window bounds the documents held in the pipe.
 */
const PAGEFIND_WINDOW = 64;

/** Pages the lookups are gathered for between two turns of the event loop (a few milliseconds' work). */
const YIELD_EVERY = 256;

/** pagefind's configuration (part of the kept bundle's key, as its settings from the environment are). */
const PAGEFIND_CONFIG = { forceLanguage: 'en' } as const;

/** Starts pagefind's service with the chunk size in the environment it inherits, and no longer. */
async function startIndex(): ReturnType<typeof createIndex> {
  const previous = process.env[CHUNK_SIZE_VARIABLE];
  process.env[CHUNK_SIZE_VARIABLE] = previous ?? INDEX_CHUNK_SIZE;
  try {
    return await createIndex(PAGEFIND_CONFIG);
  } finally {
    if (previous === undefined) delete process.env[CHUNK_SIZE_VARIABLE];
  }
}

/**
 * One staged page's inputs: from the cache by the model's digest, or read and derived (and
 * kept). A page staged without its digest is keyed by the bytes read, which is correct but
 * reads every model; the digest is then noted on the page, so it is computed once.
 */
async function inputsOf(stageDir: string, page: StagedPage & { kind: IndexedKind }, cache: InputCache | null): Promise<PageInputs> {
  if (cache && page.digest) {
    const cached = cache.get(page.kind, page.digest);
    if (cached) return cached;
  }
  const bytes = await readFile(path.join(stageDir, page.model));
  if (cache && !page.digest) {
    page.digest = createHash('sha256').update(bytes).digest('hex');
    const cached = cache.get(page.kind, page.digest);
    if (cached) return cached;
  }
  const inputs = pageInputs(page.kind, bytes.toString('utf8'));
  if (cache) cache.set(page.kind, page.digest!, inputs);
  return inputs;
}

/** Waits for every promise, then fails with the first failure: nothing is left writing when this returns. */
async function allSettled<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** What a killed build leaves in the cache folder: spilled lookup buckets, unfinished packs and half-kept bundles and lookup shards, named after its process. */
const LEFTOVER = /^\.(?:lookup-buckets-|inputs\.jsonl\.|pagefind-bundle\.|lookup-shard\.)(\d+)/;

async function removeLeftovers(cacheDir: string): Promise<void> {
  discardLeftovers(cacheDir);
  await removeDeadProcessFolders(cacheDir, LEFTOVER);
}

/** A landing page as pagefind is given it, with the date that places it in its shard. */
type SearchDocument = Pick<LandingInputs, 'url' | 'released' | 'document'>;

const indexed = (page: StagedPage): page is StagedPage & { kind: IndexedKind } => page.kind === 'landing' || page.kind === 'files';

/** Indexes one shard into `dir` with an index of its own in pagefind's service (which indexSite closes). */
async function indexShard(dir: string, documents: readonly SearchDocument[]): Promise<void> {
  const service = await startIndex();
  if (!service.index || service.errors.length) throw new IndexError(`pagefind could not start: ${service.errors.join('; ')}`);
  const index = service.index;
  const inFlight: Array<Promise<void>> = [];
  try {
    for (const { url, document } of documents) {
      const added = index.addHTMLFile({ url, content: document }).then((response) => {
        if (response.errors.length) throw new IndexError(`pagefind could not index ${url}: ${response.errors.join('; ')}`);
      });
      // Awaited below, in order; until then a failure must not count as unhandled.
      added.catch(() => undefined);
      inFlight.push(added);
      if (inFlight.length >= PAGEFIND_WINDOW) await inFlight.shift();
    }
    while (inFlight.length) await inFlight.shift();
    const written = await index.writeFiles({ outputPath: dir });
    if (written.errors.length) throw new IndexError(`pagefind could not write its index: ${written.errors.join('; ')}`);
  } finally {
    await Promise.allSettled(inFlight);
    await index.deleteIndex().catch(() => undefined);
  }
}

interface ShardsWritten {
  shards: number;
  /** Shards pagefind indexed; the others were linked from their kept bundles. */
  indexed: number;
}

/**
 * A shard's folder under `pagefind/` is named by its first page's URL, which a change to any
 * other page leaves where it is: a release rewrites its shard in the same folder, where
 * pagefind's content-named fragments and chunks of unchanged pages keep their names and bytes,
 * so publishing uploads what changed, not the whole shard (a release bench at 1,000 records:
 * 83 of the index's 1,211 files added, 84 removed, 2 changed).
 */
function shardName(first: string): string {
  return createHash('sha256').update(`aperture-search-shard\0${first}`).digest('hex').slice(0, 16);
}

/**
 * Writes the search shards (src/index/search-shards.ts) under `dir`: each shard's bundle in
 * its folder (shardName), linked from the cache when kept there by its digest, and the shard list
 * (SHARDS_FILE) last. With `save`, the bundles pagefind wrote are kept and those no shard
 * used any more are removed.
 */
async function writeShards(dir: string, documents: readonly SearchDocument[], options: IndexOptions, save: boolean): Promise<ShardsWritten> {
  const shards = shardDocuments(documents, options.shardPages);
  // An empty catalogue still gets an (empty) index, so the search page answers "no experiments".
  if (shards.length === 0) shards.push([]);
  const settings = { ...pagefindEnvironment({ [CHUNK_SIZE_VARIABLE]: INDEX_CHUNK_SIZE }), config: JSON.stringify(PAGEFIND_CONFIG) };
  const cacheDir = options.cacheDir ?? null;
  // Every shard's kept bundle is looked for first; pagefind indexes the shards that have none,
  // one after another in its own process, while the kept bundles are linked into place here.
  const planned = shards.map((shard) => {
    const key = new BundleKey(settings);
    for (const { url, document } of shard) key.add(url, document);
    const digest = key.digest();
    return { shard, digest, target: path.join(dir, shardName(shard[0]?.url ?? '')), kept: cacheDir ? keptBundle(cacheDir, digest) : null };
  });
  let indexed = 0;
  const indexing = (async () => {
    for (const { shard, digest, target, kept } of planned) {
      if (kept) continue;
      await indexShard(target, shard);
      indexed += 1;
      if (save && cacheDir) await keepBundle(cacheDir, digest, target);
    }
  })();
  const placing = (async () => {
    for (const { target, kept } of planned) if (kept) await placeBundle(kept, target);
  })();
  await allSettled([indexing, placing]);
  if (save && cacheDir) await pruneBundles(cacheDir, new Set(planned.map((p) => p.digest)));
  const entries: ShardEntry[] = planned.map(({ shard, target }) => ({ name: path.basename(target), pages: shard.length, from: shard[0]?.released ?? '', to: shard.at(-1)?.released ?? '' }));
  const manifest: ShardManifest = { format: SHARDS_FORMAT, shards: entries };
  await writeFile(path.join(dir, SHARDS_FILE), JSON.stringify(manifest));
  return { shards: shards.length, indexed };
}

/** What indexSite reads before it knows the staged site: the input pack, its landing pages' entries parsed. */
export interface PreparedInputs {
  cache: InputCache | null;
}

/**
 * Reads the input cache ahead of the staged site (a release's index worker does it while the
 * record is staged): what a killed build left is removed, the pack read, and the landing
 * pages' entries parsed, as nearly all of them will be asked for first.
 */
export async function prepareIndexInputs(options: IndexOptions): Promise<PreparedInputs> {
  if (!options.cacheDir) return { cache: null };
  await removeLeftovers(options.cacheDir);
  const cache = await InputCache.open(options.cacheDir);
  cache.prefetch('landing');
  return { cache };
}

/**
 * Indexes the staged site (`stageDir`) into `outDir/pagefind` and `outDir/search-ids`
 * (INDEX_OUTPUTS, removed first); `progress` is ticked per staged page. The output depends
 * on the staged site only: with or without a cache, warm or cold, the same bytes.
 */
export async function indexSite(outDir: string, stageDir: string, progress?: Pick<Progress, 'tick'>, options: IndexOptions = {}, prepared?: PreparedInputs): Promise<IndexResult> {
  const started = performance.now();
  // Removed, not overwritten: a file left here could be a hard link into another build.
  for (const output of INDEX_OUTPUTS) await rm(path.join(outDir, output), { recursive: true, force: true });
  const pages = await stagedPages(stageDir);
  const { cache } = prepared ?? (await prepareIndexInputs(options));
  const saveCache = cache !== null && options.saveCache !== false;
  // Spilled lookup entries go beside the cache when there is one, so the staged site is only read.
  const spillDir = options.cacheDir ? path.join(options.cacheDir, `.lookup-buckets-${process.pid}`) : path.join(stageDir, '.lookup-buckets');
  const lookup = new LookupIndexWriter(spillDir);
  const keptShards = options.cacheDir ? KeptLookupShards.open(options.cacheDir, saveCache) : null;
  const filters = new FilterCounter();
  const documents: SearchDocument[] = [];
  let lookupResult: LookupIndexResult;
  let cacheStats: IndexResult['cache'];
  let shards: ShardsWritten;
  try {
    // The landing pages first: their documents decide the search shards, so pagefind starts on
    // a changed shard (most of a release's index) while every page's lookups are gathered.
    const landing = new Map<StagedPage, LandingInputs>();
    for (const page of pages) {
      if (page.kind !== 'landing') continue;
      const inputs = (await inputsOf(stageDir, page as StagedPage & { kind: IndexedKind }, cache)) as LandingInputs;
      landing.set(page, inputs);
      // What sharding and pagefind need, not the page's lookups (held until every page is read).
      documents.push({ url: inputs.url, released: inputs.released, document: inputs.document });
    }
    const shardsWritten = writeShards(path.join(outDir, 'pagefind'), documents, options, saveCache);
    // Awaited below; until then a failure must not count as unhandled.
    shardsWritten.catch(() => undefined);
    const gathered = (async () => {
      for (const [i, page] of pages.entries()) {
        // Cached inputs come without I/O, so this loop would hold the thread until its end:
        // it lets pagefind's messages through every so often.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await setImmediate();
        // Tombstones stay out of search: a withdrawn record is reached by its DOI only.
        if (indexed(page)) {
          const inputs = landing.get(page) ?? (await inputsOf(stageDir, page, cache));
          if (page.kind === 'landing') filters.add((inputs as LandingInputs).filters);
          for (const [key, hit] of inputs.lookups) await lookup.add(key, hit);
        }
        progress?.tick();
      }
      landing.clear();
    })();
    const lookupsWritten = gathered.then(async () => {
      const result = await lookup.write(outDir, keptShards ? { shards: keptShards, code: indexCodeVersion() } : undefined);
      await keptShards?.prune();
      await writeFile(path.join(outDir, FILTER_COUNTS_FILE), JSON.stringify(filters));
      return result;
    });
    // pagefind builds and writes the shards it must in its own process (most of this stage's
    // time at scale) while this one writes the lookup, the filter counts and the cache.
    const [written, lookupWritten, cacheSaved] = await allSettled([shardsWritten, lookupsWritten, gathered.then(() => (saveCache ? cache.save() : cache?.stats()))]);
    shards = written;
    lookupResult = lookupWritten;
    cacheStats = cacheSaved && { ...cacheSaved, bundleReused: written.indexed === 0 };
  } catch (error) {
    await rm(spillDir, { recursive: true, force: true });
    throw error;
  } finally {
    await close();
  }
  return {
    pages: documents.length,
    seconds: (performance.now() - started) / 1000,
    lookup: lookupResult,
    shards: shards.shards,
    shardsIndexed: shards.indexed,
    ...(cacheStats ? { cache: cacheStats } : {}),
  };
}
