/** Publishes a dataset's cached previews beside its page and describes them for the page model. */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ExperimentRecord } from '../validate/record.ts';
import type { DatasetSummary } from '../model/landing.ts';
import { datasetPath } from '../model/slug.ts';
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
