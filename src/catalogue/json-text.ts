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
import { parse as scanJson, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
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
  const { problem: structure, members } = checkStructure(body, limits);
  if (structure) {
    const { line, column } = lineColumn(body, structure.offset);
    sink.add({ code: structure.code, pointer: `${line}:${column}`, message: `${label} ${structure.message} at line ${line}, column ${column}.` });
    return { ok: false };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const { line, column } = errorPosition(body, reason);
    sink.add({
      code: 'catalogue/malformed-json',
      pointer: `${line}:${column}`,
      message: `${label} does not parse at line ${line}, column ${column}: ${stripPosition(reason)}.`,
    });
    return { ok: false };
  }
  // A repeated key leaves fewer keys in the parsed value than members in the text; only
  // then is the text scanned again for where (the scan costs ten times the parse).
  const duplicate = memberCount(value) === members ? null : firstDuplicateKey(body);
  if (duplicate) {
    const { line, column } = lineColumn(body, duplicate.offset);
    sink.add({
      code: 'catalogue/duplicate-key',
      pointer: `${line}:${column}`,
      message: `${label} gives the key ${JSON.stringify(duplicate.key.slice(0, 80))} twice in one object (line ${line}, column ${column}); which one is meant is unknown.`,
    });
    return { ok: false };
  }
  return { ok: true, value };
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

/** Line and column (1-based) of the first syntax error in `text` (JSON.parse's `reason` as a fallback). */
export function errorPosition(text: string, reason: string): { line: number; column: number; error?: string } {
  const errors: ParseError[] = [];
  scanJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) return { ...lineColumn(text, errors[0].offset), error: printParseErrorCode(errors[0].error) };
  const explicit = /\(line (\d+) column (\d+)\)/.exec(reason);
  if (explicit) return { line: Number(explicit[1]), column: Number(explicit[2]) };
  const position = /at position (\d+)/.exec(reason);
  return lineColumn(text, position ? Number(position[1]) : text.length);
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
