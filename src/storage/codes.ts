/** Diagnostic codes of object-storage verification (docs/storage.md#error-codes). */
import type { CodeTable } from '../diagnostics/codes.ts';

export const STORAGE_CODES = {
  'storage/missing': {
    severity: 'error',
    title: 'A datafile the catalogue lists does not exist in the object store (404)',
    hint: 'Upload the object under the listed key, or correct the key in the dataset listing. The page marks the file unavailable until then.',
  },
  'storage/forbidden': {
    severity: 'error',
    title: 'The object store refused to show a datafile (403)',
    hint: 'Readers will get the same refusal: make the object publicly readable (bucket policy or ACL), or give the build credentials if only listing is private.',
  },
  'storage/size-mismatch': {
    severity: 'error',
    title: 'The stored object has a different size from the one the catalogue lists',
    hint: 'The upload is incomplete or the listing is stale: re-upload the file or regenerate size and sha256 in the listing.',
  },
  'storage/unreachable': {
    severity: 'error',
    title: 'The object store did not answer (network error, timeout or 5xx after retries)',
    hint: 'Check storage.endpoint and the network; verification stops early when the store is down instead of waiting per file.',
  },
  'storage/html-answer': {
    severity: 'error',
    title: 'The object store answered with an HTML page (a sign-in or proxy error page) where its XML or an object was expected',
    hint: 'Check storage.endpoint and whether the store is behind a sign-in or a proxy. Verification stops at the first such page; no file is reported missing on its word.',
  },
  'storage/size-filled': {
    severity: 'info',
    title: 'A datafile size missing from the catalogue was filled in from the object store',
    hint: 'Add the size to the dataset listing so builds do not depend on the store.',
  },
  'storage/not-configured': {
    severity: 'error',
    title: 'Storage verification was asked for but storage.bucket (or endpoint) is not configured',
    hint: 'Set storage.bucket and storage.endpoint in aperture.config.json or APERTURE_STORAGE_BUCKET/APERTURE_STORAGE_ENDPOINT.',
  },
} satisfies CodeTable;
