/** Text as the record core hands it to every output: whitespace runs (XML indentation) folded. */
export function clean(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

/** Text split at blank lines, each paragraph with its whitespace folded (clean); empty ones dropped. */
export function paragraphs(value: string): string[] {
  return value.split(/\n\s*\n/).map(clean).filter(Boolean);
}

/**
 * Something a reader can see: white space and invisible format characters (U+200B, U+FEFF,
 * U+3164…) alone are not, nor are combining marks with no letter to sit on (a title of only
 * U+0301 shows as stray accents, or as dotted circles). The DataCite schema's nonEmptyString
 * pattern says the same.
 */
const VISIBLE = /[^\s\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]/u;

/** A trimmed string with something visible in it (numbers as text), else undefined. */
export function text(value: unknown): string | undefined {
  const t = clean(value);
  return t && VISIBLE.test(t) ? t : undefined;
}

/**
 * DataCite's standard values for unknown information (Metadata Schema, Appendix 3, as EZID
 * defined them): `:unav` unavailable, `:unkn` unknown, `:tba` to be announced, `:none`,
 * `:null`, `:unac`, `:unal`, `:unap`, `:unas`, `:etal` (too many to list), `:at` (the value is
 * elsewhere), bare or in parentheses. Registered records give one where a value is required
 * (a creator or publisher ":unav", an abstract ":unav"): it says there is no value, so no
 * output shows or cites it as text.
 */
const UNKNOWN_VALUE = /^\(?:(?:unac|unal|unap|unas|unav|unkn|none|null|tba|etal|at)\)?$/i;

/** Like `text`, but DataCite's codes for an unknown value read as no value. */
export function known(value: unknown): string | undefined {
  const t = text(value);
  return t !== undefined && !UNKNOWN_VALUE.test(t) ? t : undefined;
}
