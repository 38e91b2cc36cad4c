/**
 * A mapped remote record → the files of a catalogue folder (datacite.json,
 * experiment.json, description.md, datasets/<id>.jsonl) and the RawExperiment the load
 * stage would read from them. Control characters are cleaned, unsafe paths and absurd
 * sizes left out, files whose checksum algorithm is unknown set aside (a file with no
 * checksum at all is listed, and warned about once per dataset); every listing line passes the same
 * validateDatafile as content/. The mirror writer and the CatalogueSource adapter share it.
 */
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { RawExperiment } from '../catalogue/types.ts';
import { validateDatafile } from '../validate/experiment.ts';
import { ListingProblems } from '../validate/listing-problems.ts';
import { filesDigest } from './mirror.ts';
import type { MappedRecord, RemoteFile } from './types.ts';
import { CHECKSUM_HEX_LENGTH, OTHER_CHECKSUM_ALGORITHMS } from '../record/checksum.ts';
import type { OtherChecksum } from '../record/types.ts';
import { cleanRecord, joinKey, mediaTypeFor, parseSize, safeRelative, toId } from './text.ts';
import { Forbidden, NotFound } from './http.ts';

export interface CatalogueRecord {
  /** Relative path in the record folder → text. */
  files: Map<string, string>;
  raw: RawExperiment;
  /** Dataset id → JSON lines of files that could not be listed (unknown checksum algorithm or malformed value), with that checksum. */
  unlisted: Map<string, string[]>;
  /** A dataset whose files are asked for as they are read (RemoteDataset.requested) was answered: read to its end, or hidden. */
  answered: boolean;
}

