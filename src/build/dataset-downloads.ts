/**
 * Bulk-download manifests (checksums, URL list, aria2, Metalink, curl script) written as
 * static files, for one dataset or a whole experiment, plus the copyable commands that
 * use them. Listings are streamed again here, so 200,000 files never sit in memory.
 */
import path from 'node:path';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import type { DatasetSummary } from '../model/landing.ts';
import type { FilePageModel } from '../model/dataset-page.ts';
import { datasetPath, absoluteUrl, landingPath } from '../record/identity.ts';
import { datasetEntries, experimentEntries, writeManifests, FORMATS, OPTIONAL_FORMATS, shellQuote, type ManifestEntry, type ManifestFormat } from '../storage/manifests.ts';
import { SUMS_FILE, type ChecksumAlgorithm } from '../record/checksum.ts';
import { downloadCommands } from '../storage/download-commands.ts';
import { validDatafiles } from '../validate/validate-catalogue.ts';
import { doiUrl } from '../record/doi.ts';
import type { StageOptions } from './stage.ts';

type Downloads = Pick<FilePageModel, 'manifests' | 'commands'>;

const MANIFEST_LABELS: Record<ManifestFormat, string> = {
  sha256: 'SHA-256 checksums (SHA256SUMS)',
  urls: 'URL list (urls.txt)',
  aria2: 'aria2 input file with checksums',
  metalink: 'Metalink 4 (.meta4)',
  curl: 'curl download script',
  sha512: 'SHA-512 checksums (SHA512SUMS)',
  sha1: 'SHA-1 checksums (SHA1SUMS)',
  md5: 'MD5 checksums (MD5SUMS)',
  tsv: 'File list (TSV: path, size, SHA-256, URL)',
};

async function writeDownloads(
  o: StageOptions,
  sitePath: string,
  label: string,
  directory: string,
  entries: AsyncIterable<ManifestEntry & { key?: string }>,
): Promise<Downloads> {
  const summary = await writeManifests(path.join(o.publicDir, sitePath), { label }, entries);
  const manifests = (Object.keys(summary.files) as ManifestFormat[]).map((format) => ({
    label: MANIFEST_LABELS[format],
    href: sitePath + FORMATS[format].fileName,
    filename: `${directory}-${FORMATS[format].fileName}`,
  }));
  const manifestBaseUrl = absoluteUrl(o.config.siteUrl, sitePath);
  const commands = downloadCommands({ manifestBaseUrl, directory, storage: o.config.storage, keyPrefix: summary.keyPrefix });
  // Files whose source published MD5/SHA-1/SHA-512 instead of SHA-256 are verified by their own tool.
  for (const format of OPTIONAL_FORMATS) {
    const sums = SUMS_FILE[format as ChecksumAlgorithm];
    if (!summary.files[format] || !sums) continue;
    commands.push({
      tool: sums.tool,
      description: `Verify the files whose source published ${MANIFEST_LABELS[format].split(' ')[0]} instead of SHA-256.`,
      command: `cd ${shellQuote(directory)} && curl -fsSL ${shellQuote(manifestBaseUrl + sums.name)} | ${sums.tool} -c --quiet -`,
    });
  }
  return { manifests, commands };
}

/** The listing's problems were reported when its pages were written, so this read is quiet. */
function files(o: StageOptions, record: ExperimentRecord, datasetId: string) {
  return validDatafiles(o.source, record, datasetId, new DiagnosticSink());
}

export function writeDatasetDownloads(o: StageOptions, record: ExperimentRecord, dataset: DatasetSummary): Promise<Downloads> {
  return writeDownloads(
    o,
    `${datasetPath(record.slug, dataset.id)}manifest/`,
    `dataset ${dataset.id} of ${doiUrl(record.doi)}`,
    dataset.id,
    datasetEntries(files(o, record, dataset.id), o.config.storage.publicBaseUrl),
  );
}

export function writeExperimentDownloads(o: StageOptions, record: ExperimentRecord): Promise<Downloads> {
  const datasets = record.datasets.map((d) => ({ id: d.id, files: files(o, record, d.id) }));
  return writeDownloads(
    o,
    `${landingPath(record.slug)}manifest/`,
    `all datasets of ${doiUrl(record.doi)}`,
    record.slug.split('/').pop() ?? record.id,
    experimentEntries(datasets, o.config.storage.publicBaseUrl),
  );
}
