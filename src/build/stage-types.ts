/** The contract between the pipeline and the Astro renderer: what stage.ts writes. */
import { createHash } from 'node:crypto';
import type { HomeModel, RecordSummary, BrowseFacet } from '../model/site.ts';

/** A stable folder name for a record's models, independent of how odd its DOI is. */
export function modelDir(doi: string): string {
  return `records/${createHash('sha256').update(doi).digest('hex').slice(0, 20)}`;
}

export interface SiteChrome {
  siteUrl: string;
  title: string;
  tagline: string;
  facility: { name: string; url: string | null; logo: string | null; colour: string };
  contactEmail: string | null;
  /** Origin of the object store (browser ZIP downloads fetch from it; it joins connect-src). */
  storageOrigin: string | null;
  buildDate: string;
}

export interface StagedSite {
  chrome: SiteChrome;
  home: HomeModel;
  facets: BrowseFacet[];
  summaries: RecordSummary[];
}

/** One page to render under /doi/: its URL path (no leading or trailing slash) and model file. */
export interface StagedPage {
  kind: 'landing' | 'tombstone' | 'files';
  route: string;
  model: string;
  /**
   * Optional: SHA-256 (hex) of the model file's bytes, written by whoever writes the file.
   * The renderer's page cache key uses it; without it the renderer reads and hashes the file.
   */
  digest?: string;
}
