/**
 * Strict JSON reading with a diagnostic instead of an exception. Beyond JSON.parse:
 * - nesting deeper than MAX_DEPTH is refused before anything recursive runs (a 5,000-level
 *   array would otherwise overflow the stack of whatever walks it later);
 * - a key given twice in one object is an error, not "last wins" (RFC 8259 leaves it
 *   undefined, and `{"state":"unpublished","state":"released"}` must not publish);
 * - an array longer than MAX_ITEMS is refused (100,000 creators would cost every page).
 * Syntax errors carry a `line:column`: V8's messages give a position only for some errors,
 * so the text is re-scanned with jsonc-parser in strict mode, which reports an offset for all.
 */
import { parse as scanJson, visit, type ParseError } from 'jsonc-parser';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { MAX_DEPTH, MAX_ITEMS } from '../datacite/limits.ts';

export type Parsed = { ok: true; value: unknown } | { ok: false };

export interface JsonLimits {
  maxDepth: number;
  maxItems: number;
}

const DEFAULT_LIMITS: JsonLimits = { maxDepth: MAX_DEPTH, maxItems: MAX_ITEMS };

/** Parses `text`; on failure adds a diagnostic (`catalogue/malformed-json`, `…/duplicate-key`, `…/too-deep`) and returns `{ok:false}`. */
export function parseJsonText(text: string, sink: DiagnosticSink, label = 'JSON', limits: JsonLimits = DEFAULT_LIMITS): Parsed {
  const body = text.replace(/^\uFEFF/, '');
  const read = readJsonText(body, limits);
  if (read.ok) return read;
  const { line, column } = lineColumn(body, read.problem.offset);
  sink.add({ code: read.problem.code, pointer: `${line}:${column}`, message: problemMessage(label, read.problem, line, column) });
  return { ok: false };
}

/** Why a JSON text is refused, and where (an offset into the text read). */
export interface JsonProblem {
  code: 'catalogue/malformed-json' | 'catalogue/duplicate-key' | 'catalogue/too-deep';
  offset: number;
  /** What is wrong, without the position: "nests arrays/objects more than 80 levels deep", the parser's reason, the repeated key. */
  detail: string;
}

/**
 * The reading parseJsonText does, with the problem as data instead of a diagnostic, for
 * readers that place it themselves (a pull places a problem inside one record of a page).
 * `text` must have no byte-order mark.
 */
export function readJsonText(body: string, limits: JsonLimits = DEFAULT_LIMITS): { ok: true; value: unknown } | { ok: false; problem: JsonProblem } {
  const { problem: structure, members } = checkStructure(body, limits);
  if (structure) return { ok: false, problem: { code: structure.code, offset: structure.offset, detail: structure.message } };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { code: 'catalogue/malformed-json', offset: errorOffset(body, reason), detail: stripPosition(reason) } };
  }
  // A repeated key leaves fewer keys in the parsed value than members in the text; only
  // then is the text scanned again for where (the scan costs ten times the parse).
  const duplicate = memberCount(value) === members ? null : firstDuplicateKey(body);
  if (duplicate) return { ok: false, problem: { code: 'catalogue/duplicate-key', offset: duplicate.offset, detail: duplicate.key } };
  return { ok: true, value };
}

/** The sentence a diagnostic carries for `problem`, at `line`:`column`. */
export function problemMessage(label: string, problem: JsonProblem, line: number, column: number): string {
  if (problem.code === 'catalogue/too-deep') return `${label} ${problem.detail} at line ${line}, column ${column}.`;
  if (problem.code === 'catalogue/malformed-json') return `${label} does not parse at line ${line}, column ${column}: ${problem.detail}.`;
  return `${label} gives the key ${JSON.stringify(problem.detail.slice(0, 80))} twice in one object (line ${line}, column ${column}); which one is meant is unknown.`;
}

interface StructureProblem {
  code: 'catalogue/too-deep';
  offset: number;
  message: string;
}

/**
 * One linear, non-recursive pass over the text: nesting depth and array lengths, and the
 * number of object members (each `:` outside a string). Strings are skipped (brackets
 * inside them do not count). Syntax is left to JSON.parse.
 */
function checkStructure(text: string, limits: JsonLimits): { problem: StructureProblem | null; members: number } {
  // items[d] counts the values of the array open at depth d (-1 for an object).
  const items: number[] = [];
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
    } else if (c === 58 /* : */) {
      members++;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (items.length >= limits.maxDepth) {
        return { problem: { code: 'catalogue/too-deep', offset: i, message: `nests arrays/objects more than ${limits.maxDepth} levels deep` }, members };
      }
      items.push(c === 91 ? 0 : -1);
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      items.pop();
    } else if (c === 44 /* , */ && items.length > 0 && items[items.length - 1] >= 0) {
      if (++items[items.length - 1] >= limits.maxItems) {
        return { problem: { code: 'catalogue/too-deep', offset: i, message: `has an array of more than ${limits.maxItems} items` }, members };
      }
    }
  }
  return { problem: null, members };
}

/** Keys of every object in a parsed value (JSON.parse keeps one of a repeated key). Depth is bounded before this runs. */
function memberCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += memberCount(item);
    return count;
  }
  for (const key of Object.keys(value)) count += 1 + memberCount((value as Record<string, unknown>)[key]);
  return count;
}

/** The first key repeated within one object (depth is bounded before this runs, so recursion is safe). */
function firstDuplicateKey(text: string): { key: string; offset: number } | null {
  const stack: Array<Set<string>> = [];
  let found: { key: string; offset: number } | null = null;
  visit(text, {
    onObjectBegin: () => {
      stack.push(new Set());
    },
    onObjectEnd: () => {
      stack.pop();
    },
    onObjectProperty: (property, offset) => {
      const keys = stack[stack.length - 1];
      if (!keys || found) return;
      if (keys.has(property)) found = { key: property, offset };
      keys.add(property);
    },
  });
  return found;
}

/** Offset of the first syntax error in `text` (JSON.parse's `reason` as a fallback). */
function errorOffset(text: string, reason: string): number {
  const errors: ParseError[] = [];
  scanJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) return errors[0].offset;
  const explicit = /\(line (\d+) column (\d+)\)/.exec(reason);
  if (explicit) return offsetOf(text, Number(explicit[1]), Number(explicit[2]));
  const position = /at position (\d+)/.exec(reason);
  return position ? Number(position[1]) : text.length;
}

/** The offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function stripPosition(reason: string): string {
  return reason.replace(/\s*(in JSON )?at position \d+( \(line \d+ column \d+\))?/, '').replace(/\.$/, '');
}
