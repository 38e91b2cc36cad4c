/**
 * A word's other spellings without the keys a reader may lack: accents dropped, letters
 * that are no base letter and a mark written out (ß → ss, æ → ae, ø → o), and umlauts as
 * German, Danish and Norwegian write them on a plain keyboard (ü → ue, ø → oe, å → aa).
 * pagefind matches words regardless of their accents ("Elise" and "Élise", "Muller" and
 * "Müller" find each other), but not ß as ss, ø as o, æ as ae, nor ü as ue. The index keeps
 * the spellings pagefind lacks beside a record's words (search-words.ts), and the search
 * page also searches the query's own (src/client/query-forms.ts withSpellings): "Mueller",
 * "Muller" and "Müller" find one another, and so do "Strauß" and "Strauss". Pure and
 * dependency-free: the search page imports it.
 */

/** Letters that are not a base letter and a mark, written as readers type them without the key. */
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** German's, Danish's and Norwegian's own way to write these without the key ("Müller" is "Mueller" in a passport). */
const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe', å: 'aa' };

/** Text as typed without accents, lower case ("Société" → "societe", "Gefäßaktive" → "gefassaktive"). */
export function foldAccents(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþı]/g, (c) => LETTERS[c]);
}

/** Accents dropped and nothing else, as pagefind matches words: what it finds without help. */
function marksDropped(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** Text with German's umlauts written out, then folded ("Müller" → "mueller"). */
function umlautsWritten(text: string): string {
  return foldAccents(text.toLowerCase().normalize('NFC').replace(/[äöüøå]/g, (c) => UMLAUTS[c]));
}

/** A text's spellings without its special letters, lower case and apart from the text itself. */
function spellings(text: string): string[] {
  const composed = text.normalize('NFC');
  if (!/[^\p{ASCII}]/u.test(composed)) return [];
  const typed = composed.toLowerCase();
  return [...new Set([foldAccents(composed), umlautsWritten(composed)])].filter((s) => s !== typed);
}

const GREEK_NAMES =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma sigma tau upsilon phi chi psi omega'.split(' ');

/**
 * Greek letters as readers type them without the key: "α-synuclein" is "alpha-synuclein",
 * "IL-1β" "IL-1beta", "β sheet" "beta sheet". Not the μ of a unit ("5 μm" is no "5 mum"),
 * nor a word in Greek (of three Greek letters or more). The same text when it has none.
 */
export function greekNamed(text: string): string {
  return text.replace(/(?<!\p{Script=Greek}{2})[α-ω](?!\p{Script=Greek}{2})/gu, (letter, at: number) => {
    if (letter === 'μ' && /^\p{Script=Latin}/u.test(text.slice(at + 1))) return letter;
    return GREEK_NAMES[letter.charCodeAt(0) - 'α'.charCodeAt(0)];
  });
}

/** A query's other spellings, tried when the query as typed misses a word. Empty for plain ASCII. */
export function querySpellings(query: string): string[] {
  const named = greekNamed(query.toLowerCase());
  return [...new Set([...spellings(query), ...(named !== query.toLowerCase() ? [named] : [])])];
}

/** A record's word's other spellings the index must keep beside it: those pagefind does not find it by already. */
export function indexSpellings(word: string): string[] {
  const dropped = marksDropped(word);
  return spellings(word).filter((s) => s !== dropped);
}

/**
 * An e after a, o or u between consonants: an umlaut spelt out ("Mueller", "Schroeder",
 * "Kuehn"), but not "qu" ("sequence", "question") nor an English word's ending ("does",
 * "values", "issued").
 */
const UMLAUT_SPELT = /(?<=[b-df-hj-npr-tv-z])([aou])e(?=[b-df-hj-np-tv-z])(?![sd]$)/g;

/**
 * A name with German's umlauts spelt out ("Mueller", "Schroeder", "Koenig") as pagefind
 * reads the same name with the umlaut ("Müller" is "muller" to it), so "Muller" and "Müller"
 * find a record that writes "Mueller". A name that only looks so ("Manuel" → "manul") gains
 * a word nobody types. Empty for a word without one. Only for names: "poem" and "coefficient"
 * are no umlauts; the search page folds a query's words the same way, but keeps what they find
 * only where it is a name (src/client/query-forms.ts withFoldedNames).
 */
export function umlautsFolded(name: string): string[] {
  const lower = name.toLowerCase();
  const folded = lower.replace(UMLAUT_SPELT, '$1');
  return folded !== lower && folded.length >= 4 ? [folded] : [];
}

/** The query with its words that spell an umlaut out folded as umlautsFolded folds a name ("Mueller lysozyme" → "muller lysozyme"), and those words folded. */
export function umlautsFoldedQuery(query: string): { text: string; folded: string[] } {
  const folded: string[] = [];
  const text = query.replace(/\p{L}+/gu, (word) => {
    const [fold] = umlautsFolded(word);
    if (fold) folded.push(fold);
    return fold ?? word;
  });
  return { text, folded };
}
