/**
 * Bytes → clean text, once, at load. Every reader of the catalogue goes through here, so
 * every writer downstream gets text that it can carry:
 * - decoding honours a byte-order mark and, for XML, the encoding of the XML declaration
 *   (UTF-8, UTF-16, ISO-8859-1, windows-1252…); bytes that do not decode are refused with
 *   a diagnostic rather than turned into U+FFFD;
 * - one normalisation of every string value: Unicode NFC, and the characters no output
 *   format can hold removed (C0 controls except tab/newline/carriage return, DEL, C1
 *   controls, U+FFFE/U+FFFF, lone surrogates), with one warning per file naming the first place.
 * The limits of what is read at all (docs/security.md) live here too.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';

/** Largest metadata file read (datacite.json/xml, experiment.json). */
export const MAX_METADATA_BYTES = 10 * 1024 * 1024;
/** Longest line of a dataset listing (one datafile). */
export const MAX_LISTING_LINE = 64 * 1024;

/** Characters removed from every string: they are invisible, and XML 1.0/YAML cannot carry them. */
export const UNCARRIABLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNCARRIABLE_TEST = new RegExp(UNCARRIABLE.source);
/** Only strings outside ASCII can change under NFC: skip the work for the common case. */
const NON_ASCII = /[^\u0000-\u007f]/;

/** One string made clean; `changed` says whether anything other than NFC composition happened. */
export function cleanString(text: string): { text: string; removed: boolean } {
  let out = text;
  let removed = false;
  if (UNCARRIABLE_TEST.test(out)) {
    out = out.replace(UNCARRIABLE, '');
    removed = true;
  }
  if (NON_ASCII.test(out)) out = out.normalize('NFC');
  return { text: out, removed };
}

/**
 * Explicit bidirectional formatting (U+202A–U+202E embeddings and overrides, U+2066–U+2069
 * isolates): invisible, they make text show in another order than it is written, within its
 * whole paragraph, so a creator's name can reverse the citation after it, DOI included, and a
 * title can show "gnp.exe" as "exe.png" ("Trojan Source"). Metadata has no use for them that
 * the Unicode bidirectional algorithm does not meet on its own; the marks U+200E/U+200F stay.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
const BIDI_CONTROL_TEST = new RegExp(BIDI_CONTROL.source);

/**
 * UTF-8 decoded as Latin-1 or Windows-1252 and saved again ("PatiÃ±o" for "Patiño", "â€™" for
 * "’"): a lead byte of a two-byte sequence (Ã, Â) read as a letter, then its continuation byte
 * read as a Latin-1 or Windows-1252 character. Registered records carry it (a nanoHUB record's
 * creator). Genuine text does not put those characters together, so it is only reported.
 */
const MOJIBAKE = /[ÂÃ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]|â€[\u0080-\u00BF\u2122\u0153\u201C\u201D\u02DC]/;

/**
 * Cleans every string (keys included) of a parsed JSON value in place of a copy. Depth is
 * bounded by the parser (MAX_DEPTH), so recursion is safe. Adds `catalogue/text-cleaned`
 * once when characters were removed. `keep` names object keys whose values must stay byte
 * for byte (an object-store key is an address, not text). `metadata`: the file is metadata,
 * not a listing: also report (once) text that looks like mojibake, and remove bidirectional
 * controls (`catalogue/bidi-controls`, once).
 *
 * Two keys of one object that are one key once cleaned (`"state"` and `"state\u0000"`, `é`
 * composed and decomposed) are a `catalogue/duplicate-key` error and the whole value is
 * refused (undefined), as the parser refuses a key given twice: otherwise the later value
 * would silently win, and `{"state":"unpublished","state\u0000":"released"}` would publish.
 * A `__proto__` key stays an own property (as JSON.parse leaves it), never the copy's
 * prototype, so strict checks see it and no value is read through it.
 */
