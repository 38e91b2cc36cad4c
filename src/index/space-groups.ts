/**
 * Space groups as crystallographers write and type them: printed with subscripts
 * ("P4₃2₁2", "P2₁2₁2₁"), in plain text with the screw axes in brackets or after an underscore
 * ("P4(3)2(1)2", "P2_12_12_1"), spaced as PDB files write them ("P 43 21 2"), or run together
 * ("P43212"). One form stands for them all, the symbol's letter and digits run together in
 * small letters ("p43212"): the index keeps it beside a record's words where the record writes
 * another (search-words.ts), and the search page searches a query's space group in it
 * (src/client/query-forms.ts), so every spelling finds every other. Only the chiral symbols
 * macromolecular crystals take (digits after a lattice letter); a symbol with a mirror or a
 * glide ("P2₁/c") keeps its words. Pure and dependency-free: the search page imports it.
 */

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/** An axis (1, 2, 3, 4 or 6) with its screw, if any, written as a subscript, in brackets or after an underscore. */
const AXIS = String.raw`[12346](?:[₁-₅]|\([1-5]\)|_[1-5])?`;

/** A symbol written as one word, with its screws marked (subscripts, brackets, underscores): the ones pagefind cannot read as "p43212". */
const WRITTEN = new RegExp(String.raw`(?<![A-Za-z0-9])[PCIFR](?:${AXIS}){1,3}(?![A-Za-z0-9(_/])`, 'g');

/** A symbol as typed, perhaps spaced: "P 43 21 2", "P2(1)2(1)2(1)", "P 2₁2₁2₁"; at least two axes, or one marked screw, so "P 11" stays a beamline. */
const TYPED = new RegExp(String.raw`(?<![\p{L}\p{N}])[PCIFR] ?(?:(?:[12346][1-5]?|${AXIS}) ?){1,3}(?![\p{L}\p{N}(_/])`, 'gu');

/** The symbol run together in small letters: "P4₃2₁2" → "p43212", "P 21 21 21" → "p212121". */
function joined(symbol: string): string {
  return symbol.toLowerCase().replace(/[₀-₉]/g, (d) => String(SUBSCRIPTS.indexOf(d))).replace(/[^a-z0-9]/g, '');
}

/** The space groups `text` writes with their screws marked, run together ("P4₃2₁2" → "p43212"), each once. */
export function spaceGroupForms(text: string): string[] {
  if (!/[(_₁-₅]/.test(text)) return [];
  return [...new Set([...text.matchAll(WRITTEN)].map(([symbol]) => symbol).filter((s) => /[(_₁-₅]/.test(s)).map(joined))];
}

/** The query with its space groups run together as the index keeps them ("P 43 21 2" → "p43212"); the same text when it has none. */
export function spaceGroupQuery(query: string): string {
  return query.replace(TYPED, (symbol) => {
    const trimmed = symbol.trim();
    const axes = trimmed.slice(1).trim().split(/ +/);
    const marked = /[(_₁-₅]/.test(trimmed);
    // Spaced parts must be axes with their screws (two digits at most each), and there must be two of them, or a marked screw.
    if (!marked && (axes.length < 2 || axes.some((a) => !/^[12346][1-5]?$/.test(a)))) return symbol;
    return joined(trimmed) + (symbol.endsWith(' ') ? ' ' : '');
  });
}
