/**
 * JSON.parse with a diagnostic instead of an exception: a malformed file is reported with
 * the line and column of the problem. V8's messages give a position only for some errors
 * ("Unexpected token 'o', … is not valid JSON" has none), so on failure the text is
 * re-scanned with jsonc-parser in strict mode, which reports an offset for every error.
 */
import { parse as scanJson, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';

export type Parsed = { ok: true; value: unknown } | { ok: false };

/** Parses `text`; on failure adds `catalogue/malformed-json` with `line:column` and returns `{ok:false}`. */
export function parseJsonText(text: string, sink: DiagnosticSink, label = 'JSON'): Parsed {
  try {
    // A UTF-8 byte-order mark is legal in a file but not in JSON text.
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const { line, column } = errorPosition(text, reason);
    sink.add({
      code: 'catalogue/malformed-json',
      pointer: `${line}:${column}`,
      message: `${label} does not parse at line ${line}, column ${column}: ${stripPosition(reason)}.`,
    });
    return { ok: false };
  }
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
