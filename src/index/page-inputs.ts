/**
 * What the index stage takes from one staged page model: for a landing page the document
 * pagefind indexes, its exact-identifier lookups and its search filters; for a page of a
 * dataset's file listing its file-name lookups. These are a function of the model's bytes
 * and of the code in this folder only (search-document.ts, lookup-key.ts), which is what
 * lets the index-input cache (src/index/input-cache.ts) keep them by model digest.
 */
import type { LandingPageModel } from '../model/landing.ts';
import type { FilePageModel } from '../model/dataset-page.ts';
import type { LookupHit } from './lookup-key.ts';
import { fileLookups, landingLookups, searchDocument, searchFilters } from './search-document.ts';

export interface LandingInputs {
  /** The page's site path, as pagefind is given it. */
  url: string;
  /** The release date search sorts by, which also places the page in its shard (src/index/search-shards.ts). */
  released: string;
  document: string;
  lookups: Array<[key: string, hit: LookupHit]>;
  filters: Array<[name: string, values: string[]]>;
}

export interface FilesInputs {
  lookups: Array<[key: string, hit: LookupHit]>;
}

/** Staged page kinds the index reads; tombstones stay out of search (a withdrawn record is reached by its DOI only). */
export type IndexedKind = 'landing' | 'files';

export type PageInputs = LandingInputs | FilesInputs;

export function landingInputs(page: LandingPageModel): LandingInputs {
  return { url: page.path, released: page.sortDate, document: searchDocument(page), lookups: landingLookups(page), filters: searchFilters(page) };
}

export function filesInputs(page: FilePageModel): FilesInputs {
  return { lookups: fileLookups(page) };
}

/** The inputs of one staged model file's text. */
export function pageInputs(kind: IndexedKind, modelText: string): PageInputs {
  const model: unknown = JSON.parse(modelText);
  return kind === 'landing' ? landingInputs(model as LandingPageModel) : filesInputs(model as FilePageModel);
}
