/**
 * One reading of a datafile's checksum: SHA-256 when the listing has one, else the other
 * algorithm the source published, else none. Every output (file tables, manifests,
 * Metalink, aria2 input, JSON-LD) asks here, so none claims a SHA-256 a file lacks.
 */
import type { Datafile, OtherChecksumAlgorithm } from './types.ts';

export type ChecksumAlgorithm = 'sha256' | OtherChecksumAlgorithm;

export interface FileChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
}

/** Hex digits of each algorithm's digest. */
export const CHECKSUM_HEX_LENGTH: Readonly<Record<ChecksumAlgorithm, number>> = {
  sha256: 64,
  sha512: 128,
  sha1: 40,
  md5: 32,
  crc32: 8,
  adler32: 8,
};

export const OTHER_CHECKSUM_ALGORITHMS: readonly OtherChecksumAlgorithm[] = ['sha512', 'sha1', 'md5', 'crc32', 'adler32'];

/** How people read the algorithm's name in a file table. */
export const CHECKSUM_LABEL: Readonly<Record<ChecksumAlgorithm, string>> = {
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  sha1: 'SHA-1',
  md5: 'MD5',
  crc32: 'CRC32',
  adler32: 'Adler-32',
};

/**
 * Metalink hash type names (RFC 5854 §4.2.9 uses the IANA "Hash Function Textual Names");
 * CRC32 and Adler-32 are not registered there, so Metalink carries no hash for them.
 */
export const METALINK_HASH_TYPE: Readonly<Partial<Record<ChecksumAlgorithm, string>>> = {
  sha256: 'sha-256',
  sha512: 'sha-512',
  sha1: 'sha-1',
  md5: 'md5',
};

/** aria2's --checksum TYPE names (aria2c --version lists them); it has no CRC32. */
export const ARIA2_HASH_TYPE: Readonly<Partial<Record<ChecksumAlgorithm, string>>> = {
  sha256: 'sha-256',
  sha512: 'sha-512',
  sha1: 'sha-1',
  md5: 'md5',
  adler32: 'adler32',
};

/** Coreutils check files written beside SHA256SUMS (same format); CRC32/Adler-32 have no such tool. */
export const SUMS_FILE: Readonly<Partial<Record<ChecksumAlgorithm, { name: string; tool: string }>>> = {
  sha256: { name: 'SHA256SUMS', tool: 'sha256sum' },
  sha512: { name: 'SHA512SUMS', tool: 'sha512sum' },
  sha1: { name: 'SHA1SUMS', tool: 'sha1sum' },
  md5: { name: 'MD5SUMS', tool: 'md5sum' },
};

export function fileChecksum(file: Pick<Datafile, 'sha256' | 'checksum'>): FileChecksum | null {
  if (file.sha256) return { algorithm: 'sha256', value: file.sha256 };
  return file.checksum ?? null;
}

/** "SHA-256 e3b0…" or "no checksum published", for people. */
export function checksumText(file: Pick<Datafile, 'sha256' | 'checksum'>): string {
  const c = fileChecksum(file);
  return c ? `${CHECKSUM_LABEL[c.algorithm]} ${c.value}` : 'no checksum published';
}

/**
 * The key content-addressed caches (enrichment, frame previews) use: the SHA-256, else
 * `<algorithm>-<hex>` for the other cryptographic digests. CRC32, Adler-32 and no checksum
 * give null: 8 hex digits collide among a detector's same-size frames, so those files are
 * not cached or previewed rather than shown another file's picture.
 */
export function contentKey(file: Pick<Datafile, 'sha256' | 'checksum'>): string | null {
  if (file.sha256) return file.sha256;
  const c = file.checksum;
  if (c && (c.algorithm === 'sha512' || c.algorithm === 'sha1' || c.algorithm === 'md5')) return `${c.algorithm}-${c.value}`;
  return null;
}
