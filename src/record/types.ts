/**
 * Typed records: what the validate stage produces from raw catalogue input and every
 * later stage consumes. Datafiles are not held here; they stream from the source per
 * dataset (see CatalogueSource.datafiles) so a 200,000-file dataset never sits in memory.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';

/**
 * Technical metadata of one diffraction image file (or a dataset aggregate). Keys match
 * `aperture inspect --json`; units are in the names. Absent values are omitted in the
 * catalogue and null in inspect output.
 */
export interface TechnicalMetadata {
  detector?: string | null;
  wavelength_angstrom?: number | null;
  distance_mm?: number | null;
  beam_centre_x_px?: number | null;
  beam_centre_y_px?: number | null;
  pixel_size_x_mm?: number | null;
  pixel_size_y_mm?: number | null;
  exposure_time_s?: number | null;
  oscillation_start_deg?: number | null;
  oscillation_width_deg?: number | null;
  frames?: number | null;
  width_px?: number | null;
  height_px?: number | null;
}

export interface Datafile {
  /** Path within the dataset, e.g. `images/lyso_00001.cbf`. */
  path: string;
  size: number;
  /** Lower-case hex SHA-256 of the file's bytes; absent when the source published another checksum or none. */
  sha256?: string;
  /** The checksum the source published when it is not a SHA-256 (never both; see src/record/checksum.ts). */
  checksum?: OtherChecksum;
  /** IANA media type, e.g. `application/x-hdf5`. */
  mediaType: string;
  /** Object-storage key; the public URL is the configured base URL + key. */
  key: string;
  technical?: TechnicalMetadata;
}

/** Checksum algorithms a listing may carry besides SHA-256 (docs/catalogue.md). */
export type OtherChecksumAlgorithm = 'sha512' | 'sha1' | 'md5' | 'crc32' | 'adler32';

export interface OtherChecksum {
  algorithm: OtherChecksumAlgorithm;
  /** Lower-case hex, as long as the algorithm's digest (CRC32 and Adler-32: 8 digits, zero-padded). */
  value: string;
}

export interface Bundle {
  /** e.g. `zip`, `tar`. */
  format: string;
  key: string;
  size: number;
  sha256: string;
}

export interface DatasetRecord {
  /** Unique within the experiment; URL-safe (`[a-z0-9][a-z0-9._-]*`). */
  id: string;
  title: string;
  description: string | null;
  /** `raw` images, `processed` results, or `hits` (serial crystallography hits-only subset). */
  kind: 'raw' | 'processed' | 'hits';
  /** Id of the dataset this one was derived from (hits-only subsets name their raw dataset). */
  derivedFrom: string | null;
  /** Fraction 0..1 of frames with diffraction (serial crystallography). */
  hitRate: number | null;
  /** Counts and totals as listed in experiment.json, checked against the file listing when it is read. */
  fileCount: number;
  totalBytes: number;
  /** Aggregate technical metadata (e.g. one wavelength for a rotation sweep). */
  technical: TechnicalMetadata | null;
  bundles: Bundle[];
  /** Catalogue path of the file listing (JSON Lines), relative to the catalogue root. */
  listing: string | null;
}

export interface Technique {
  name: string;
  /** PaNET term id, e.g. `PaNET01245`, when known. */
  panet: string | null;
}

/** Release states a catalogue record can be in; anything else is `unpublished`. */
export type ReleaseState = 'released' | 'metadata-only' | 'unpublished' | 'withdrawn';

export interface ReleaseInfo {
  state: ReleaseState;
  /** Date the DOI became public (ISO date). */
  releasedOn: string | null;
  /** metadata-only: the date the files open. */
  filesAvailableFrom: string | null;
  /** withdrawn: when and why. */
  withdrawnOn: string | null;
  withdrawalReason: string | null;
}

export interface ExperimentRecord {
  /** Catalogue id (folder name). */
  id: string;
  /** Lower-cased DOI, the identity of the record across builds. */
  doi: string;
  /** URL slug derived from the DOI (see src/record/identity.ts). */
  slug: string;
  datacite: DataCiteAttributes;
  descriptionMarkdown: string | null;
  release: ReleaseInfo;
  facility: string | null;
  instrument: string | null;
  technique: Technique | null;
  proposal: string | null;
  collected: { start: string | null; end: string | null };
  datasets: DatasetRecord[];
  /** Input digest (see RawExperiment.digest). */
  digest: string;
  /** Catalogue file paths, for diagnostics. */
  files: { datacite: string | null; experiment: string | null; description: string | null };
}
