/**
 * Every spelling a withheld text can take in an output file. A writer escapes a whole string
 * one way, so each form is the text under one escaper: HTML as Astro writes it (`'` → `&#39;`)
 * and as text-node serialisers do (only `&<>`), XML (`&apos;`), numeric character references,
 * JSON (as written, ASCII-only `\uXXXX`, script-safe `\u003c`, `\/`), and URL encoding (path,
 * query component, form). The bases are the text as given, trimmed, with its whitespace
 * folded, in NFC and NFD, lower- and upper-cased: letter case itself is folded by the matcher,
 * but a numeric escape keeps the case of the letter it encodes.
 *
 * The first three forms are the ones the audit always searched (lower case, `&<>"` as
 * entities, JSON string): every form added since makes the audit stricter, never looser.
 */

/** A text shorter than this (trimmed) is too common to audit without false alarms. */
export const MIN_AUDIT_LENGTH = 6;

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const entities = (text: string, specials: RegExp, named: Record<string, string>) => text.replace(specials, (c) => named[c] ?? c);
const htmlOld = (t: string) => entities(t, /[&<>"]/g, NAMED);
const htmlAstro = (t: string) => entities(t, /[&<>"']/g, NAMED);
const htmlText = (t: string) => entities(t, /[&<>]/g, NAMED);
const xml = (t: string) => entities(t, /[&<>"']/g, { ...NAMED, "'": '&apos;' });

const codePoints = (t: string) => Array.from(t, (c) => c.codePointAt(0)!);
const decimalRef = (cp: number) => `&#${cp};`;
const hexRef = (cp: number) => `&#x${cp.toString(16)};`;

/** Non-ASCII (and optionally the markup characters) as numeric character references. */
function numeric(t: string, ref: (cp: number) => string, markupToo: boolean): string {
  const named = markupToo ? t : htmlAstro(t);
  return codePoints(named)
    .map((cp) => (cp > 0x7e || (markupToo && /[&<>"']/.test(String.fromCodePoint(cp))) ? ref(cp) : String.fromCodePoint(cp)))
    .join('');
}

const json = (t: string) => JSON.stringify(t).slice(1, -1);
/** `\/` for `/`, as PHP's and some Java JSON writers escape it. */
const jsonSlash = (t: string) => json(t).replace(/\//g, '\\/');
/** `\uXXXX` for every UTF-16 unit outside ASCII, as ASCII-only JSON writers do. */
const jsonAscii = (t: string) => json(t).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** Script-safe JSON (`<`, `>`, `&`, U+2028/9 as `\uXXXX`), as inline JSON-LD writers do. */
const jsonScript = (t: string) => json(t).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function percent(t: string, keep: RegExp, space: string): string {
  return Array.from(new TextEncoder().encode(t), (b) => {
    const c = String.fromCharCode(b);
    if (c === ' ') return space;
    return b < 0x80 && keep.test(c) ? c : `%${b.toString(16).padStart(2, '0')}`;
  }).join('');
}
const uriComponent = (t: string) => percent(t, /[A-Za-z0-9\-_.!~*'()]/, '%20');
const uri = (t: string) => percent(t, /[A-Za-z0-9\-_.!~*'();/?:@&=+$,#]/, '%20');
const form = (t: string) => percent(t, /[A-Za-z0-9\-_.*]/, '+');

const ESCAPERS: Array<(t: string) => string> = [
  (t) => t,
  htmlOld,
  json,
  htmlAstro,
  htmlText,
  xml,
  (t) => numeric(t, decimalRef, false),
  (t) => numeric(t, hexRef, false),
  (t) => numeric(t, decimalRef, true),
  (t) => numeric(t, hexRef, true),
  jsonAscii,
  jsonScript,
  jsonSlash,
  uriComponent,
  uri,
  form,
];

function bases(text: string): string[] {
  const plain = [text, text.trim(), text.replace(/\s+/g, ' ').trim()];
  const normal = plain.flatMap((t) => [t, t.normalize('NFC'), t.normalize('NFD')]);
  const cased = normal.flatMap((t) => [t.toLowerCase(), t, t.toUpperCase()]);
  return [...new Set(cased)].filter((t) => t.trim().length >= MIN_AUDIT_LENGTH);
}

/** Every form of `text` to search for (duplicates removed; the matcher folds letter case). */
export function auditForms(text: string): string[] {
  if (text.trim().length < MIN_AUDIT_LENGTH) return [];
  return [...new Set(bases(text).flatMap((b) => ESCAPERS.map((escape) => escape(b))))];
}
