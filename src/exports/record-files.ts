/** Small shared definitions for per-record exports (used by src/build and the catalogue outputs). */
import { FORMATS } from '../storage/manifest-formats.ts';
import { absoluteUrl } from '../record/identity.ts';
import type { OtherChecksum } from '../record/types.ts';

/** A file listed inline in JSON-LD and as an `item` link (small records only). */
export interface InlineFile {
  name: string;
  url: string;
  mediaType: string;
  size: number;
  /** Absent when the source published another checksum (then `checksum`) or none. */
  sha256?: string;
  checksum?: OtherChecksum;
}

/** One JSON line per public record, appended during staging (relative to the staging folder). */
export const STAGED_RECORDS_FILE = 'exports/records.jsonl';

/** Absolute URL of a dataset's Metalink manifest, from the dataset page's site path. */
export function datasetManifestUrl(siteUrl: string, datasetSitePath: string): string {
  return absoluteUrl(siteUrl, `${datasetSitePath}manifest/${FORMATS.metalink.fileName}`);
}
