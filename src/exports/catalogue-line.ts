/**
 * A public record's line in the staged records file (stage.ts writes one per record, in
 * catalogue order; a record kept from the last build keeps its line): what the
 * catalogue-wide outputs take from the record, with their per-record parts already
 * serialized. Writing records.jsonl, the DCAT catalogue and the API index is then
 * concatenation, not parsing 10,000 records and serializing them three times again (about
 * 3.5 s of every release at 10,000 records, profiled).
 */
import { feedEntry, type FeedEntry } from './atom.ts';
import { dcatDataset } from './dcat.ts';
import type { StagedRecord } from './record-dump.ts';

export interface CatalogueLine {
  doi: string;
  slug: string;
  path: string;
  lastModified: string | null;
  /** Dataset listing pages per dataset, for the sitemap. */
  datasetPages: Array<{ id: string; pages: number }>;
  feed: FeedEntry;
  /** The record's line of records.jsonl; its API file is the same JSON, indented. */
  dump: string;
  /** Its dataset in the DCAT catalogue. */
  dcat: string;
  /** Its entry in api/records/index.json. */
  index: string;
}

export function catalogueLine(r: StagedRecord): CatalogueLine {
  const { dump } = r;
  return {
    doi: dump.doi,
    slug: r.slug,
    path: r.path,
    lastModified: dump.aperture.lastModified,
    datasetPages: r.datasetPages,
    feed: feedEntry(r),
    dump: JSON.stringify(dump),
    dcat: JSON.stringify(dcatDataset(r)),
    index: JSON.stringify({ doi: dump.doi, title: r.title, state: dump.state, url: dump.url, api: dump.api, lastModified: dump.aperture.lastModified }),
  };
}