export async function toCatalogueRecord(remote: MappedRecord, id: string, sinks: { record: DiagnosticSink; files: DiagnosticSink }): Promise<CatalogueRecord> {
  const where = `${remote.origin.id} (${remote.origin.url})`;
  const cleaned = cleanRecord(
    JSON.parse(JSON.stringify({ datacite: remote.datacite, experiment: remote.experiment, description: remote.descriptionMarkdown })) as { datacite: Record<string, unknown>; experiment: Record<string, unknown>; description: string | null },
    sinks.record.scoped({ record: id }),
    where,
  );
  const files = new Map<string, string>();
  const unlistedByDataset = new Map<string, string[]>();
  const datasets: Array<Record<string, unknown>> = [];
  const usedIds = new Set<string>();
  const fileSink = sinks.files;
  let answered = false;
  for (const dataset of remote.datasets) {
    let dsId = toId(dataset.sourceId, 'dataset');
    for (let n = 2; usedIds.has(dsId); n++) dsId = `${toId(dataset.sourceId, 'dataset')}-${n}`;
    usedIds.add(dsId);
    const listingName = `datasets/${dsId}.jsonl`;
    const lines: string[] = [];
    const unlisted: string[] = [];
    let total = 0;
    let hidden: NotFound | Forbidden | null = null;
    // A remote dataset of 200,000 bad entries reports its first few and the rest in one
    // summary, as a listing in content/ does. Each problem names the remote entry's number
    // (its "line"): the mirrored listing leaves bad entries out, so it has no line for them.
    const problems = new ListingProblems(fileSink);
    let entry = 0;
    try {
      for await (const file of dataset.files) {
        entry++;
        const filePath = safeRelative(file.path);
        const key = filePath ? joinKey('', file.key) : null;
        if (!filePath || !key) {
          problems.add({ code: 'pull/unsafe-path', record: id, file: remote.origin.url, pointer: `${entry}:1`, message: `${where}: file path ${JSON.stringify(String(file.path).slice(0, 200))} (key ${JSON.stringify(String(file.key).slice(0, 200))}) would escape its dataset; left out.` });
          continue;
        }
        const size = parseSize(file.size);
        if (size === null) {
          problems.add({ code: 'pull/unsafe-value', record: id, file: remote.origin.url, pointer: `${entry}:1`, message: `${where}: file ${filePath} has size ${JSON.stringify(file.size)}, not a byte count; left out.` });
          continue;
        }
        const checksum = listedChecksum(file);
        if (checksum === null) {
          unlisted.push(JSON.stringify({ path: filePath, size, key, checksum: file.otherChecksum }));
          continue;
        }
        const line = { path: filePath, size, ...checksum, mediaType: mediaTypeFor(filePath, file.mediaType), key };
        if (!validateDatafile(line, { record: id, file: `${id}/${listingName}`, line: entry }, problems)) continue;
        lines.push(JSON.stringify(line));
        total += size;
      }
    } catch (error) {
      // The source answers for this dataset's files alone that they are not there (404) or not
      // for anonymous readers (401/403): the dataset is not public; the record and its other datasets are.
      if (!(error instanceof NotFound || error instanceof Forbidden)) throw error;
      hidden = error;
    }
    if (dataset.requested) answered = true;
    problems.addSummary(id, dsId);
    if (hidden) {
      fileSink.add({ code: 'pull/dataset-not-public', record: id, file: hidden.url, message: `${where}: the files of dataset ${dataset.sourceId} answer HTTP ${hidden.status ?? '?'}; the dataset is not mirrored.` });
      continue;
    }
    if (unlisted.length > 0) {
      fileSink.add({ code: 'pull/checksum-unsupported', record: id, file: remote.origin.url, message: `${where}, dataset ${dsId}: ${unlisted.length} file(s) have a checksum of an unknown algorithm or a malformed value and are not listed.` });
      unlistedByDataset.set(dsId, unlisted);
    }
    if (!Number.isSafeInteger(total)) {
      fileSink.add({ code: 'pull/unsafe-value', record: id, message: `${where}, dataset ${dsId}: the total size is not a safe integer; the dataset is left out.` });
      continue;
    }
    files.set(listingName, lines.length ? lines.join('\n') + '\n' : '');
    const title = dataset.title.trim().slice(0, 500) || dsId;
    datasets.push({ id: dsId, title, description: dataset.description, kind: dataset.kind, derivedFrom: null, hitRate: null, fileCount: lines.length, totalBytes: total, technical: null, bundles: [], listing: listingName });
  }
  const experiment = { ...cleaned.experiment, datasets: cleanRecord(datasets, sinks.record, where) };
  files.set('datacite.json', JSON.stringify(cleaned.datacite, null, 2) + '\n');
  files.set('experiment.json', JSON.stringify(experiment, null, 2) + '\n');
  if (cleaned.description) files.set('description.md', cleaned.description.endsWith('\n') ? cleaned.description : cleaned.description + '\n');
  const raw: RawExperiment = {
    id,
    files: { datacite: `${id}/datacite.json`, experiment: `${id}/experiment.json`, description: cleaned.description ? `${id}/description.md` : null },
    datacite: cleaned.datacite,
    experiment,
    descriptionMarkdown: cleaned.description,
    digest: filesDigest(files),
  };
  return { files, raw, unlisted: unlistedByDataset, answered };
}

/**
 * The listing's checksum fields for a remote file: its SHA-256, else the other checksum
 * under a known algorithm (names normalised: 'SHA-512', 'md-5', 'CRC32' …; CRC32 and
 * Adler-32 zero-padded to 8 hex digits), else nothing when the source gave none; null when
 * the source gave a checksum the format cannot carry (unknown algorithm, wrong length).
 */
export function listedChecksum(file: Pick<RemoteFile, 'sha256' | 'otherChecksum'>): { sha256: string } | { checksum: OtherChecksum } | Record<string, never> | null {
  if (file.sha256 && /^[0-9a-f]{64}$/.test(file.sha256)) return { sha256: file.sha256 };
  const other = file.otherChecksum;
  if (!other) return file.sha256 ? null : {};
  const name = other.algorithm.toLowerCase().replace(/[^a-z0-9]/g, '');
  let value = other.value.trim().toLowerCase().replace(/^0x/, '');
  if (name === 'sha256') return /^[0-9a-f]{64}$/.test(value) ? { sha256: value } : null;
  const algorithm = OTHER_CHECKSUM_ALGORITHMS.find((a) => a === name);
  if (!algorithm) return null;
  const digits = CHECKSUM_HEX_LENGTH[algorithm];
  if ((algorithm === 'crc32' || algorithm === 'adler32') && /^[0-9a-f]{1,8}$/.test(value)) value = value.padStart(digits, '0');
  return new RegExp(`^[0-9a-f]{${digits}}$`).test(value) ? { checksum: { algorithm, value } } : null;
}
