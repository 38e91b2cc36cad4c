/** Diagnostic codes of the catalogue (load) stage. */
import type { CodeTable } from '../diagnostics/codes.ts';

export const CATALOGUE_CODES = {
  'catalogue/not-found': {
    severity: 'error',
    title: 'The catalogue path does not exist or cannot be read',
    hint: 'Pass --catalogue with a folder of experiment folders (docs/catalogue.md) or of DataCite XML/JSON files.',
  },
  'catalogue/malformed-json': {
    severity: 'error',
    title: 'A JSON file does not parse',
    hint: 'Fix the syntax at the line and column given; the record is left out until then.',
  },
  'catalogue/malformed-xml': {
    severity: 'error',
    title: 'An XML file is not well-formed or is not DataCite XML',
    hint: 'Check the file against the DataCite kernel 4.x schema (xmllint --schema).',
  },
  'catalogue/missing-metadata': {
    severity: 'error',
    title: 'An experiment folder has no DataCite metadata file',
    hint: 'Add datacite.json (REST attributes shape) or datacite.xml beside experiment.json.',
  },
  'catalogue/experiment-invalid': {
    severity: 'error',
    title: 'experiment.json does not match the catalogue format',
    hint: 'See docs/catalogue.md for the fields of experiment.json.',
  },
  'catalogue/release-state': {
    severity: 'error',
    title: 'The release state is missing or unknown, so the record is treated as unpublished',
    hint: 'Set release.state to released, metadata-only, unpublished or withdrawn.',
  },
  'catalogue/datafile-invalid': {
    severity: 'error',
    title: 'A datafile line in a dataset listing is malformed',
    hint: 'Each line of a listing is one JSON object with path, size, mediaType, key and sha256 (or checksum { algorithm, value }).',
  },
  'catalogue/checksum-invalid': {
    severity: 'error',
    title: 'A datafile\'s checksum does not fit its algorithm, or the line gives two checksums',
    hint: 'Give sha256 (64 hex digits) or checksum { algorithm, value } with sha512 128, sha1 40, md5 32, crc32 or adler32 8 lower-case hex digits (zero-padded); not both.',
  },
  'catalogue/checksum-missing': {
    severity: 'warning',
    title: 'Files of a dataset have no published checksum',
    hint: 'Their pages say "no checksum published" and downloads cannot be verified; record a checksum (SHA-256 preferred) in the listing.',
  },
  'catalogue/listing-mismatch': {
    severity: 'warning',
    title: 'A dataset listing disagrees with the counts in experiment.json',
    hint: 'Regenerate fileCount/totalBytes from the listing.',
  },
  'catalogue/duplicate-id': {
    severity: 'error',
    title: 'Two records or datasets share an id',
    hint: 'Ids must be unique; rename one of them.',
  },
  'catalogue/invalid-id': {
    severity: 'error',
    title: 'A record or dataset id is not URL-safe',
    hint: 'Ids are lower-case: a letter or digit, then letters, digits, ".", "_" or "-" ([a-z0-9][a-z0-9._-]*).',
  },
  'catalogue/listing-missing': {
    severity: 'error',
    title: 'A dataset names a file listing that cannot be read',
    hint: 'Create the JSON Lines listing (one datafile per line) or fix the dataset\'s "listing" path.',
  },
  'catalogue/ambiguous-metadata': {
    severity: 'warning',
    title: 'An experiment folder holds both datacite.json and datacite.xml',
    hint: 'Keep one of them; datacite.json is used and datacite.xml is ignored.',
  },
} satisfies CodeTable;
