/** Text as the record core hands it to every output: whitespace runs (XML indentation) folded. */
export function clean(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

/** A trimmed non-empty string (numbers as text), else undefined. */
export function text(value: unknown): string | undefined {
  return clean(value) || undefined;
}
