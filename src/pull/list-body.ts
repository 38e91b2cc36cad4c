/**
 * A list response read record by record. A body is first read strictly as a whole
 * (src/catalogue/json-text.ts: a key given twice, nesting too deep); when that refuses it,
 * the refusal is placed: a problem inside one record of the page's record array refuses that
 * record alone, and the page's other records are read, each as strictly as the whole was.
 * A problem anywhere else (the envelope: `links`, `meta`, the record array's own key), or a
 * page that cannot be cut into records, keeps the whole page refused. A refused record is
 * never parsed tolerantly into a value: what is kept of it is its identifiers, and only
 * those that every copy of a repeated key agrees on, so that the pull can name it and leave
 * its mirrored copy alone.
 */
import { createScanner } from 'jsonc-parser';
import { lineColumn, problemMessage, readJsonText, type JsonLimits, type JsonProblem } from '../catalogue/json-text.ts';

/** Where a list response keeps its records: the root array (`null`) or an array under one key of the root object. */
export interface ListShape {
  recordsAt: string | null;
  /** Paths of identifier values inside one record (`*` stands for any one key: ICAT's `{"Dataset": {"id": 1}}`). */
  idPaths: string[][];
}

/** A record of the page refused on its own. */
export class RefusedEntry {
  constructor(
    /** The page it was on. */
    readonly url: string,
    /** Its place in the record array. */
    readonly index: number,
    /** JSON pointer of the record in the body, e.g. `/data/3`. */
    readonly pointer: string,
    /** Why, with the position in the body. */
    readonly reason: string,
    /** Identifier values by path (`attributes.doi`, `*.id`); null when one of them is given twice with different values. */
    readonly ids: Record<string, string | number> | null,
  ) {}
}

export type ListRead =
  | { ok: true; body: unknown; refused: RefusedEntry[] }
  /** The whole page refused: `problem` and its message, as the strict reading gave them. */
  | { ok: false; problem: JsonProblem; message: string };

/** Reads `text` (no byte-order mark) as strictly as readJsonText, refusing single records where the problem lies inside one. */
export function readListBody(text: string, url: string, shape: ListShape, limits: JsonLimits, label = 'The response'): ListRead {
  const whole = readJsonText(text, limits);
  if (whole.ok) return { ok: true, body: whole.value, refused: [] };
  const refusal = (): ListRead => {
    const { line, column } = lineColumn(text, whole.problem.offset);
    return { ok: false, problem: whole.problem, message: problemMessage(label, whole.problem, line, column) };
  };
  // A syntax error is a truncated or corrupt page, retried as a whole; only a body that is
  // well-formed JSON, but built in a way no reading can trust, is cut into records.
  if (whole.problem.code === 'catalogue/malformed-json') return refusal();
  const slots = recordSlots(text, shape.recordsAt);
  if (!slots || slots.spans.length === 0) return refusal();
  // The envelope with every record replaced by 0: read as strictly as the whole.
  let envelopeText = '';
  let at = 0;
  for (const [start, end] of slots.spans) {
    envelopeText += text.slice(at, start) + '0';
    at = end;
  }
  envelopeText += text.slice(at);
  const envelope = readJsonText(envelopeText, limits);
  if (!envelope.ok) return refusal();
  const records = shape.recordsAt === null ? envelope.value : (envelope.value as Record<string, unknown>)[shape.recordsAt];
  if (!Array.isArray(records) || records.length !== slots.spans.length) return refusal();
  const inner = { ...limits, maxDepth: limits.maxDepth - slots.depth };
  const refused: RefusedEntry[] = [];
  for (const [i, [start, end]] of slots.spans.entries()) {
    const one = readJsonText(text.slice(start, end), inner);
    if (one.ok) {
      records[i] = one.value;
      continue;
    }
    if (one.problem.code === 'catalogue/malformed-json') return refusal();
    const { line, column } = lineColumn(text, start + one.problem.offset);
    const pointer = shape.recordsAt === null ? `/${i}` : `/${shape.recordsAt.replace(/~/g, '~0').replace(/\//g, '~1')}/${i}`;
    records[i] = null;
    refused.push(new RefusedEntry(url, i, pointer, problemMessage(`Record ${i} of the page`, one.problem, line, column), identifiers(text.slice(start, end), shape.idPaths)));
  }
  // The strict reading found a problem the pieces do not show: never read around it.
  if (refused.length === 0) return refusal();
  return { ok: true, body: envelope.value, refused };
}

