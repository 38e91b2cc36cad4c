/**
 * Words match words. When a query word is in no indexed word, pagefind quietly retries
 * shorter and shorter prefixes of it ("withdrawn" → "with", "gfp" → "g", "7xyz" → "7"),
 * so a word no record contains still returns records. Since that fallback applies to the
 * whole index, one look at the best result's matched words tells whether every query word
 * really matched; if one did not, the honest answer is "no results".
 */
import { foldAccents } from '../index/spellings.ts';
import { joinParticles } from '../index/name-forms.ts';

/** Words of a query worth checking: its runs of letters and digits ("MX-9999" is "mx" and "9999", as pagefind splits it). */
export function queryWords(query: string): string[] {
  return query
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Pieces of an indexed token a query word may have matched: the token and its letter/digit runs. */
function tokenPieces(token: string): string[] {
  const lower = foldAccents(token);
  const pieces = lower.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [lower.replace(/[^\p{L}\p{N}]+/gu, ''), ...pieces];
}

/** Optimal string alignment distance (a transposition counts as one edit), enough for typing slips. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Edits forgiven in a word of this length: none below 5 letters, so "gfp" never finds "gap". */
function slips(length: number): number {
  return length >= 8 ? 2 : length >= 5 ? 1 : 0;
}

/**
 * English endings pagefind's stemmer takes off a word before matching it by what is left:
 * it finds "crystallized" as "crystal", in "crystals" and "multi-crystal" too. A short list
 * of Snowball's endings, enough to tell such a match from the short-prefix fallback.
 */
const ENDING = /(?:[iy][sz]ations?|ations?|[iy][sz](?:ed|es|ing|e)|ings?|edly|ed|ies|es|s)$/;

/** The stem pagefind matches `word` by, as far as ENDING goes: "crystallized" → "crystal", "proteins" → "protein"; the word itself without an ending. */
export function stemOf(word: string): string {
  const stem = word.replace(ENDING, '');
  // "crystall-ized" is "crystal", as "hopp-ing" is "hop"; a stem too short to say anything is no stem.
  const undoubled = stem.replace(/([b-df-hj-np-tv-z])\1$/, '$1');
  return undoubled.length >= 4 ? undoubled : word;
}

/**
 * Whether `word` matched one of `matched` (the words pagefind marked in a result): as a
 * prefix (typing "lysoz" finds "lysozyme"), sharing all but its stemmed ending with it
 * ("crystals" finds "crystallography", "crystallized" finds "crystals") or a typing slip
 * away from it ("lysozme"); never through a short prefix of it.
 */
export function wordMatched(typed: string, matched: string[], whole = false): boolean {
  const word = foldAccents(typed);
  if (whole) return matched.some((token) => tokenPieces(token).some((piece) => piece.startsWith(word)));
  // A number is no typing slip: "photosystem2" is not "photosystem1", nor "p43212" "p41212".
  const lastDigit = word.search(/\d\D*$/);
  const numbered = (piece: string) => lastDigit < 0 || piece.startsWith(word.slice(0, lastDigit + 1));
  const needed = Math.max(Math.min(word.length, 3), Math.min(Math.ceil(word.length * 0.75), stemOf(word).length));
  return matched.some((token) =>
    tokenPieces(token).some((piece) => numbered(piece) && (commonPrefix(word, piece) >= needed || editDistance(word, piece.slice(0, word.length + 2)) <= slips(word.length))),
  );
}

/**
 * A short name in capitals ending in a Roman numeral ("PSII", "PXIII", "HIV"): the numeral is a
 * number, as in numbered names, so "PSII" (photosystem II) is neither "PSI" with a slip nor
 * with a letter added. Such a word is matched whole, or as the start of a longer word.
 */
const ROMAN_ENDED = /^\p{Lu}+?(?:II|III|IV|VI|VII|VIII|IX)$/u;

/** The words of the query that no matched word of the best result accounts for. */
export function unmatchedWords(query: string, matched: string[]): string[] {
  const typed = query.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return typed.filter((w) => !wordMatched(w.toLowerCase(), matched, ROMAN_ENDED.test(w))).map((w) => w.toLowerCase());
}

/** The words pagefind matched in a result: its content split as pagefind counts words, at the matched locations. */
export function matchedWords(content: string, locations: number[]): string[] {
  const words = content.split(/\s+/).filter(Boolean);
  return locations.map((i) => words[i]).filter((w): w is string => typeof w === 'string');
}

/**
 * Second tries for a query with misspelt words: each word pagefind did not really match,
 * if long enough to forgive a slip, is cut back a letter at a time ("photosystme" →
 * "photosystm", "photosyst", …) so pagefind's own prefix search offers candidates, and
 * wordMatched() keeps only those a slip away. Several lengths are tried because the
 * stemmer turns some prefixes into words that match nothing ("photosys" → "photosi").
 * Empty when some missing word is too short to forgive.
 */
export function correctedQueries(query: string, missing: string[]): string[] {
  if (missing.length === 0 || !missing.every((m) => slips(m.length) > 0)) return [];
  const longest = Math.max(...missing.map((m) => slips(m.length)));
  const out: string[] = [];
  for (let cut = 1; cut <= longest + 2; cut++) {
    const next = query
      .split(/\s+/)
      .map((token) => {
        const word = token.toLowerCase();
        return missing.includes(word) ? word.slice(0, Math.max(4, word.length - cut)) : token;
      })
      .join(' ');
    if (!out.includes(next)) out.push(next);
  }
  return out;
}

/** Units readers type against the number ("1.8Å", "100K", "12.7keV", and "5um" or "1.5A" without the key) that records write apart, as SI does. */
const UNIT_AFTER_NUMBER = /(?<=(?<![\p{L}\p{N}.])\d+(?:\.\d+)?)(?=(?:Å|A|K|keV|eV|nm|µm|μm|um|mm|kDa|MPa|GPa|°C)(?![\p{L}\p{N}]))/gu;

/**
 * The query with the hyphens, slashes, dots and underscores between words made spaces
 * ("Proteinase-K" → "Proteinase K"), and a number parted from its unit ("1.1Å" → "1.1 Å"):
 * a second try when a joined query misses a word that the record writes apart. The same
 * text when nothing joins words.
 */
export function spacedQuery(query: string): string {
  // A decimal point is no joint ("1.1 Å" is one word to pagefind, as the record writes it).
  // A possessive is the name ("Moreau's data"): pagefind reads its "s" as a word of its own.
  return query.replace(/(?<=\p{L}{2})['’]s(?![\p{L}\p{N}])/gu, '').replace(UNIT_AFTER_NUMBER, ' ').replace(/(?<=[\p{L}\p{N}])(?:[-_/\u2010\u2011]|(?<!\d)\.|\.(?!\d))(?=[\p{L}\p{N}])/gu, ' ');
}

/**
 * The query with a short run of letters joined to the number after it ("BM 05" → "BM05",
 * "ID 23-1" → "ID23-1"): beamlines, stations and detectors are named so, and readers type
 * a space between. A second try when the query as typed misses a word; the same text when
 * nothing is to join.
 */
export function joinedQuery(query: string): string {
  return query.replace(/(?<![\p{L}\p{N}])(\p{L}{1,4})\s+(?=\d)/gu, '$1');
}

/**
 * The query with words typed apart joined as a record may write them: a surname's particles
 * with the word after them ("van der berg" → "vanderberg", as src/index/name-forms.ts joins
 * them in the index too), then each two neighbouring words ("achter berg" → "achterberg",
 * "cryo em" → "cryoem"). Second tries for a query of two to four words that finds nothing;
 * none for longer ones, which are sentences.
 */
export function joinedWordsQueries(query: string): string[] {
  const words = query.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 4) return [];
  const out = [joinParticles(query)];
  for (let i = 0; i + 1 < words.length; i++) out.push([...words.slice(0, i), words[i] + words[i + 1], ...words.slice(i + 2)].join(' '));
  return [...new Set(out)].filter((q) => q !== words.join(' '));
}

/**
 * For a query of several words that no record holds all of ("diffraction data for
 * thaumatin"): the records holding at least `needed` of its words, given each word's
 * results. A word weighs by how rare it is (one over the records holding it), so "for" or
 * "data" count for little and "thaumatin" for much; ties go to pagefind's best score. Records
 * weighing less than half the best are left out.
 */
export function rankedByWords<T extends { id: string; score: number }>(perWord: T[][], needed: number): T[] {
  const held = new Map<string, { result: T; weight: number; words: number; score: number }>();
  for (const results of perWord) {
    for (const result of results) {
      const h = held.get(result.id) ?? { result, weight: 0, words: 0, score: 0 };
      h.weight += 1 / results.length;
      h.words += 1;
      h.score = Math.max(h.score, result.score);
      held.set(result.id, h);
    }
  }
  const ranked = [...held.values()].filter((h) => h.words >= needed).sort((a, b) => b.weight - a.weight || b.score - a.score);
  // Records that share only the common words with the query ("data", "for") are no answer to it.
  return ranked.filter((h) => h.weight >= ranked[0].weight / 2).map((h) => h.result);
}

/**
 * How much of the query a record's text holds as typed, from 0 to 1: the share of the query
 * words it holds as words (not by their stem or a prefix: "crystallized", not only
 * "crystals"), with one more share when they stand together in the query's order ("EIGER X
 * 16M", not "EIGER2 XE 16M"). pagefind scores by stems and prefixes, where the words as typed
 * are the better answer.
 */
export function typedWordsHeld(query: string, content: string): number {
  const words = queryWords(query).map(foldAccents);
  if (!words.length) return 0;
  const text = content.split(/\s+/).flatMap((token) => tokenPieces(token).slice(1));
  const held = new Set(text);
  const count = words.filter((w) => held.has(w)).length;
  if (words.length === 1) return count;
  const together = count === words.length && text.some((_, i) => words.every((w, j) => text[i + j] === w));
  return (count + (together ? 1 : 0)) / (words.length + 1);
}
