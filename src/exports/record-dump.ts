/**
 * One public record as data: the DataCite attributes (REST shape) plus what Aperture knows
 * beyond DataCite (facility, beamline, technique, datasets with counts, bytes and manifest
 * URLs). The same object is a line of `/records.jsonl` and the body of
 * `/api/records/<doi>.json`, so clients that scrape landing pages today can read this.
 *
 * During staging each record leaves a `StagedRecord` line (the dump plus the few fields
 * the sitemap, feed and DCAT catalogue need), so catalogue-wide outputs are assembled from
 * a file, never from every record held in memory.
 */
import type { ExperimentRecord } from '../record/types.ts';
import type { DataCiteAttributes } from '../datacite/types.ts';
import type { LandingPageModel } from '../model/landing.ts';
import { absoluteUrl, datasetPath, doiSlug, landingPath } from '../record/identity.ts';
import { FORMATS, OPTIONAL_FORMATS, type ManifestFormat } from '../storage/manifest-formats.ts';
import { METADATA_FILES, LINKSET_FILE } from './signposting.ts';
import { lastModifiedOf } from '../record/dates.ts';
import { publicationDateOf } from '../record/dates.ts';

export interface DumpDataset {
  id: string;
  title: string;
  kind: string;
  derivedFrom: string | null;
  hitRate: number | null;
  fileCount: number;
  totalBytes: number;
  /** Media types of the files (released records only). */
  mediaTypes?: string[];
  /** Released records only: the file listing page and download manifests. */
  url?: string;
  manifests?: Partial<Record<ManifestFormat, string>>;
}

export interface RecordDump {
  doi: string;
  doiUrl: string;
  url: string;
  api: string;
  state: 'released' | 'metadata-only';
  attributes: DataCiteAttributes;
  aperture: {
    facility: string | null;
    beamline: string | null;
    technique: { name: string; panet: string | null } | null;
    proposal: string | null;
    collected: { start: string | null; end: string | null };
    releasedOn: string | null;
    filesAvailableFrom: string | null;
    lastModified: string | null;
    totals: { datasets: number; files: number; bytes: number };
    datasets: DumpDataset[];
    metadata: Record<string, string>;
  };
}

/** What catalogue-wide outputs need beyond the dump (plain text, dates, page counts). */
export interface StagedRecord {
  dump: RecordDump;
  slug: string;
  path: string;
  title: string;
  description: string;
  creators: string[];
  keywords: string[];
  publisher: string;
  licenceUrl: string | null;
  /** ISO date of the release (feed order), else the publication year. */
  released: string;
  /** Dataset listing pages per dataset, for the sitemap (0 for metadata-only). */
  datasetPages: Array<{ id: string; pages: number }>;
}

/** `/api/records/10.5072/abc.json` for a DOI. */
export function apiPath(doi: string): string {
  return `/api/records/${doiSlug(doi)}.json`;
}

export function stagedRecord(
  record: ExperimentRecord,
  landing: LandingPageModel,
  siteUrl: string,
  filesPerPage: number,
  mediaTypes: ReadonlyMap<string, ReadonlySet<string>>,
  now: Date,
): StagedRecord {
  const released = record.release.state === 'released';
  const base = landingPath(record.slug);
  const datasets: DumpDataset[] = landing.datasets.map((d) => {
    const source = record.datasets.find((r) => r.id === d.id);
    const out: DumpDataset = {
      id: d.id,
      title: d.title,
      kind: d.kind,
      derivedFrom: source?.derivedFrom ?? null,
      hitRate: source?.hitRate ?? null,
      fileCount: d.fileCount,
      totalBytes: d.totalBytes,
    };
    if (released) {
      out.mediaTypes = [...(mediaTypes.get(d.id) ?? [])].sort();
      out.url = absoluteUrl(siteUrl, d.url);
      const manifestBase = `${datasetPath(record.slug, d.id)}manifest/`;
      out.manifests = Object.fromEntries(
        // MD5SUMS and the like exist only for datasets that need them, so they are not promised here.
        (Object.keys(FORMATS) as ManifestFormat[]).filter((f) => !OPTIONAL_FORMATS.includes(f)).map((f) => [f, absoluteUrl(siteUrl, manifestBase + FORMATS[f].fileName)]),
      );
    }
    return out;
  });
  const metadata: Record<string, string> = {};
  for (const m of METADATA_FILES) metadata[m.type] = absoluteUrl(siteUrl, base + m.name);
  metadata['application/linkset+json'] = absoluteUrl(siteUrl, base + LINKSET_FILE);
  const dump: RecordDump = {
    doi: record.doi,
    doiUrl: landing.doiUrl,
    url: landing.url,
    api: absoluteUrl(siteUrl, apiPath(record.doi)),
    state: landing.state,
    attributes: record.datacite,
    aperture: {
      facility: record.facility,
      beamline: record.instrument,
      technique: record.technique,
      proposal: record.proposal,
      collected: record.collected,
      releasedOn: record.release.releasedOn,
      filesAvailableFrom: record.release.filesAvailableFrom,
      lastModified: lastModifiedOf(record, now),
      totals: { datasets: datasets.length, files: landing.totals.files, bytes: landing.totals.bytes },
      datasets,
      metadata,
    },
  };
  return {
    dump,
    slug: record.slug,
    path: base,
    title: landing.title,
    description: landing.summary,
    creators: landing.creators.map((c) => c.displayName),
    keywords: landing.keywords,
    publisher: landing.publisher,
    licenceUrl: landing.licence?.url ?? null,
    released: record.release.releasedOn ?? publicationDateOf(record.datacite) ?? '',
    datasetPages: released ? landing.datasets.map((d) => ({ id: d.id, pages: Math.max(1, Math.ceil(d.fileCount / filesPerPage)) })) : [],
  };
}
