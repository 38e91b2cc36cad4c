/**
 * The one reading of a DOI. Every stage that compares, links or prints a DOI uses these
 * functions, so the DOI a page is published under is the DOI its citations name.
 *
 * DOIs are case-insensitive, but only for ASCII letters (DataCite folds A–Z and nothing
 * else), so folding uses an ASCII-only lower-case: a Kelvin sign or a dotted capital I
 * stays what it is instead of becoming a look-alike of another DOI.
 */

const DOI_PATTERN = /^10\.\d{4,9}(?:\.\d+)*\/\S+$/;
const RESOLVER_URL = /^https?:\/\/(?:dx\.)?doi\.org\//i;
const DOI_SCHEME = /^(?:doi:\s*|info:doi\/)/i;

/** Lower-cases A–Z only (DataCite's case folding); every other character is kept. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * Bare lower-case DOI from a bare DOI, a `doi:` form or a doi.org URL. Only the URL form is
 * percent-decoded (a URL path carries its characters encoded); a bare DOI is taken exactly as
 * written, so `10.5072/a%2Fb` stays a different DOI from `10.5072/a/b`.
 */
export function normaliseDoi(input: string): string {
  let doi = input.trim();
  if (RESOLVER_URL.test(doi)) {
    doi = doi.replace(RESOLVER_URL, '');
    if (/%[0-9a-f]{2}/i.test(doi)) {
      try {
        doi = decodeURIComponent(doi);
      } catch {
        /* not valid percent-encoding: keep as given */
      }
    }
  } else {
    doi = doi.replace(DOI_SCHEME, '');
  }
  return asciiLowerCase(doi);
}

/** A bare DOI `10.NNNN[.N…]/suffix` (suffix: any non-space characters, as DataCite allows). */
export function isDoi(input: string): boolean {
  return DOI_PATTERN.test(input);
}

/**
 * The characters the DOI Handbook says to hex-encode when a DOI is written as a URL
 * (Appendix "DOI Name Encoding Rules for URL Presentation": `% " # ? space` mandatory,
 * `< > { } ^ [ ] \` | \\ +` recommended), plus control characters and everything beyond
 * ASCII (as UTF-8). Everything else (`:`, `;`, `(`, `)`, `=`, `&`, `'`…) is written as is, so
 * `10.4121/uuid:…` reads `https://doi.org/10.4121/uuid:…`, as DataCite displays it, and a
 * browser follows exactly the URL shown: the WHATWG parser changes none of these.
 */
const URL_UNSAFE = /[^\x21-\x7e]|["#%+<>?[\\\]^`{|}]/gu;

const utf8 = new TextEncoder();

function encodeUnsafe(text: string): string {
  // A lone surrogate has no UTF-8: it becomes U+FFFD where encodeURIComponent threw (bad input never crashes a build).
  return text.replace(URL_UNSAFE, (char) => Array.from(utf8.encode(char), (b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''));
}

const DOT_SEGMENT = /^\.\.?$/;

/**
 * Resolver URL for a DOI in any accepted form, as the page shows and links it (one form for
 * every output). The slashes of the suffix stay slashes, except around a `.` or `..` segment,
 * which a browser would resolve away (`10.1/a/../b` → `10.1/b`): the Handbook's `/..%2F`.
 */
export function doiUrl(doi: string): string {
  const parts = normaliseDoi(doi).split('/').map(encodeUnsafe);
  let path = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) {
    const afterDot = i > 1 && DOT_SEGMENT.test(parts[i - 1]!);
    const lastIsDot = i === parts.length - 1 && DOT_SEGMENT.test(parts[i]!);
    path += (afterDot || lastIsDot ? '%2F' : '/') + parts[i];
  }
  return 'https://doi.org/' + path;
}

/** The DOI raw DataCite attributes claim, as the DOI reading gives it, or null when they claim none. */
export function claimedDoi(datacite: unknown): string | null {
  const doi = (datacite as { doi?: unknown } | null | undefined)?.doi;
  return typeof doi === 'string' && doi.trim() ? normaliseDoi(doi) : null;
}
