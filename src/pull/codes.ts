/** Diagnostic codes of `aperture pull` (harvesting a remote catalogue into a local mirror). */
import type { CodeTable } from '../diagnostics/codes.ts';

export const PULL_CODES = {
  'pull/source-unreachable': {
    severity: 'error',
    title: 'The remote catalogue could not be read to the end (down, timing out, or answering garbage)',
    hint: 'The previous mirror was left untouched; build from it (`aperture pull --offline`, then `aperture build`) and pull again later.',
  },
  'pull/record-invalid': {
    severity: 'error',
    title: 'A remote record maps to metadata the catalogue format refuses, so it is left out of the mirror',
    hint: 'Fix the record in the source catalogue (its identifier and URL are in the message); the validation diagnostics beside this one say what is wrong.',
  },
  'pull/record-unreadable': {
    severity: 'error',
    title: 'A record in a listing, or an answer about one record alone (its direct fetch, its datasets or files), is written in a way no reading can trust (a key given twice, nesting too deep), so that record alone is left out; the page\'s other records are read',
    hint: 'Fix the record in the source catalogue (or report it to its operators). It is neither mirrored nor counted missing: a mirrored copy stays as it was until the record can be read again.',
  },
  'pull/record-incomplete': {
    severity: 'error',
    title: 'A request that answers for one record alone (its datasets, files or citation metadata, or a direct fetch) failed after its retries or answered something not in the shape the API promises (a listing that cannot be followed to its end, an entry that is no object), so that record alone is left out',
    hint: 'It is neither mirrored (never with part of its files) nor counted missing: a copy mirrored earlier stays as it was, and the record is asked for again on the next pull. If it persists, report the URL in the message to the source\'s operators. Several records in a row failing this way for want of an answer stop the pull (`pull/source-unreachable`).',
  },
  'pull/not-released': {
    severity: 'info',
    title: 'A remote record is not public yet (or its release status is ambiguous), so it is not mirrored',
    hint: 'Nothing to do if the record is meant to be private; otherwise release it in the source catalogue.',
  },
  'pull/ambiguous-release': {
    severity: 'warning',
    title: 'A remote record\'s release status or date cannot be read, so it is treated as not public',
    hint: 'Give the record an explicit, well-formed status and release date in the source catalogue.',
  },
  'pull/listing-cut-short': {
    severity: 'warning',
    title: 'A listing cannot be followed past a page (a next link naming no page or leading to another host, a server that answers the same page again whatever the offset, or a new cursor or token over records already listed), so it stops there',
    hint: 'Records after that page are not pulled this time, and mirrored records it did not reach stay as they were (a full pull counts none of them missing); report the next link to the source\'s operators.',
  },
  'pull/withdrawn': {
    severity: 'info',
    title: 'A mirrored record was withdrawn in the source (explicit status, or missing too many times) and became a tombstone',
    hint: 'Nothing to do if the withdrawal is intended; the tombstone keeps the DOI resolving.',
  },
  'pull/vanished': {
    severity: 'warning',
    title: 'A mirrored record is missing from the source listing and from a direct fetch; it stays published until it has been missing too many times',
    hint: 'Check the record in the source catalogue; after the configured number of consecutive misses it becomes a tombstone.',
  },
  'pull/duplicate-doi': {
    severity: 'error',
    title: 'Two remote records (from one source or from two sources) carry the same DOI; the later one is left out',
    hint: 'A DOI names one record: fix the duplicate in the source catalogue, or pull the two sources into separate mirrors.',
  },
  'pull/folder-collision': {
    severity: 'warning',
    title: 'Two remote records map to one mirror folder name (DOIs or ids that differ only in punctuation, case or past 120 characters); the later one gets the name followed by a digest',
    hint: 'Nothing is overwritten: the record that held the folder keeps it, the other is mirrored under the name in the message (stable from pull to pull). If both names are taken, the record is left out (an error); rename one in the source.',
  },
  'pull/unsafe-value': {
    severity: 'warning',
    title: 'A remote value held control characters or an absurd number and was cleaned or dropped',
    hint: 'Fix the value in the source catalogue; the mirror holds the cleaned value.',
  },
  'pull/unsafe-path': {
    severity: 'error',
    title: 'A remote file path or object key would escape its dataset (absolute, `..`, backslashes, a URL scheme); the file is left out',
    hint: 'Fix the path in the source catalogue; file paths are relative to the dataset folder.',
  },
  'pull/checksum-unsupported': {
    severity: 'warning',
    title: 'Files whose checksum has an unknown algorithm or a malformed value were left out of a dataset listing',
    hint: 'The catalogue format carries SHA-256, SHA-512, SHA-1, MD5, CRC32 and Adler-32 (or no checksum); fix the checksum in the source. The files left out are kept in .aperture-pull/unlisted/.',
  },
  'pull/dataset-not-public': {
    severity: 'info',
    title: 'A dataset of a released record is not public in the source, so its files are not mirrored',
    hint: 'Publish the dataset in the source catalogue if its files are meant to be downloadable.',
  },
  'pull/techniques-several': {
    severity: 'info',
    title: 'A remote record\'s datasets name several techniques; the catalogue holds one per experiment, so the first is kept',
    hint: 'Nothing to do if the first technique is the main one; otherwise list the main technique first in the source, or split the record.',
  },
  'pull/offline': {
    severity: 'warning',
    title: 'The pull ran offline: the mirror was not refreshed from the source',
    hint: 'Run `aperture pull` without --offline when the source is reachable again.',
  },
} satisfies CodeTable;
