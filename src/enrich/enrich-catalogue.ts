/**
 * The enrich stage: technical metadata and previews read from the image files themselves
 * for released datasets (never embargoed ones: a preview would publish their data).
 * One preview per dataset from its first file; header-only reads for files whose listing
 * lacks technical metadata, up to a bound per dataset. Results are cached by checksum,
 * so rebuilds never redo the work.
 */
import type { CatalogueSource } from '../catalogue/types.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Datafile, ExperimentRecord, TechnicalMetadata } from '../validate/record.ts';
import { validDatafiles } from '../validate/validate-catalogue.ts';
import { enrichDatafile, type DatafileEnrichment } from './enrich-datafile.ts';
import type { EnrichCache } from './cache.ts';
import type { ObjectSourceFor } from './object-source.ts';

export interface EnrichLimits {
  /** Files per dataset whose headers are read when the listing has no technical metadata. */
  headersPerDataset: number;
  /** Image files per dataset that get a preview, spread from first to last (default 1: the first). */
  previewsPerDataset?: number;
}

/**
 * Which images (0-based, counting image files only) get a preview: `n` positions spread
 * evenly over `count`, first and last included, so a reader sees the sweep from start to end.
 */
export function previewPositions(count: number, n: number): Set<number> {
  const positions = new Set<number>();
  if (count <= 0 || n <= 0) return positions;
  if (n === 1 || count === 1) return positions.add(0);
  for (let k = 0; k < Math.min(n, count); k++) positions.add(Math.round((k * (count - 1)) / (Math.min(n, count) - 1)));
  return positions;
}

export interface DatasetEnrichment {
  /** The first file's previews, or why there are none. */
  preview: DatafileEnrichment['preview'] | null;
  previewStatus: 'available' | 'unavailable';
  /** What the previewed file's header says (geometry for resolution rings) and its name. */
  previewTechnical: TechnicalMetadata;
  previewFile: string | null;
  /** Technical metadata found in files, by checksum (files the listing left without any). */
  technical: Map<string, TechnicalMetadata>;
  /** Previews of individual files, by checksum (the first one is also the dataset's). */
  filePreviews: Map<string, NonNullable<DatafileEnrichment['preview']>>;
}

export type EnrichmentIndex = Map<string, DatasetEnrichment>;

export function enrichmentKey(recordId: string, datasetId: string): string {
  return `${recordId}\0${datasetId}`;
}

const IMAGE_TYPES = new Set(['application/x-cbf', 'image/x-cbf', 'application/x-hdf5', 'application/x-nexus', 'application/x-smv', 'image/x-smv']);

/** Only diffraction images are read: processing logs and reflection files have no frame to show. */
export function isImageFile(file: Datafile): boolean {
  return IMAGE_TYPES.has(file.mediaType.toLowerCase()) || /\.(cbf|img|smv|h5|hdf5|nxs)(\.gz|\.bz2)?$/i.test(file.path);
}

/**
 * Diffraction techniques only: a tomography volume in HDF5 has no diffraction geometry,
 * and its gigabytes would be read for nothing. Records without a technique are tried.
 */
export function isDiffractionRecord(record: Pick<ExperimentRecord, 'technique'>): boolean {
  return !record.technique || /crystallograph|diffraction|scattering|SFX|SSX|MX\b/i.test(record.technique.name);
}

function hasTechnical(file: Datafile): boolean {
  return !!file.technical && Object.values(file.technical).some((v) => v !== null && v !== undefined);
}

export async function enrichRecord(
  record: ExperimentRecord,
  o: { source: CatalogueSource; objects: ObjectSourceFor; cache: EnrichCache; sink: DiagnosticSink; limits: EnrichLimits; index: EnrichmentIndex },
): Promise<void> {
  if (record.release.state !== 'released' || !isDiffractionRecord(record)) return;
  for (const dataset of record.datasets) {
    const result: DatasetEnrichment = { preview: null, previewStatus: 'unavailable', previewTechnical: {}, previewFile: null, technical: new Map(), filePreviews: new Map() };
    const positions = previewPositions(dataset.fileCount, o.limits.previewsPerDataset ?? 1);
    const lastPosition = Math.max(-1, ...positions);
    let headers = 0;
    let imageIndex = -1;
    // Listing problems were (or will be) reported by validation; not twice.
    for await (const file of validDatafiles(o.source, record, dataset.id, new DiagnosticSink())) {
      if (!isImageFile(file)) continue;
      imageIndex += 1;
      const first = imageIndex === 0;
      const wantPreview = positions.has(imageIndex);
      const wantHeader = !hasTechnical(file) && headers < o.limits.headersPerDataset;
      if (!wantPreview && !wantHeader) {
        if (headers >= o.limits.headersPerDataset && imageIndex > lastPosition) break;
        continue;
      }
      let enrichment: DatafileEnrichment;
      try {
        enrichment = await enrichDatafile(o.objects(file.key), file, o.cache, { previews: wantPreview, record: record.id });
      } catch (error) {
        o.sink.add({ code: 'image/unreadable', record: record.id, file: file.path, message: `Cannot read ${file.key}: ${(error as Error).message}.` });
        continue;
      }
      for (const d of enrichment.diagnostics) o.sink.list.push(d);
      if (wantHeader) {
        headers += 1;
        if (Object.keys(enrichment.technical).length) result.technical.set(file.sha256, enrichment.technical);
      }
      if (wantPreview && enrichment.preview) result.filePreviews.set(file.sha256, enrichment.preview);
      if (first) {
        result.previewFile = file.path;
        result.previewTechnical = { ...file.technical, ...enrichment.technical };
        if (enrichment.preview) {
          result.preview = enrichment.preview;
          result.previewStatus = 'available';
        }
      }
    }
    // A dataset without diffraction images (processing results) has nothing to preview.
    if (result.previewFile !== null) o.index.set(enrichmentKey(record.id, dataset.id), result);
  }
}
