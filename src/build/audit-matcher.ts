/**
 * One Aho–Corasick automaton for every form of every needle, run over the raw bytes of a file:
 * the cost is linear in the bytes scanned and independent of how many needles there are.
 *
 * Bytes are read as UTF-8, one code point at a time, and each code point is case-folded
 * (Unicode simple folding, so `É`/`é` and `Σ`/`σ`/`ς` meet); a byte that does not start a
 * valid UTF-8 sequence is read as a Latin-1 character, so a text written in Latin-1 is found
 * as well. The automaton is a full transition table (states × symbol classes), built once;
 * only code points that occur in some needle get a class of their own.
 */

/** Unicode simple case fold of one code point (the upper case of its lower case, lowered). */
function foldOne(cp: number): number {
  const c = String.fromCodePoint(cp);
  const upper = c.toUpperCase();
  const lower = (Array.from(upper).length === 1 ? upper : c).toLowerCase();
  return Array.from(lower).length === 1 ? lower.codePointAt(0)! : cp;
}

let BMP_FOLD: Uint32Array | null = null;
function fold(cp: number): number {
  if (cp < 0x10000) {
    if (!BMP_FOLD) {
      BMP_FOLD = new Uint32Array(0x10000);
      for (let i = 0; i < 0x10000; i++) BMP_FOLD[i] = i >= 0xd800 && i < 0xe000 ? i : foldOne(i);
    }
    return BMP_FOLD[cp];
  }
  return foldOne(cp);
}

/**
 * The code point starting at `bytes[i]` and its length in bytes; a byte that does not start a
 * valid sequence is one Latin-1 character. Returns -1 when a valid start is cut off by `end`.
 */
function decodeAt(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i];
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return (b << 3) | 1;
  let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return -1;
    const c = bytes[i + k];
    if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return (b << 3) | 1;
    cp = (cp << 6) | (c & 0x3f);
  }
  return (cp << 3) | (need + 1);
}

/** Folded code points of a text, as the scanner sees them. */
function symbols(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const packed = decodeAt(bytes, i, bytes.length);
    out.push(fold(packed >>> 3));
    i += packed & 7;
  }
  return out;
}

export interface Matcher {
  /** How many needles it looks for. */
  readonly needles: number;
  readonly states: number;
  /** Bytes of its transition table (each worker thread holds its own). */
  readonly tableBytes: number;
  /** A scan of one file: feed its bytes in order, then `end()` gives the needles found. */
  scan(): Scan;
}

export interface Scan {
  feed(chunk: Uint8Array): void;
  /** Indexes (into the needle list) of the needles found, ascending. */
  end(): number[];
}

/** An anchor shorter than this is too common to be worth looking for first. */
const MIN_ANCHOR = 6;

/**
 * Byte strings of which every occurrence of a spelling in `forms` contains one verbatim, or
 * null when some spelling has none: for each spelling, a run of at least MIN_ANCHOR ASCII
 * characters that are neither letters nor white space (digits, `.`, `-`, `/`, `%`, `\`…). The scanner
 * matches such a character only by itself — case folding maps no other code point to it, and a
 * byte below 0x80 is always that character — so a file holding none of the anchors holds none
 * of the spellings, and the audit need not run the automaton over it. `Buffer#indexOf` finds
 * an anchor about ten times as fast as the automaton walks the same bytes, which matters when
 * a few new needles must be looked for in every file of a large output.
 */
