/**
 * One dataset's listing into fixed-size file pages. Files are pushed in (the stage reads
 * the listing once for every writer) and rows are written in chunks as they arrive; once
 * the real count is known each chunk becomes a full page model, so a listing that
 * disagrees with experiment.json still paginates correctly (and is reported).
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Datafile, ExperimentRecord, TechnicalMetadata } from '../record/types.ts';
import { aggregateTechnical, type TechnicalAggregate } from '../enrich/aggregate.ts';
import { fileTechnicalSource, reconcileAndReport } from './technical-provenance.ts';
import { contentKey } from '../record/checksum.ts';
import { fileRow, toFilePage, type FilePageContext, type FileRow } from '../model/dataset-page.ts';
import type { DatasetSummary } from '../model/landing.ts';
import { datasetPath } from '../record/identity.ts';
import type { StagedPage } from './stage-types.ts';
import { writeJson, writeModel } from './write-json.ts';
import { listingMismatch } from '../validate/listing-mismatch.ts';

export interface DatasetPagesResult {
  pages: StagedPage[];
  files: number;
  bytes: number;
  /** Wavelength range, total oscillation, frames, detectors over the files' technical metadata. */
  aggregate: TechnicalAggregate;
}

/** CBF and SMV files hold one frame each; HDF5 says how many it holds. */
function withFrameCount(file: Datafile, technical: TechnicalMetadata | undefined): TechnicalMetadata {
  const t = technical ?? {};
  return t.frames == null && /cbf|smv/i.test(file.mediaType + file.path) ? { ...t, frames: 1 } : t;
}

export interface DatasetPagesOptions {
  /** Where this record's models are written (the stage's models folder or its cache entry). */
  stageDir: string;
  /** Folder (relative to stageDir) for this record's models. */
  modelDir: string;
  record: ExperimentRecord;
  recordTitle: string;
  dataset: DatasetSummary;
  filesPerPage: number;
  publicBaseUrl: string;
  isAvailable: (key: string) => boolean;
  /** Technical metadata read from the file itself, for files whose listing has none. */
  technicalFor?: (sha256: string) => Datafile['technical'] | undefined;
  /** The published preview of a file, when the enrich stage made one. */
  previewFor?: (sha256: string) => FileRow['preview'] | undefined;
  maxZipBytes: number;
  sink: DiagnosticSink;
}

export interface DatasetPagesWriter {
  /** One validated file of the listing, in listing order. */
  add(file: Datafile): Promise<void>;
  /** Writes the page models, once the downloads offered on every page are known. */
  finish(downloads: Pick<FilePageContext, 'manifests' | 'commands'>): Promise<DatasetPagesResult>;
}

/**
 * Rows a dataset keeps in memory until its page models are written (about 1 KB each): the
 * common dataset of tens or hundreds of files is never written twice. Past this, chunks go
 * to disk and are read back, so a 200,000-file dataset still costs constant memory.
 */
export const ROWS_HELD_IN_MEMORY = 2_000;

export function datasetPagesWriter(o: DatasetPagesOptions): DatasetPagesWriter {
  const dir = `${o.modelDir}/datasets/${o.dataset.id}`;
  let chunk: FileRow[] = [];
  /** Each finished chunk: its rows, or null once written to rows-<n>.json. */
  const chunks: Array<FileRow[] | null> = [];
  let files = 0;
  let bytes = 0;
  // Only the few numbers the aggregate needs are kept per file (a 200,000-file dataset costs a few MB).
  const technicalOfFiles: TechnicalMetadata[] = [];
  const flush = async () => {
    if (files <= ROWS_HELD_IN_MEMORY) {
      chunks.push(chunk);
    } else {
      chunks.push(null);
      await writeJson(o.stageDir, `${dir}/rows-${chunks.length}.json`, chunk);
    }
    chunk = [];
  };
  return {
    async add(file) {
      files += 1;
      bytes += file.size;
      const key = contentKey(file);
      const technical = file.technical ?? (key === null ? undefined : o.technicalFor?.(key));
      technicalOfFiles.push(withFrameCount(file, technical));
      chunk.push(fileRow({ ...file, technical }, o.publicBaseUrl, o.isAvailable(file.key), (key === null ? null : o.previewFor?.(key)) ?? null, fileTechnicalSource(o.record, file, technical)));
      if (chunk.length === o.filesPerPage) await flush();
    },
    async finish(downloads) {
      if (chunk.length > 0 || chunks.length === 0) await flush();
      const mismatch = listingMismatch(o.record, o.dataset, { files, bytes }, '; pages show the listing');
      if (mismatch) o.sink.add(mismatch);
      const aggregate = aggregateTechnical(technicalOfFiles);
      const dataset = { ...o.dataset, fileCount: files, totalBytes: bytes, technical: reconcileAndReport(o.dataset.technical, aggregate, { record: o.record, datasetId: o.dataset.id, sink: o.sink }) };
      const ctx: FilePageContext = {
        record: o.record,
        recordTitle: o.recordTitle,
        dataset,
        totalFiles: files,
        filesPerPage: o.filesPerPage,
        manifests: downloads.manifests,
        commands: downloads.commands,
        maxZipBytes: o.maxZipBytes,
      };
      const pages: StagedPage[] = [];
      for (let page = 1; page <= chunks.length; page++) {
        const model = `${dir}/page-${page}.json`;
        const digest = await writeModel(o.stageDir, model, toFilePage(ctx, page, chunks[page - 1] ?? (await takeRows(path.join(o.stageDir, `${dir}/rows-${page}.json`)))));
        chunks[page - 1] = null;
        pages.push({ kind: 'files', route: datasetPath(o.record.slug, o.dataset.id, page).replace(/^\/doi\/|\/$/g, ''), model, digest });
      }
      return { pages, files, bytes, aggregate };
    },
  };
}

/** A chunk of rows written to disk by `flush`, read back and removed. */
async function takeRows(file: string): Promise<FileRow[]> {
  const rows = JSON.parse(await readFile(file, 'utf8')) as FileRow[];
  await rm(file);
  return rows;
}
