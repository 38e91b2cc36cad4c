/**
 * citation-js writes BibTeX in ASCII: a character it has a LaTeX command for becomes that
 * command (é → `{\' e}`, β → `$\beta$`, ° → `\textdegree{}`), and every other character is
 * dropped. A Thai, Chinese, Japanese, Korean, Cyrillic, Arabic or Hebrew title, author or
 * publisher came out empty (`author = {,  and , }`), and an accented Greek letter came out
 * as broken LaTeX (`$\varepsilon{\' $}`).
 *
 * So the characters it would drop or break are set aside as ASCII tokens before it writes
 * the entry and put back, as UTF-8, after: biber, JabRef, Zotero and DataCite's own BibTeX
 * writer (bolognese) read UTF-8, and text kept is better than text lost for the rest. What
 * citation-js writes well stays its way, so the BibTeX of Latin-script records is unchanged.
 * A token is letters and digits only, so it passes citation-js's escaping, its title-case
 * braces and its name splitting as one word; the entry key (made from the first author and
 * title word) keeps only its ASCII.
 *
 * The same tokens keep typed ASCII literal where TeX's ligatures would change it: `--` and
 * `---` print as en and em dashes, `''` as a closing quote, `,,` as a low quote (T1 fonts),
 * so `<!--` came out as `<!–`. citation-js writes the Unicode dashes and quotes as exactly
 * these ligatures, so its output cannot be mended afterwards; before it writes, each
 * character of such a run is set aside and comes back in its own group (`--` → `{-}{-}`):
 * LaTeX forms no ligature across groups, BibTeX's name splitting sees no hyphen to split at,
 * and BibTeX readers read it back as `--` (citation-js ate the space after `-{}-` in a name).
 */
import { format as bibtexValue } from '@citation-js/plugin-bibtex/lib/output/value.js';
import type { CslItem } from './csl.ts';
import { mapStrings } from './escape.ts';

const verdicts = new Map<string, boolean>();

/**
 * A diacritic command over no letter: citation-js writes a spacing accent (´ in "O´Keeffe",
 * ¨, ¸, ˘) as `{\' }` and Ǣ as `\AE{{\= }}`, which BibTeX readers, citation-js's own
 * included, reject: the whole entry became unreadable.
 */
const ACCENT_ON_NOTHING = /\{\\(?:[^A-Za-z\s{}]|[A-Za-z]+)\s*\}/;

/** Whether citation-js would drop this character, or write it as broken LaTeX (a diacritic over math mode or over nothing). */
function lostByCitationJs(char: string): boolean {
  let lost = verdicts.get(char);
  if (lost === undefined) {
    const written = String(bibtexValue('note', char));
    // Invisible characters (format controls, spaces) it drops are no loss.
    lost = written === '' ? !/^[\p{C}\p{Z}]$/u.test(char) : /\{\\\S+ \$\}/.test(written) || ACCENT_ON_NOTHING.test(written);
    verdicts.set(char, lost);
  }
  return lost;
}

/** Fields citation-js writes verbatim (no escaping): nothing to set aside there. */
const VERBATIM = new Set(['URL', 'DOI']);

/** Fields whose dashes citation-js writes as TeX on purpose (a page range `1-10` → `1--10`). */
const TEX_DASHES = new Set(['page']);

/** A run of a character that TeX joins into a ligature (`--`, `---`, `''`, `,,`). */
const LIGATURE = /([-',])\1+/g;

export interface SetAside {
  item: CslItem;
  /** The BibTeX text with the set-aside characters back in place. */
  restore(bibtex: string): string;
}

/** The item with every character citation-js would lose replaced by a token, and how to put them back. */
export function setAsideUnicode(item: CslItem): SetAside {
  // A marker no value of this item holds, so no text of the record can be read as a token.
  const text = JSON.stringify(item);
  let n = 0;
  while (text.includes(`qx${n}u`) || text.includes(`u${n}xq`)) n++;
  const open = `qx${n}u`;
  const close = `u${n}xq`;
  let setAside = false;
  const token = (char: string) => `${open}${char.codePointAt(0)!.toString(16)}${close}`;
  // A word that loses one character keeps all its non-ASCII ones as UTF-8 ("Ωμέγα", not
  // "$\Omega$$\mu$έ…"); a word that loses none is citation-js's ("β-lactamase" → "$\beta$-lactamase").
  const protect = (value: string): string => {
    if (/^[\x00-\x7f]*$/.test(value)) return value;
    return value.normalize('NFC').replace(/[\p{L}\p{M}\p{N}]+|[^\x00-\x7f]/gu, (word) => {
      if (!Array.from(word).some((char) => char.codePointAt(0)! > 0x7f && lostByCitationJs(char))) return word;
      setAside = true;
      return word.replace(/[^\x00-\x7f]/gu, token);
    });
  };
  const literal = (value: string): string => {
    if (!/([-',])\1/.test(value)) return value;
    setAside = true;
    return value.replace(LIGATURE, (run) => run.replace(/./g, token));
  };
  const protectedItem = mapStrings(item, (value, key) => {
    if (key !== null && VERBATIM.has(key)) return value;
    return key !== null && TEX_DASHES.has(key) ? protect(value) : literal(protect(value));
  });
  if (!setAside) return { item, restore: (bibtex) => bibtex };
  const tokens = new RegExp(`${open}([0-9a-f]+)${close}`, 'g');
  return {
    item: protectedItem,
    restore(bibtex) {
      // The key (`@misc{key,`) keeps its ASCII only; everywhere else the characters come back.
      const keyEnd = bibtex.indexOf(',');
      const key = keyEnd < 0 ? '' : bibtex.slice(0, keyEnd).replace(tokens, '');
      const rest = keyEnd < 0 ? bibtex : bibtex.slice(keyEnd);
      return key + rest.replace(tokens, (_m, hex: string) => {
        const char = String.fromCodePoint(parseInt(hex, 16));
        // An ASCII token is one character of a ligature run: in its own group, LaTeX keeps it as typed.
        return char <= '\x7f' ? `{${char}}` : char;
      });
    },
  };
}