export function anchorsOf(forms: readonly string[]): string[] | null {
  const anchors = new Set<string>();
  for (const form of forms) {
    const runs = (form.match(/[!-@[-`{-~]+/g) ?? []).filter((run) => run.length >= MIN_ANCHOR);
    if (runs.length === 0) return null;
    // The last long run: an identifier's end tells it from its siblings, its start (a DOI's
    // `10.5072/`) is in every file that names any of them, and would pass every file through.
    anchors.add(runs[runs.length - 1]);
  }
  return [...anchors];
}

/** What continues an identifier: an identifier found followed by one of these is part of a longer one. */
const CONTINUES = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `forms[n]` are the spellings of needle n; a needle is found when any of them occurs. A
 * `whole[n]` needle (an identifier) is found only where it is not followed by a letter or a
 * digit: `10.5281/zenodo.123` is not found in `10.5281/zenodo.1234`, another record's DOI. It
 * is still found before `/`, `"`, `<`, `%2F`, `.` or the end of the file. Each spelling is also
 * looked for with every letter and digit after it, and the needle counts as found when it
 * occurs more often than those longer ones.
 *
 * `within[n]` are spellings of longer identifiers that hold needle n past such a separator and
 * are on the site by right (a public `10.5072/abc.v2` beside a withheld `10.5072/abc`): an
 * occurrence of one of them, whole, is not an occurrence of the needle. Each must begin with
 * one of the needle's spellings, so that every occurrence it discounts was counted.
 */
export function compileMatcher(forms: string[][], whole: readonly boolean[] = [], within: readonly string[][] = []): Matcher {
  const asciiClass = new Int32Array(128);
  const wideClass = new Map<number, number>();
  let classes = 1; // class 0: a symbol no needle contains
  const classOf = (cp: number) => {
    if (cp < 128) return asciiClass[cp] || (asciiClass[cp] = classes++);
    let c = wideClass.get(cp);
    if (c === undefined) wideClass.set(cp, (c = classes++));
    return c;
  };
  // Counters: n is needle n; N + n "needle n followed by a letter or digit" (one state more per
  // letter or digit after the end of each of its spellings); 2N + n a longer identifier
  // within[n] holds it in, and 3N + n such an identifier followed by a letter or digit.
  const N = forms.length;
  const patterns: Array<{ needle: number; counter: number; classes: number[] }> = [];
  const addPatterns = (list: readonly string[], needle: number, counter: number) => {
    const seen = new Set<string>();
    for (const f of list) {
      const cls = symbols(f).map(classOf);
      const key = cls.join(',');
      if (cls.length && !seen.has(key)) {
        seen.add(key);
        patterns.push({ needle, counter, classes: cls });
      }
    }
  };
  forms.forEach((list, needle) => addPatterns(list, needle, needle));
  within.forEach((list, needle) => addPatterns(list ?? [], needle, 2 * N + needle));
  const continues = whole.some(Boolean) ? [...CONTINUES].map((c) => classOf(c.codePointAt(0)!)) : [];
  // The ASCII table folds case too, so the scan loop needs one lookup per ASCII byte; the
  // other code points of the BMP get a table as well (a folded code point may be ASCII: K, ſ).
  for (let b = 0; b < 128; b++) asciiClass[b] = asciiClass[fold(b)];
  const bmpClass = new Int32Array(0x10000);
  for (let cp = 0x80; cp < 0x10000; cp++) {
    const f = fold(cp);
    bmpClass[cp] = f < 128 ? asciiClass[f] : (wideClass.get(f) ?? 0);
  }
  const wide = (cp: number) => {
    if (cp < 0x10000) return bmpClass[cp];
    const f = fold(cp);
    return f < 128 ? asciiClass[f] : (wideClass.get(f) ?? 0);
  };
  const C = classes;

  // Trie, as a dense table whose rows are premultiplied by C (a state is its row offset).
  const maxStates = 1 + patterns.reduce((n, p) => n + p.classes.length + (whole[p.needle] ? continues.length : 0), 0);
  const next = new Int32Array(maxStates * C).fill(-1);
  const outputs: number[][] = [[]];
  let states = 1;
  const step = (s: number, c: number): number => {
    if (next[s + c] < 0) {
      next[s + c] = states * C;
      outputs.push([]);
      states++;
    }
    return next[s + c];
  };
  const output = (s: number, needle: number) => {
    const out = outputs[s / C];
    if (!out.includes(needle)) out.push(needle);
  };
  for (const p of patterns) {
    let s = 0;
    for (const c of p.classes) s = step(s, c);
    output(s, p.counter);
    if (whole[p.needle]) for (const c of continues) output(step(s, c), N + p.counter);
  }

  // Breadth-first: failure links, the outputs they bring, and the missing transitions.
  const failOf = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < C; c++) {
    if (next[c] < 0) next[c] = 0;
    else queue.push(next[c]);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    const f = failOf[s / C];
    for (const n of outputs[f / C]) if (!outputs[s / C].includes(n)) outputs[s / C].push(n);
    for (let c = 0; c < C; c++) {
      const t = next[s + c];
      if (t < 0) next[s + c] = next[f + c];
      else {
        failOf[t / C] = next[f + c];
        queue.push(t);
      }
    }
  }
  // A transition into a state with outputs is stored complemented, so the loop tests a sign.
  // A copy the size of the states made: the trie was allocated for every pattern unshared.
  const table = next.slice(0, states * C);
  for (let i = 0; i < table.length; i++) if (outputs[table[i] / C].length) table[i] = ~table[i];

  const tables: Tables = { table, asciiClass, bmpClass, wide, outputs, C };
  return {
    needles: forms.length,
    states,
    tableBytes: table.byteLength,
    scan() {
      const cursor: Cursor = { state: 0, carryFrom: -1, found: new Map<number, number>() };
      let carry: Uint8Array | null = null;
      const run = (bytes: Uint8Array, final: boolean) => {
        advance(tables, bytes, final, cursor);
        if (cursor.carryFrom >= 0) carry = bytes.slice(cursor.carryFrom);
      };
      return {
        feed(chunk) {
          if (carry) {
            const joined = new Uint8Array(carry.length + chunk.length);
            joined.set(carry);
            joined.set(chunk, carry.length);
            carry = null;
            run(joined, false);
          } else run(chunk, false);
        },
        end() {
          if (carry) {
            const rest = carry;
            carry = null;
            run(rest, true);
          }
          const found: number[] = [];
          const count = (counter: number) => cursor.found.get(counter) ?? 0;
          for (const n of cursor.found.keys()) if (n < N && count(n) > count(N + n) + count(2 * N + n) - count(3 * N + n)) found.push(n);
          return found.sort((a, b) => a - b);
        },
      };
    },
  };
}

interface Tables {
  table: Int32Array;
  asciiClass: Int32Array;
  bmpClass: Int32Array;
  wide: (cp: number) => number;
  outputs: number[][];
  C: number;
}

interface Cursor {
  state: number;
  /** Where a UTF-8 sequence cut off by the end of a chunk starts (-1: none). */
  carryFrom: number;
  /** Occurrences per counter (see compileMatcher). */
  found: Map<number, number>;
}

/** The hot loop, with every table in a local: one table lookup per ASCII byte. */
function advance(t: Tables, bytes: Uint8Array, final: boolean, cursor: Cursor): void {
  const { table, asciiClass, bmpClass } = t;
  const end = bytes.length;
  let s = cursor.state;
  let i = 0;
  cursor.carryFrom = -1;
  while (i < end) {
    const b = bytes[i];
    let cls: number;
    if (b < 0x80) {
      cls = asciiClass[b];
      i++;
    } else {
      const packed = decodeAt(bytes, i, end);
      if (packed < 0) {
        if (!final) {
          cursor.carryFrom = i;
          break;
        }
        cls = bmpClass[b];
        i++;
      } else {
        cls = t.wide(packed >>> 3);
        i += packed & 7;
      }
    }
    s = table[s + cls];
    if (s < 0) {
      s = ~s;
      for (const n of t.outputs[s / t.C]) cursor.found.set(n, (cursor.found.get(n) ?? 0) + 1);
    }
  }
  cursor.state = s;
}
