/**
 * Dataset file-listing pages. Files arrive as a stream and leave as fixed-size pages, so
 * a 200,000-file dataset is never held in memory or written into one page.
 */
import type { Datafile, ExperimentRecord } from '../record/types.ts';
import { chromeTitle, type DatasetSummary } from './landing.ts';
import { datasetPath, landingPath } from '../record/identity.ts';
import { formatBytes, formatCount } from './format.ts';
import { technicalLine } from './technical.ts';
import { objectUrl } from '../storage/object-url.ts';
import { doiUrl } from '../record/doi.ts';
import { CHECKSUM_LABEL, fileChecksum, type FileChecksum } from '../record/checksum.ts';

export interface FileRow {
  path: string;
  /** Object-storage key (selection manifests and bucket tools use it). */
  key: string;
  name: string;
  size: number;
  sizeText: string;
  /** Absent when the source published another checksum (then `checksum`) or none. */
  sha256?: string;
  /** The file's checksum for people and the selection code: algorithm and hex value, or null ("no checksum published"). */
  checksum: FileChecksum | null;
  /** e.g. "MD5", or "no checksum published". */
  checksumLabel: string;
  mediaType: string;
  formatLabel: string;
  /** Direct object-storage URL; null when verification found the object missing. */
  url: string | null;
  technical: string;
  /** Where `technical` came from; null for files that carry none (logs, MTZ…). */
  technicalSource: FileTechnicalSource;
  /** A rendered frame of this file (a few per dataset, spread over the sweep). */
  preview: { src: string; width: number; height: number } | null;
}

/**
 * listing: the catalogue's file listing; file: read from the file's header by Aperture;
 * not-read: an image whose header was not read (beyond the per-dataset budget, or
 * unreadable); not-diffraction: an image of a technique Aperture reads no geometry for.
 */
export type FileTechnicalSource = 'listing' | 'file' | 'not-read' | 'not-diffraction' | null;

export interface FilePageModel {
  recordSlug: string;
  landingPath: string;
  recordTitle: string;
  /** The dataset's title in the page chrome (chromeTitle): browser tab and table caption; the heading keeps it whole. Absent from models kept from earlier builds. */
  datasetTitle?: string;
  doiDisplay: string;
  doiUrl: string;
  dataset: DatasetSummary;
  page: number;
  pageCount: number;
  path: string;
  /** Index of the first file on this page (1-based), for "files 501–1000 of 20,000". */
  first: number;
  last: number;
  totalText: string;
  files: FileRow[];
  /** The page links worth showing: first, last and three either side of this one (not all of them: 400 pages × 400 links would make pagination quadratic). */
  pages: Array<{ page: number; path: string }>;
  prevPath: string | null;
  nextPath: string | null;
  /** Per-dataset manifests (checksums, URL list, aria2, Metalink) and copyable commands. */
  manifests: Array<{ label: string; href: string; filename: string }>;
  commands: Array<{ tool: string; description: string; command: string }>;
  /** Largest selection zipped in the browser before steering to a manifest. */
  maxZipBytes: number;
  /** Files per page, so the browser can find the page of file n. */
  filesPerPage: number;
}

const FORMAT_LABELS: Record<string, string> = {
  'application/x-cbf': 'CBF',
  'image/x-cbf': 'CBF',
  'application/x-hdf5': 'HDF5',
  'application/x-nexus': 'NeXus/HDF5',
  'application/x-smv': 'SMV',
  'image/x-smv': 'SMV',
  'application/zip': 'ZIP',
  'application/x-tar': 'TAR',
  'text/plain': 'Text',
  'application/json': 'JSON',
};

export function formatLabel(mediaType: string, path: string): string {
  const known = FORMAT_LABELS[mediaType.toLowerCase()];
  if (known) return known;
  const ext = /\.([a-z0-9]{1,6})(?:\.(gz|bz2))?$/i.exec(path);
  return ext ? ext[1].toUpperCase() : mediaType;
}

export function fileRow(
  file: Datafile,
  publicBaseUrl: string,
  available = true,
  preview: FileRow['preview'] = null,
  technicalSource: FileTechnicalSource = file.technical ? 'listing' : null,
): FileRow {
  return {
    path: file.path,
    key: file.key,
    name: file.path.split('/').pop() ?? file.path,
    size: file.size,
    sizeText: formatBytes(file.size),
    sha256: file.sha256,
    checksum: fileChecksum(file),
    checksumLabel: fileChecksum(file) ? CHECKSUM_LABEL[fileChecksum(file)!.algorithm] : 'no checksum published',
    mediaType: file.mediaType,
    formatLabel: formatLabel(file.mediaType, file.path),
    url: available ? objectUrl({ publicBaseUrl }, file.key) : null,
    technical: technicalLine(file.technical),
    technicalSource,
    preview,
  };
}

export interface FilePageContext {
  record: ExperimentRecord;
  recordTitle: string;
  dataset: DatasetSummary;
  totalFiles: number;
  filesPerPage: number;
  manifests: FilePageModel['manifests'];
  commands: FilePageModel['commands'];
  maxZipBytes: number;
}

export function pageCount(totalFiles: number, filesPerPage: number): number {
  return Math.max(1, Math.ceil(totalFiles / filesPerPage));
}

/** Page numbers to link from page `page` of `count`: the ends and a window around it. */
export function nearbyPages(page: number, count: number, window = 3): number[] {
  const pages = new Set<number>([1, count]);
  for (let n = Math.max(1, page - window); n <= Math.min(count, page + window); n++) pages.add(n);
  return [...pages].sort((a, b) => a - b);
}

export function toFilePage(ctx: FilePageContext, page: number, files: FileRow[]): FilePageModel {
  const count = pageCount(ctx.totalFiles, ctx.filesPerPage);
  const first = (page - 1) * ctx.filesPerPage + 1;
  return {
    recordSlug: ctx.record.slug,
    landingPath: landingPath(ctx.record.slug),
    recordTitle: ctx.recordTitle,
    datasetTitle: chromeTitle(ctx.dataset.title),
    doiDisplay: ctx.record.datacite.doi,
    doiUrl: doiUrl(ctx.record.doi),
    dataset: ctx.dataset,
    page,
    pageCount: count,
    path: datasetPath(ctx.record.slug, ctx.dataset.id, page),
    first: files.length ? first : 0,
    last: first + files.length - 1,
    totalText: formatCount(ctx.totalFiles),
    files,
    pages: nearbyPages(page, count).map((n) => ({ page: n, path: datasetPath(ctx.record.slug, ctx.dataset.id, n) })),
    prevPath: page > 1 ? datasetPath(ctx.record.slug, ctx.dataset.id, page - 1) : null,
    nextPath: page < count ? datasetPath(ctx.record.slug, ctx.dataset.id, page + 1) : null,
    manifests: ctx.manifests,
    commands: ctx.commands,
    maxZipBytes: ctx.maxZipBytes,
    filesPerPage: ctx.filesPerPage,
  };
}
