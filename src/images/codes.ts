/** Diagnostic codes of the image readers (format detection, headers, pixels, previews). */
import type { CodeTable } from '../diagnostics/codes.ts';

export const IMAGE_CODES = {
  'image/unknown-format': {
    severity: 'warning',
    title: 'The file is not a recognised diffraction image format',
    hint: 'Aperture reads CBF/imgCIF, SMV and HDF5 (NXmx, DECTRIS EIGER); other files get no technical metadata.',
  },
  'image/unreadable': {
    severity: 'error',
    title: 'The file could not be read',
    hint: 'Check the path or URL and that the object is readable (permissions, network).',
  },
  'image/truncated': {
    severity: 'error',
    title: 'The file ends before the header or pixel data it announces',
    hint: 'The upload is probably incomplete; compare the size and SHA-256 with the original.',
  },
  'image/malformed-header': {
    severity: 'warning',
    title: 'A header value is missing or cannot be parsed',
    hint: 'The value is left out of the technical metadata; the rest of the header is still used.',
  },
  'image/checksum-mismatch': {
    severity: 'error',
    title: 'The binary section does not match its Content-MD5 or X-Binary-Size',
    hint: 'The pixel data are corrupt; no preview is made from them.',
  },
  'image/corrupt-data': {
    severity: 'error',
    title: 'Compressed pixel data could not be decoded',
    hint: 'The compressed stream or chunk is damaged; no preview is made from it.',
  },
  'image/unsupported-compression': {
    severity: 'info',
    title: 'The pixel compression is not supported; metadata only',
    hint: 'x-CBF_BYTE_OFFSET (CBF) and bitshuffle/LZ4, LZ4, deflate (HDF5) are decoded; other schemes give metadata without a preview.',
  },
  'image/missing-external-data': {
    severity: 'warning',
    title: 'Pixel data live in an external or virtual-dataset source file that is missing',
    hint: 'Publish the *_data_*.h5 files next to the master file; metadata is still read from the master.',
  },
  'image/too-large': {
    severity: 'error',
    title: 'The header announces more pixels or bytes than the reader allows',
    hint: 'A frame above the pixel limit (64 Mpx by default) is refused rather than allocated.',
  },
  'image/unknown-units': {
    severity: 'warning',
    title: 'A value has a units attribute that cannot be converted',
    hint: 'Write SI or common crystallographic units (m, mm, angstrom, nm, s, deg, pixel) in the @units attribute.',
  },
  'image/no-frame': {
    severity: 'info',
    title: 'The file holds no image frame to preview',
    hint: 'Master files without data, scalar placeholders and non-image HDF5 files get metadata only.',
  },
  'image/preview-failed': {
    severity: 'warning',
    title: 'The preview image could not be encoded',
    hint: 'The page shows "preview unavailable"; the metadata are unaffected.',
  },
  'image/declared-mismatch': {
    severity: 'warning',
    title: 'A technical value declared in experiment.json differs from what the files say',
    hint: 'Pages show the value read from the files, with a note giving the declared one; correct experiment.json (or the files) so they agree.',
  },
} satisfies CodeTable;
