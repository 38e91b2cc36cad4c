/**
 * Names with a number, in Roman or Arabic numerals alike: "PETRA III" is "PETRA 3",
 * "NSLS-II" "NSLS 2", "photosystem I" "photosystem 1", "Diamond phase II" "phase 2". One
 * form stands for them all, the name and the number's digits joined ("petra3", "nsls2",
 * "photosystem1"): the index keeps it beside a record's words (search-words.ts), and the
 * search page searches a query's numbered names in it too (src/client/query-forms.ts), so either
 * spelling finds the other. Pure and dependency-free: the search page imports it.
 *
 * A numeral is a numeral only where names are numbered, so that no word becomes a number
 * ("mix", "dim", "civil", the pronoun "I", "X-ray", initials such as "Vi" or "J. V."): a
 * Roman numeral of two letters or more in capitals (II, III, IV, VIII…) after any word; I, V
 * or X alone, or 1 to 12, only after a name in capitals (PETRA, NSLS, PS) or a noun that
 * science numbers (complex, photosystem, phase, type…). A reader's query is read the same
 * way, but more freely, since a query's numbered name that the index lacks finds nothing:
 * after any word, and in small letters when made of i's ("petra iii" is typed for PETRA III).
 */

const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7, VIII: 8, IX: 9, X: 10, XI: 11, XII: 12 };

/** Nouns that science numbers, in any case: "complex I" of the respiratory chain, "type II" collagen, "phase 2" of a facility. */
const NUMBERED = new Set(
  'complex photosystem phase type class form site domain subunit stage state generation mode isoform group period level grade module'.split(' '),
);

/**
 * A word, then a space or hyphen, then a numeral standing alone: not "X-ray"'s X, nor the 10
 * of "DOI 10.5072" or the 4 of "CC BY 4.0". ASCII classes: \p{L} costs seconds over 10,000
 * descriptions, and the names numbered so are written in Latin letters.
 */
const NAME_NUMERAL = /(?<![A-Za-z0-9])([A-Za-z]{2,})[ \u00a0-]([IVX]{1,4}|[1-9]|1[0-2])(?![A-Za-z0-9]|-[A-Za-z]|[.,/][0-9])/gi;

/** The digits of `numeral` when, after `word`, it numbers a name; null when it is no numeral there. */
function numberOf(word: string, numeral: string, query: boolean): number | null {
  const digits = /^\d+$/.test(numeral) ? Number(numeral) : null;
  // A query's Roman numeral in small letters is one of i's ("petra iii", "nsls ii"), never "Vi" or "xi".
  const roman = digits === null ? ROMAN[query && /^i+$/.test(numeral) ? numeral.toUpperCase() : numeral] : undefined;
  if (digits === null && roman === undefined) return null;
  // Two Roman letters or more in capitals number whatever they follow (a query's in any case).
  if (roman !== undefined && numeral.length > 1) return roman;
  const named = NUMBERED.has(word.toLowerCase()) || (word.length >= 2 && word === word.toUpperCase());
  // A query's single letter must be a capital: "complex i" is no "complex I".
  if (roman !== undefined && query && numeral !== numeral.toUpperCase()) return null;
  return named || query ? (digits ?? roman!) : null;
}

/** The joined forms of the numbered names `text` holds ("PETRA III" and "PETRA 3" → "petra3"), each once. */
export function numberedNames(text: string): string[] {
  const out = new Set<string>();
  for (const [, word, numeral] of text.matchAll(NAME_NUMERAL)) {
    const n = numberOf(word, numeral, false);
    if (n !== null) out.add(`${word.toLowerCase()}${n}`);
  }
  return [...out];
}

/**
 * The query with its numbered names joined as the index keeps them ("PETRA III beamline"
 * → "petra3 beamline", "photosystem 2" → "photosystem2"); the same text when it names none.
 */
export function numberedQuery(query: string): string {
  return query.replace(NAME_NUMERAL, (whole, word: string, numeral: string) => {
    const n = numberOf(word, numeral, true);
    return n === null ? whole : `${word.toLowerCase()}${n}`;
  });
}
