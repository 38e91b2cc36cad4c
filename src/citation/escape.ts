/**
 * The escaping layer of the line-based citation formats, applied to the CSL item before
 * citation-js writes it (src/citation/formats.ts). Neither RIS nor BibTeX has a way to
 * carry a line break inside a value: a raw one in an abstract or a publisher would start a
 * new RIS tag line (`\r\nTY  - INJ\r\nER  - ` adds a record) or split a BibTeX field. So:
 * - every line break (CR, LF, NEL, U+2028/U+2029, VT, FF) and tab in a value becomes one
 *   space, and control characters are dropped;
 * - for BibTeX, literal (organisation) names and family-only names, which citation-js writes without escaping, get
 *   braces and backslashes as `\textbraceleft{}`, `\textbraceright{}`, `\textbackslash{}`
 *   (BibTeX counts braces even after a backslash, so an unbalanced `}` would end the field),
 *   and the other LaTeX specials as text commands too;
 *   in the verbatim `url` field they are percent-encoded, and a DOI holding one is left out.
 */
import type { CslItem } from './csl.ts';

const LINE_BREAKS = /[\r\n\u0085\u2028\u2029\u000B\u000C\t]+/g;
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

/** One line of text: breaks become a space, controls go. */
export function oneLine(text: string): string {
  return text.replace(CONTROLS, '').replace(LINE_BREAKS, ' ');
}

/** Every string of an item through `fn`, with the key it is under (null inside an array or at the top); depth-bounded. */
export function mapStrings<T>(value: T, fn: (text: string, key: string | null) => string, key: string | null = null, depth = 0): T {
  if (typeof value === 'string') return fn(value, key) as T;
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, null, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, k, depth + 1)])) as T;
}

/** The item with every string value on one line (for RIS, BibTeX and BibLaTeX). */
export function lineSafeItem(item: CslItem): CslItem {
  return mapStrings(item, (text) => oneLine(text));
}

/**
 * BibTeX and LaTeX special characters of a name literal as the LaTeX text commands
 * citation-js writes them as in titles and person names: a raw `$`, `_` or `^` stops LaTeX
 * ("Missing $ inserted"), `~` is a tie and `<` prints as ¡ in the default font, and
 * citation-js's own reader rejected the whole entry. `&`, `%`, `#` are escaped after it
 * writes (formats.ts escapeNames).
 */
const LITERAL_COMMANDS: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  $: '\\textdollar{}',
  _: '\\textunderscore{}',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '`': '\\textasciigrave{}',
};

function bibtexLiteral(text: string): string {
  return text.replace(/[\\{}$_^~<>`]/g, (c) => LITERAL_COMMANDS[c]!);
}

/** lineSafeItem plus escaped name literals: what formatBibtex/formatBiblatex hand to citation-js. */
export function bibtexSafeItem(item: CslItem): CslItem {
  const safe = lineSafeItem(item) as CslItem & Record<string, unknown>;
  for (const role of ['author', 'editor', 'translator', 'contributor'] as const) {
    const names = safe[role];
    if (!Array.isArray(names)) continue;
    safe[role] = names.map((n) => {
      const name = n as { literal?: unknown; family?: unknown; given?: unknown };
      if (typeof name.literal === 'string') return { ...n, literal: bibtexLiteral(name.literal) };
      // A family name without a given name is written like a literal, also unescaped.
      if (typeof name.family === 'string' && !name.given) return { ...n, family: bibtexLiteral(name.family) };
      return n;
    });
  }
  // url and doi are verbatim fields (no LaTeX commands): a brace or backslash is percent-encoded
  // in the URL, and a DOI holding one is left to the URL (which resolves it) rather than written broken.
  if (typeof safe.URL === 'string') safe.URL = safe.URL.replace(/[{}\\]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  if (typeof safe.DOI === 'string' && /[{}\\]/.test(safe.DOI)) delete safe.DOI;
  return safe;
}
