/**
 * Format detection from the first bytes (formats.md §1). HDF5 subtypes need the object
 * tree and are classified by the HDF5 reader; CBF subtypes by the header text.
 */
export type MagicFormat = 'cbf' | 'smv' | 'hdf5' | 'unknown';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** The HDF5 superblock may follow a user block of 512 · 2^n bytes. */
const HDF5_OFFSETS = [0, 512, 1024, 2048];

/** Bytes a caller should read to let `detectMagic` see every signature it knows. */
export const DETECT_BYTES = 2048 + HDF5_SIGNATURE.length;

function startsWithAscii(bytes: Uint8Array, text: string, offset = 0): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

export function hdf5SignatureOffset(bytes: Uint8Array): number | null {
  for (const offset of HDF5_OFFSETS) {
    if (bytes.length >= offset + HDF5_SIGNATURE.length && HDF5_SIGNATURE.every((b, i) => bytes[offset + i] === b)) {
      return offset;
    }
  }
  return null;
}

export function detectMagic(head: Uint8Array): MagicFormat {
  if (startsWithAscii(head, '###CBF')) return 'cbf';
  // SMV must be matched on the long prefix: a bare `{` is EDF.
  if (startsWithAscii(head, '{\nHEADER_BYTES=') || startsWithAscii(head, '{\r\nHEADER_BYTES=')) return 'smv';
  if (hdf5SignatureOffset(head) !== null) return 'hdf5';
  return 'unknown';
}
