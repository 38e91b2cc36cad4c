/**
 * The index stage, fed from the staged page models rather than the rendered HTML:
 * - pagefind indexes one small document per landing page (src/index/search-document.ts),
 *   so only the record's own words are searchable and no page chrome is parsed;
 * - the exact-identifier lookup (src/index/identifier-index.ts) maps DOIs, PDB IDs,
 *   proposals, ORCIDs and file names to the pages that carry them.
 * - the filter counts (src/index/filter-counts.ts), so the search page draws its facets
 *   without fetching pagefind's filter chunks.
 * Every pagefind response is checked and the index is always closed, as Starlight does.
 */
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { createIndex, close } from 'pagefind';
import type { StagedPage } from '../build/stage-types.ts';
import type { LandingPageModel } from '../model/landing.ts';
import type { FilePageModel } from '../model/dataset-page.ts';
import { fileLookups, landingLookups, searchDocument, searchFilters } from './search-document.ts';
import { LookupIndexWriter, type LookupIndexResult } from './identifier-index.ts';
import { FILTER_COUNTS_FILE, FilterCounter } from './filter-counts.ts';
import type { Progress } from '../report/progress.ts';

export interface IndexResult {
  pages: number;
  seconds: number;
  lookup: LookupIndexResult;
}

export class IndexError extends Error {}

async function* stagedPages(stageDir: string): AsyncGenerator<StagedPage> {
  const lines = createInterface({ input: createReadStream(path.join(stageDir, 'pages.jsonl'), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as StagedPage;
}

async function model<T>(stageDir: string, relative: string): Promise<T> {
  return JSON.parse(await readFile(path.join(stageDir, relative), 'utf8')) as T;
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

/** Starts pagefind's service with the chunk size in the environment it inherits, and no longer. */
async function startIndex(): ReturnType<typeof createIndex> {
  const previous = process.env[CHUNK_SIZE_VARIABLE];
  process.env[CHUNK_SIZE_VARIABLE] = previous ?? INDEX_CHUNK_SIZE;
  try {
    return await createIndex({ forceLanguage: 'en' });
  } finally {
    if (previous === undefined) delete process.env[CHUNK_SIZE_VARIABLE];
  }
}

/** Indexes the staged site (`stageDir`) into `outDir/pagefind` and `outDir/search-ids`; `progress` is ticked per staged page. */
export async function indexSite(outDir: string, stageDir: string, progress?: Pick<Progress, 'tick'>): Promise<IndexResult> {
  const started = performance.now();
  const lookup = new LookupIndexWriter(path.join(stageDir, '.lookup-buckets'));
  const filters = new FilterCounter();
  let pages = 0;
  try {
    const { index, errors } = await startIndex();
    if (!index || errors.length) throw new IndexError(`pagefind could not start: ${errors.join('; ')}`);
    for await (const page of stagedPages(stageDir)) {
      // Tombstones stay out of search: a withdrawn record is reached by its DOI only.
      if (page.kind === 'landing') {
        const landing = await model<LandingPageModel>(stageDir, page.model);
        const added = await index.addHTMLFile({ url: landing.path, content: searchDocument(landing) });
        if (added.errors.length) throw new IndexError(`pagefind could not index ${landing.path}: ${added.errors.join('; ')}`);
        for (const [key, hit] of landingLookups(landing)) await lookup.add(key, hit);
        filters.add(searchFilters(landing));
        pages += 1;
      } else if (page.kind === 'files') {
        for (const [key, hit] of fileLookups(await model<FilePageModel>(stageDir, page.model))) await lookup.add(key, hit);
      }
      progress?.tick();
    }
    const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
    if (written.errors.length) throw new IndexError(`pagefind could not write its index: ${written.errors.join('; ')}`);
  } finally {
    await close();
  }
  const lookupResult = await lookup.write(outDir);
  await writeFile(path.join(outDir, FILTER_COUNTS_FILE), JSON.stringify(filters));
  return { pages, seconds: (performance.now() - started) / 1000, lookup: lookupResult };
}