export function cleanValue(value: unknown, sink: DiagnosticSink, keep: ReadonlySet<string> = new Set(), o: { metadata?: boolean } = {}): unknown {
  let first: string | null = null;
  let count = 0;
  let garbled: { at: string; sample: string } | null = null;
  let bidi: { at: string; count: number } | null = null;
  let collision: { at: string; key: string } | null = null;
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') {
      const c = cleanString(v);
      if (c.removed) {
        count++;
        first ??= at;
      }
      // Metadata only: a listing's lines are file paths (object keys, which must stay as they
      // are), and 200,000 of them would each be reported.
      if (!o.metadata) return c.text;
      if (!garbled) {
        const m = MOJIBAKE.exec(c.text);
        if (m) garbled = { at, sample: c.text.slice(Math.max(0, m.index - 12), m.index + 14) };
      }
      if (BIDI_CONTROL_TEST.test(c.text)) {
        bidi = { at: bidi?.at ?? at, count: (bidi?.count ?? 0) + 1 };
        return c.text.replace(BIDI_CONTROL, '');
      }
      return c.text;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}/${i}`));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const c = cleanString(k);
        const key = c.text;
        const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (c.removed) {
          count++;
          first ??= here;
        }
        if (Object.hasOwn(out, key)) collision ??= { at: here, key };
        const cleaned = keep.has(k) ? x : walk(x, here);
        // Assigned, `__proto__` would set the copy's prototype; defined, it is a key like any other (and costs more, so only it is).
        if (key === '__proto__') Object.defineProperty(out, key, { value: cleaned, enumerable: true, writable: true, configurable: true });
        else out[key] = cleaned;
      }
      return out;
    }
    return v;
  };
  const cleaned = walk(value, '');
  const clash = collision as { at: string; key: string } | null;
  if (clash) {
    sink.add({
      code: 'catalogue/duplicate-key',
      pointer: clash.at,
      message: `The key ${JSON.stringify(clash.key.slice(0, 80))} is given twice in one object at ${clash.at} once control characters are removed and text is normalised (NFC); which one is meant is unknown.`,
    });
    return undefined;
  }
  const g = garbled as { at: string; sample: string } | null;
  if (g) {
    sink.add({
      code: 'catalogue/garbled-text',
      pointer: g.at,
      message: `Text at ${g.at || 'the top'} looks like UTF-8 read as Latin-1 or Windows-1252: "…${g.sample}…". It is published as written.`,
    });
  }
  const b = bidi as { at: string; count: number } | null;
  if (b) {
    sink.add({
      code: 'catalogue/bidi-controls',
      pointer: b.at,
      message: `${b.count} text value${b.count === 1 ? '' : 's'} held bidirectional embedding, override or isolate characters (first at ${b.at || 'the top'}); they were removed, so the text reads in the order it is written.`,
    });
  }
  if (count > 0) {
    sink.add({
      code: 'catalogue/text-cleaned',
      pointer: first,
      message: `${count} text value${count === 1 ? '' : 's'} held control or non-characters (first at ${first || 'the top'}); they were removed.`,
    });
  }
  return cleaned;
}

const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * Decodes a metadata file. JSON is UTF-8 (RFC 8259), or UTF-16 when it starts with a BOM;
 * XML follows its BOM, else its declaration's `encoding`, else UTF-8 (XML 1.0 §4.3.3).
 * Returns undefined after a `catalogue/undecodable-text` or `catalogue/too-large` diagnostic.
 */
export function decodeText(bytes: Uint8Array | string, kind: 'json' | 'xml', sink: DiagnosticSink, label: string): string | undefined {
  if (typeof bytes === 'string') return bytes.replace(/^\uFEFF/, '');
  if (bytes.byteLength > MAX_METADATA_BYTES) {
    sink.add({
      code: 'catalogue/too-large',
      message: `${label} is ${bytes.byteLength} bytes; metadata files are read up to ${MAX_METADATA_BYTES} bytes.`,
    });
    return undefined;
  }
  let encoding = 'utf-8';
  let start = 0;
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  if (bom) {
    encoding = bom[1];
    start = bom[0].length;
  } else if (bytes[0] === 0x3c && bytes[1] === 0x00) {
    encoding = 'utf-16le'; // `<` in UTF-16LE without a BOM
  } else if (bytes[0] === 0x00 && bytes[1] === 0x3c) {
    encoding = 'utf-16be';
  } else if (kind === 'xml') {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const declared = /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head)?.[1];
    if (declared) encoding = declared.toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    sink.add({ code: 'catalogue/undecodable-text', message: `${label} declares the encoding "${encoding}", which is not supported; save it as UTF-8.` });
    return undefined;
  }
  try {
    return decoder.decode(bytes.subarray(start));
  } catch {
    const offset = firstBadUtf8(bytes, start);
    sink.add({
      code: 'catalogue/undecodable-text',
      pointer: encoding === 'utf-8' ? `byte ${offset}` : null,
      message: `${label} is not valid ${encoding.toUpperCase()}${encoding === 'utf-8' ? ` (first bad byte near offset ${offset})` : ''}; nothing in it is read.`,
    });
    return undefined;
  }
}

/** Offset (within a few bytes) of the first byte that breaks UTF-8, for the message. */
function firstBadUtf8(bytes: Uint8Array, start: number): number {
  let lo = start;
  let hi = bytes.length;
  // Binary search on the longest prefix that decodes (a prefix may end inside a character: allow 3 bytes).
  while (hi - lo > 4) {
    const mid = (lo + hi) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}
