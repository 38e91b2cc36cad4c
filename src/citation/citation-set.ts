/**
 * Everything the citation box and the per-record exports need, computed once per record.
 * Formatted styles cost about 2.4 ms each in citation-js (stack-notes §5), so
 * `cachedCitations` memoises the whole set on disk by record digest: a rebuild with
 * unchanged records formats nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataCiteAttributes } from '../datacite/types.ts';
import { risExtras, toCsl } from './csl.ts';
import { dataciteCitation } from './datacite-citation.ts';
import { toCff } from './cff.ts';
import { withRepeatedTitles } from '../record/fields.ts';
import {
  formatBibtex,
  formatBiblatex,
  formatCslJson,
  formatRis,
  formatStyles,
  type FormattedCitation,
  type StyleName,
} from './formats.ts';

export interface CitationSet {
  /** DataCite-recommended citation, plain text. */
  datacite: string;
  styles: Record<StyleName, FormattedCitation>;
  bibtex: string;
  biblatex: string;
  ris: string;
  /** CSL-JSON file content (a one-item array). */
  cslJson: string;
  /** CITATION.cff content. */
  cff: string;
}

/**
 * Bump when any output format changes, so cached sets made by older code are not reused.
 * Part of the cache key together with the record digest.
 */
export const CITATION_CACHE_VERSION = 6;

/** `releasedOn`: the day the record became public, so a citation never names a future year (docs/citation.md). */
export function citationsFor(attrs: DataCiteAttributes, releasedOn: string | null = null): CitationSet {
  const item = toCsl(attrs, { releasedOn });
  // The shown citations are five copies of the title beside the page's heading: a runaway title is cut in them (REPEATED_TITLE_CHARS), never in the exports.
  const shown = withRepeatedTitles(attrs);
  return {
    datacite: dataciteCitation(shown, releasedOn),
    styles: formatStyles(shown === attrs ? item : toCsl(shown, { releasedOn })),
    bibtex: formatBibtex(item),
    biblatex: formatBiblatex(item),
    ris: formatRis(item, risExtras(attrs)),
    cslJson: formatCslJson(item),
    cff: toCff(attrs, releasedOn),
  };
}

function cacheFile(digest: string, cacheDir: string): string {
  // Digests are usually hex already; hashing keeps any other string a safe file name.
  const key = createHash('sha256').update(`${CITATION_CACHE_VERSION}\0${digest}`).digest('hex');
  return join(cacheDir, `${key}.json`);
}

function isCitationSet(v: unknown): v is CitationSet {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return ['datacite', 'bibtex', 'biblatex', 'ris', 'cslJson', 'cff'].every((k) => typeof o[k] === 'string') &&
    typeof o.styles === 'object' && o.styles !== null;
}

/**
 * `citationsFor`, memoised in `cacheDir` by `digest` (the record's input digest). The file
 * is written to a temporary name and renamed, so a concurrent or interrupted build never
 * reads half a file; an unreadable cache entry is recomputed.
 */
export function cachedCitations(attrs: DataCiteAttributes, digest: string, cacheDir: string, releasedOn: string | null = null): CitationSet {
  const file = cacheFile(digest, cacheDir);
  try {
    const cached: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isCitationSet(cached)) return cached;
  } catch {
    // missing or unreadable: compute below
  }
  const set = citationsFor(attrs, releasedOn);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(set));
  } catch (error) {
    // The folder is made on the first miss, not checked on every one.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(tmp, JSON.stringify(set));
  }
  renameSync(tmp, file);
  return set;
}
