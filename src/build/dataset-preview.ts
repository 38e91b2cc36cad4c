/** Publishes a dataset's cached previews beside its page and describes them for the page model. */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ExperimentRecord } from '../record/types.ts';
import type { DatasetSummary } from '../model/landing.ts';
import { datasetPath } from '../record/identity.ts';
import { previewModel } from '../model/preview.ts';
import type { DatasetEnrichment } from '../enrich/enrich-catalogue.ts';

export async function publishPreview(
  publicDir: string,
  record: ExperimentRecord,
  dataset: DatasetSummary,
 enrichment: DatasetEnrichment | undefined,
): Promise<Pick<DatasetSummary, 'preview' | 'previewStatus'>> {
  if (!enrichment) return { preview: null, previewStatus: 'not-enriched' };
  if (!enrichment.preview) return { preview: null, previewStatus: 'unavailable' };
  const base = datasetPath(record.slug, dataset.id);
  const out = async (ref: { path: string; width: number; height: number }, name: string) => {
    const file = `${base}${name}${path.extname(ref.path)}`;
    await mkdir(path.dirname(path.join(publicDir, file)), { recursive: true });
    await copyFile(ref.path, path.join(publicDir, file));
    return { src: file, width: ref.width, height: ref.height };
  };
  const thumb = await out(enrichment.preview.thumbnail, 'preview-thumb');
  const view = await out(enrichment.preview.view, 'preview');
  return {
    preview: previewModel(thumb, view, enrichment.previewTechnical, dataset.title, enrichment.previewFile?.split('/').pop() ?? ''),
    previewStatus: 'available',
  };
}

/** Publishes the per-file previews of a dataset (view images) and returns them by checksum. */
export async function publishFilePreviews(
  publicDir: string,
  record: ExperimentRecord,
  datasetId: string,
  enrichment: DatasetEnrichment | undefined,
): Promise<Map<string, { src: string; width: number; height: number }>> {
  const published = new Map<string, { src: string; width: number; height: number }>();
  for (const [sha256, preview] of enrichment?.filePreviews ?? []) {
    const file = `${datasetPath(record.slug, datasetId)}frames/${sha256.slice(0, 16)}${path.extname(preview.view.path)}`;
    await mkdir(path.dirname(path.join(publicDir, file)), { recursive: true });
    await copyFile(preview.view.path, path.join(publicDir, file));
    published.set(sha256, { src: file, width: preview.view.width, height: preview.view.height });
  }
  return published;
}
