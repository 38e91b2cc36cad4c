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
  'catalogue/link-outside': {
    severity: 'error',
    title: 'A file of a record is a symbolic link out of its folder, and is not read',
    hint: 'Copy the file into the record folder: a link may point only inside it, since the target (/etc/passwd, the build\'s own environment) would otherwise be published.',
  },
  'catalogue/ambiguous-metadata': {
    severity: 'warning',
    title: 'An experiment folder holds both datacite.json and datacite.xml',
    hint: 'Keep one of them; datacite.json is used and datacite.xml is ignored.',
  },
  'catalogue/duplicate-key': {
    severity: 'error',
    title: 'A JSON object gives the same key twice',
    hint: 'Keep one of the two values; JSON readers disagree on which one wins, so Aperture refuses to guess.',
  },
  'catalogue/too-deep': {
    severity: 'error',
    title: 'A metadata file nests too deeply or has an array with too many items',
    hint: 'Metadata files nest at most 64 levels and arrays hold at most 10,000 items (docs/security.md); the file is left out.',
  },
  'catalogue/too-large': {
    severity: 'error',
    title: 'A metadata file or listing line is larger than Aperture reads',
    hint: 'Metadata files are read up to 10 MiB and listing lines up to 64 KiB (docs/security.md).',
  },
  'catalogue/undecodable-text': {
    severity: 'error',
    title: 'A file is not valid text in its encoding',
    hint: 'Save the file as UTF-8 (XML may declare another encoding in its <?xml encoding="…"?> declaration).',
  },
  'catalogue/text-cleaned': {
    severity: 'warning',
    title: 'Control characters or non-characters were removed from text',
    hint: 'Characters such as U+0000–U+001F (except tab and line breaks), U+007F–U+009F and U+FFFE/U+FFFF are invisible and cannot be written to XML or YAML; they usually come from copying out of PDFs. Remove them from the source.',
  },
  'catalogue/bidi-controls': {
    severity: 'warning',
    title: 'Bidirectional control characters were removed from text',
    hint: 'U+202A–U+202E and U+2066–U+2069 make text show in another order than it is written (a name can reverse the citation after it, "gnp.exe" can show as "exe.png"). Remove them from the source; right-to-left text shows correctly without them.',
  },
  'catalogue/garbled-text': {
    severity: 'warning',
    title: 'Text looks like UTF-8 that was read as Latin-1 or Windows-1252 (mojibake)',
    hint: 'Characters such as "Ã±" for "ñ" or "â€™" for "’" come from a file saved in one encoding and read in another; correct the text where it was registered. It is published as written.',
  },
  'catalogue/unknown-property': {
    severity: 'warning',
    title: 'A DataCite JSON file has a top-level property that is not DataCite metadata',
    hint: 'Only DataCite Metadata Schema properties are published; check the spelling (e.g. "titles", "rightsList").',
  },
  'catalogue/path-unsafe': {
    severity: 'error',
    title: 'A file path in a listing is not a plain relative path',
    hint: 'Paths are relative, use "/" between folders, and have no empty, "." or ".." segments, no drive letters, backslashes, control or bidirectional characters, and no segment ending in a dot or space.',
  },
  'catalogue/path-not-portable': {
    severity: 'warning',
    title: 'A file path in a listing cannot be saved under its name on Windows',
    hint: 'The file is offered as listed. Rename it in storage and the listing if readers use Windows: no < > : " | ? * in a name, and no segment named CON, PRN, AUX, NUL, COM1-9 or LPT1-9 (with or without an extension).',
  },
  'catalogue/listing-problems': {
    severity: 'error',
    title: 'More lines of a dataset listing have problems than are reported one by one',
    hint: 'The first lines with problems are reported above with their line numbers; when nearly every line is bad the file is likely no JSON Lines listing (a CSV, a log, another file under its name).',
  },
  'catalogue/path-collision': {
    severity: 'error',
    title: 'Two files of one dataset would be written to the same place',
    hint: 'Rename one of them: downloads and ZIP files would write both to one path (paths differing only in letter case or Unicode normalisation collide on macOS and Windows).',
  },
  'catalogue/read-failed': {
    severity: 'error',
    title: 'Reading a record failed unexpectedly',
    hint: 'The record is left out; the message names the cause. Please report it if the input looks valid.',
  },
} satisfies CodeTable;
