/**
 * Bulk-download manifests (checksums, URL list, aria2, Metalink, curl script) written as
 * static files, for one dataset or a whole experiment, plus the copyable commands that
 * use them. Files are pushed in as the stage reads the listing (once, for every writer),
 * so 200,000 files never sit in memory.
 */
import path from 'node:path';
import type { Datafile } from '../record/types.ts';
import type { StorageConfig } from '../config/site-config.ts';
import type { FilePageModel } from '../model/dataset-page.ts';
import { absoluteUrl } from '../record/identity.ts';
import { manifestsWriter, FORMATS, safeRelativePath, type ManifestEntry, type ManifestFormat, type ManifestSummary } from '../storage/manifests.ts';
import { OPTIONAL_FORMATS, shellQuote } from '../storage/manifest-formats.ts';
import { SUMS_FILE, type ChecksumAlgorithm } from '../record/checksum.ts';
import { downloadCommands } from '../storage/download-commands.ts';
import { objectUrl } from '../storage/object-url.ts';

export type Downloads = Pick<FilePageModel, 'manifests' | 'commands'>;

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

/** What the manifests and commands of one scope (a dataset, or the whole experiment) need. */
export interface DownloadsScope {
  /** Folder the manifests are written to (the record's public output). */
  publicDir: string;
  /** Site path of the manifest folder, ending in `/`. */
  sitePath: string;
  /** Metalink/script description, e.g. `dataset sweep-1 of https://doi.org/…`. */
  label: string;
  /** Folder name the download commands create. */
  directory: string;
  siteUrl: string;
  storage: StorageConfig;
}

export interface DownloadsWriter {
  /** A file of the scope; `prefix` places it under a dataset folder in experiment-wide manifests. */
  add(file: Datafile, prefix?: string): Promise<void>;
  finish(): Promise<Downloads>;
}

export function downloadsWriter(scope: DownloadsScope): DownloadsWriter {
  // The scope's folder is inside the record's draft entry (stage-record.ts), new for this record.
  const manifests = manifestsWriter(path.join(scope.publicDir, scope.sitePath), { label: scope.label }, { fresh: true });
  const { publicBaseUrl } = scope.storage;
  return {
    add: (file, prefix) => manifests.add(entry(file, prefix, publicBaseUrl)),
    async finish() {
      const summary = await manifests.finish();
      return {
        manifests: (Object.keys(summary.files) as ManifestFormat[]).map((format) => ({
          label: MANIFEST_LABELS[format],
          href: scope.sitePath + FORMATS[format].fileName,
          filename: `${scope.directory}-${FORMATS[format].fileName}`,
        })),
        commands: [
          ...downloadCommands({
            manifestBaseUrl: absoluteUrl(scope.siteUrl, scope.sitePath),
            directory: scope.directory,
            storage: scope.storage,
            keyPrefix: summary.keyPrefix,
          }),
          ...otherChecksumCommands(summary, absoluteUrl(scope.siteUrl, scope.sitePath), scope.directory),
        ],
      };
    },
  };
}

/** The same entry datasetEntries/experimentEntries make, one file at a time. */
function entry(file: Datafile, prefix: string | undefined, publicBaseUrl: string): ManifestEntry & { key: string } {
  const relative = safeRelativePath(file.path);
  return {
    path: prefix === undefined ? relative : `${safeRelativePath(prefix)}/${relative}`,
    url: objectUrl({ publicBaseUrl }, file.key),
    size: file.size,
    sha256: file.sha256,
    checksum: file.checksum,
    key: file.key,
  };
}

/** Files whose source published MD5/SHA-1/SHA-512 instead of SHA-256 are verified by their own tool. */
function otherChecksumCommands(summary: ManifestSummary, manifestBaseUrl: string, directory: string) {
  return OPTIONAL_FORMATS.flatMap((format) => {
    const sums = SUMS_FILE[format as ChecksumAlgorithm];
    if (!summary.files[format] || !sums) return [];
    return [
      {
        tool: sums.tool,
        description: `Verify the files whose source published ${MANIFEST_LABELS[format].split(' ')[0]} instead of SHA-256.`,
        command: `cd ${shellQuote(directory)} && curl -fsSL ${shellQuote(manifestBaseUrl + sums.name)} | ${sums.tool} -c --quiet -`,
      },
    ];
  });
}
