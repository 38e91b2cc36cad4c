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

/** Resolver URL for a DOI in any accepted form; suffix characters are percent-encoded where needed. */
export function doiUrl(doi: string): string {
  const bare = normaliseDoi(doi);
  return 'https://doi.org/' + bare.split('/').map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
}

/** The DOI raw DataCite attributes claim, as the DOI reading gives it, or null when they claim none. */
export function claimedDoi(datacite: unknown): string | null {
  const doi = (datacite as { doi?: unknown } | null | undefined)?.doi;
  return typeof doi === 'string' && doi.trim() ? normaliseDoi(doi) : null;
}
