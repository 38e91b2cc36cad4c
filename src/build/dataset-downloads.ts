/**
 * Bulk-download manifests for one dataset (checksums, URL list, aria2, Metalink, curl
 * script) written as static files beside its pages, plus the copyable commands that use them.
 */
import path from 'node:path';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../validate/record.ts';
import type { DatasetSummary } from '../model/landing.ts';
import type { FilePageModel } from '../model/dataset-page.ts';
import { datasetPath, absoluteUrl } from '../model/slug.ts';
import { datasetEntries, writeManifests, FORMATS, type ManifestFormat } from '../storage/manifests.ts';
import { downloadCommands } from '../storage/download-commands.ts';
import { validDatafiles } from '../validate/validate-catalogue.ts';
import type { StageOptions } from './stage.ts';

const MANIFEST_LABELS: Record<ManifestFormat, string> = {
  sha256: 'SHA-256 checksums (SHA256SUMS)',
  urls: 'URL list (urls.txt)',
  aria2: 'aria2 input file with checksums',
  metalink: 'Metalink 4 (.meta4)',
  curl: 'curl download script',
};

export async function writeDatasetDownloads(
  o: StageOptions,
  record: ExperimentRecord,
  dataset: DatasetSummary,
): Promise<Pick<FilePageModel, 'manifests' | 'commands'>> {
  const sitePath = `${datasetPath(record.slug, dataset.id)}manifest/`;
  const summary = await writeManifests(
    path.join(o.publicDir, sitePath),
    { label: `dataset ${dataset.id} of https://doi.org/${record.datacite.doi}` },
    // A second read of the listing keeps memory flat for 200,000 files; its problems were
    // reported by the first read (file pages), so this one's diagnostics are dropped.
    datasetEntries(validDatafiles(o.source, record, dataset.id, new DiagnosticSink()), o.config.storage.publicBaseUrl),
  );
  const manifests = (Object.keys(summary.files) as ManifestFormat[]).map((format) => ({
    label: MANIFEST_LABELS[format],
    href: sitePath + FORMATS[format].fileName,
    filename: `${dataset.id}-${FORMATS[format].fileName}`,
  }));
  const commands = downloadCommands({
    manifestBaseUrl: absoluteUrl(o.config.siteUrl, sitePath),
    directory: dataset.id,
    storage: o.config.storage,
    keyPrefix: summary.keyPrefix,
  });
  return { manifests, commands };
}
