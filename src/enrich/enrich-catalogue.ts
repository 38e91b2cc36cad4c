/**
 * The enrich stage: technical metadata and previews read from the image files themselves
 * for released datasets (never embargoed ones: a preview would publish their data).
 * One preview per dataset from its first file; header-only reads for files whose listing
 * lacks technical metadata, up to a bound per dataset. Results are cached by checksum,
 * so rebuilds never redo the work.
 */
import type { CatalogueSource } from '../catalogue/types.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { validDatafiles } from '../validate/validate-catalogue.ts';
import type { Datafile, ExperimentRecord, TechnicalMetadata } from '../record/types.ts';
import { contentKey } from '../record/checksum.ts';
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

/** One image the enrich stage reads, and why. */
export interface ImageToRead {
  file: Datafile;
  /** 0-based among the dataset's image files. */
  index: number;
  /** Render a preview (one of the positions spread over the sweep). */
  preview: boolean;
  /** Read its header, since the listing gives no technical metadata (within the bound). */
  header: boolean;
}

/**
 * Which images of a dataset are read, in listing order: the preview positions and, up to
 * `headersPerDataset`, the images whose listing lacks technical metadata. Stops reading the
 * listing once neither can occur again. The demo's object generator writes exactly these.
 */
export async function* imagesToRead(files: AsyncIterable<Datafile>, fileCount: number, limits: EnrichLimits): AsyncGenerator<ImageToRead> {
  const positions = previewPositions(fileCount, limits.previewsPerDataset ?? 1);
  const lastPosition = Math.max(-1, ...positions);
  let headers = 0;
  let index = -1;
  for await (const file of files) {
    if (!isImageFile(file)) continue;
    index += 1;
    const preview = positions.has(index);
    const header = !hasTechnical(file) && headers < limits.headersPerDataset;
    if (header) headers += 1;
    if (preview || header) yield { file, index, preview, header };
    else if (headers >= limits.headersPerDataset && index > lastPosition) return;
  }
}

export async function enrichRecord(
  record: ExperimentRecord,
  o: {
    /**
     * A dataset's validated files, read quietly: the stage passes its own reader (its full
     * pass over the listing reports the listing's problems); otherwise `source` is read.
     */
    files?: (datasetId: string) => AsyncIterable<Datafile>;
    source?: CatalogueSource;
    objects: ObjectSourceFor;
    cache: EnrichCache;
    sink: DiagnosticSink;
    limits: EnrichLimits;
    index: EnrichmentIndex;
  },
): Promise<void> {
  if (record.release.state !== 'released' || !isDiffractionRecord(record)) return;
  // Listing problems are reported by validation or the stage's pass; not twice.
  const files = o.files ?? ((datasetId: string) => validDatafiles(o.source!, record, datasetId, new DiagnosticSink()));
  for (const dataset of record.datasets) {
    const result: DatasetEnrichment = { preview: null, previewStatus: 'unavailable', previewTechnical: {}, previewFile: null, technical: new Map(), filePreviews: new Map() };
    for await (const { file, index, preview, header } of imagesToRead(withContentKey(files(dataset.id)), dataset.fileCount, o.limits)) {
      let enrichment: DatafileEnrichment;
      try {
        enrichment = await enrichDatafile(o.objects(file.key), file, o.cache, { previews: preview, record: record.id });
      } catch (error) {
        o.sink.add({ code: 'image/unreadable', record: record.id, file: file.path, message: `Cannot read ${file.key}: ${(error as Error).message}.` });
        continue;
      }
      for (const d of enrichment.diagnostics) o.sink.list.push(d);
      if (header && Object.keys(enrichment.technical).length) result.technical.set(contentKey(file)!, enrichment.technical);
      if (preview && enrichment.preview) result.filePreviews.set(contentKey(file)!, enrichment.preview);
      if (index === 0) {
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

/** Files whose enrichment can be cached by content (CRC32, Adler-32 and unchecked files are passed over). */
async function* withContentKey(files: AsyncIterable<Datafile>): AsyncGenerator<Datafile> {
  for await (const f of files) if (contentKey(f) !== null) yield f;
}