/**
 * The text spans of the records (trimmed, start and end offsets) and the depth of the record
 * array; null when the body has no such array. One pass, no recursion, strings skipped, as
 * checkStructure. Only the first array under `recordsAt` is cut: a second one is a key given
 * twice in the envelope, which the envelope's own reading refuses.
 */
function recordSlots(text: string, recordsAt: string | null): { spans: Array<[number, number]>; depth: number } | null {
  const spans: Array<[number, number]> = [];
  const target = recordsAt === null ? 1 : 2;
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  // The last key read at depth 1 of a root object, and whether the next string there is a key.
  let key: string | null = null;
  let expectKey = false;
  let rootIsObject = false;
  let inRecords = false;
  let found = false;
  let slotStart = 0;
  const push = (end: number) => {
    let s = slotStart;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    // An empty slot is left in the envelope, whose reading then refuses `[1,,2]`; `[]` has none.
    if (e > s) spans.push([s, e]);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) {
        inString = false;
        if (depth === 1 && rootIsObject && expectKey) {
          try {
            key = JSON.parse(text.slice(stringStart, i + 1)) as string;
          } catch {
            key = null;
          }
          expectKey = false;
        }
      }
      continue;
    }
    if (c === 34) {
      inString = true;
      stringStart = i;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (depth === 0) rootIsObject = c === 123;
      depth++;
      if (depth === 1 && rootIsObject) expectKey = true;
      if (!found && depth === target && c === 91 && (recordsAt === null ? depth === 1 : rootIsObject && key === recordsAt)) {
        inRecords = found = true;
        slotStart = i + 1;
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (inRecords && depth === target) {
        push(i);
        inRecords = false;
      }
      depth--;
    } else if (c === 44 /* , */) {
      if (inRecords && depth === target) {
        push(i);
        slotStart = i + 1;
      }
      if (depth === 1 && rootIsObject) expectKey = true;
    }
  }
  return found ? { spans, depth: target } : null;
}

// jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot import).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const STRING = 10;
const NUMBER = 11;
const EOF = 17;

/**
 * The identifier values of one refused record, read token by token (no recursion: the record
 * may be nested 100,000 levels deep). A path met twice with different values (`{"id": 1,
 * "id": 2}`, or `{"id": 1, "id": null}`) makes the record nameless: naming it by either copy
 * could leave the wrong mirrored record alone.
 */
function identifiers(text: string, idPaths: string[][]): Record<string, string | number> | null {
  // Per path, the value met (null: one that is no identifier, a container or a literal).
  const found = new Map<string, string | number | null>();
  let ambiguous = false;
  const longest = Math.max(0, ...idPaths.map((p) => p.length));
  // One frame per open container: an object's current key (null before the first), or null for an array.
  const stack: Array<{ key: string | null; expectKey: boolean } | null> = [];
  const value = (v: string | number | null) => {
    if (stack.length === 0 || stack.length > longest) return;
    const path: string[] = [];
    for (const frame of stack) {
      if (!frame || frame.key === null) return;
      path.push(frame.key);
    }
    const match = idPaths.find((p) => p.length === path.length && p.every((part, i) => part === '*' || part === path[i]));
    if (!match) return;
    const name = match.join('.');
    if (found.has(name) && found.get(name) !== v) ambiguous = true;
    found.set(name, v);
  };
  const scanner = createScanner(text, true);
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    const top = stack[stack.length - 1];
    if (token === CLOSE_BRACE || token === CLOSE_BRACKET) stack.pop();
    else if (token === COMMA) {
      if (top) top.expectKey = true;
    } else if (token === COLON) {
      // The value follows.
    } else if (token === STRING && top && top.expectKey) {
      top.key = scanner.getTokenValue();
      top.expectKey = false;
    } else {
      value(token === STRING ? scanner.getTokenValue() : token === NUMBER ? Number(scanner.getTokenValue()) : null);
      if (token === OPEN_BRACE) stack.push({ key: null, expectKey: true });
      else if (token === OPEN_BRACKET) stack.push(null);
    }
  }
  if (ambiguous) return null;
  const ids: Record<string, string | number> = {};
  for (const [name, v] of found) if (v !== null) ids[name] = v;
  return ids;
}
