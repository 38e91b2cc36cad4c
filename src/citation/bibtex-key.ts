/**
 * A BibTeX key as citation-js makes one (plugin-bibtex mapping/shared.js formatLabel: the
 * first word of the first author's family or literal name, the year, the first word of the
 * title, `Carberry2024Crystal`), made from the plain item. citation-js makes it from what it is
 * handed, which for BibTeX is the LaTeX-escaped item: a lab named "_Lab" was keyed
 * `textunderscore2024…`. Words are ASCII-folded (NFKD, the rest dropped): `Müller` → `Muller`;
 * a word with no ASCII letter gives nothing (citation-js's own rule would write "undefined").
 */
import type { CslItem } from './csl.ts';

/** Characters citation-js does not keep in a key (its `unsafeChars`, markup included). */
const UNSAFE = /(?:<\/?.*?>|[\u0020-\u002F\u003A-\u0040\u005B-\u005E\u0060\u007B-\u007F])+/g;
const STOP_WORDS = new Set(['the', 'a', 'an']);

function firstWord(text: string | undefined): string {
  if (!text) return '';
  return text.normalize('NFKD').replace(/[^\u0020-\u007F]+/g, '').split(UNSAFE).find((word) => word.length > 0 && !STOP_WORDS.has(word.toLowerCase())) ?? '';
}

/** The key, or '' when the item gives none of the three (citation-js then falls back to the item id). */
export function bibtexKey(item: CslItem): string {
  const first = item.author?.[0] as { family?: string; literal?: string } | undefined;
  const year = item.issued?.['date-parts']?.[0]?.[0];
  return `${firstWord(first?.family || first?.literal)}${year ?? ''}${firstWord(item.title)}`;
}
