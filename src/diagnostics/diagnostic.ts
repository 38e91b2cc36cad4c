/**
 * Diagnostics are data: every problem the pipeline finds in its input is one of these
 * records, collected and reported once (modelled on vfile-message). Bad input never
 * throws; code that finds a problem adds a Diagnostic and carries on.
 */
import { CODES, type DiagnosticCode } from './codes.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable machine code, e.g. `datacite/schema`; see docs/diagnostics.md. */
  code: DiagnosticCode;
  severity: Severity;
  /** Catalogue record id (experiment folder or DOI); null for catalogue-wide problems. */
  record: string | null;
  /** File the problem was found in, relative to the catalogue root where possible. */
  file: string | null;
  /** JSON pointer (RFC 6901) into the record, or `line:column` for text formats. */
  pointer: string | null;
  message: string;
  /** What to do about it. */
  hint: string | null;
}

export interface DiagnosticInput {
  code: DiagnosticCode;
  message: string;
  record?: string | null;
  file?: string | null;
  pointer?: string | null;
  /** Overrides the code's default hint. */
  hint?: string | null;
  /** Overrides the code's default severity (rare: e.g. a check that is an error in one context). */
  severity?: Severity;
}

/** Builds a Diagnostic, filling severity and hint from the code registry. */
export function diagnostic(input: DiagnosticInput): Diagnostic {
  const entry = CODES[input.code];
  return {
    code: input.code,
    severity: input.severity ?? entry.severity,
    record: input.record ?? null,
    file: input.file ?? null,
    pointer: input.pointer ?? null,
    message: input.message,
    hint: input.hint === undefined ? entry.hint : input.hint,
  };
}

/** Where stages put what they find. Scoped sinks share one list. */
export class DiagnosticSink {
  readonly list: Diagnostic[];
  private readonly scope: { record?: string | null; file?: string | null };

  constructor(list: Diagnostic[] = [], scope: { record?: string | null; file?: string | null } = {}) {
    this.list = list;
    this.scope = scope;
  }

  add(input: DiagnosticInput): Diagnostic {
    const d = diagnostic({ record: this.scope.record, file: this.scope.file, ...input });
    this.list.push(d);
    return d;
  }

  /** A sink whose diagnostics default to this record and file. */
  scoped(scope: { record?: string | null; file?: string | null }): DiagnosticSink {
    return new DiagnosticSink(this.list, { ...this.scope, ...scope });
  }

  hasErrors(record?: string): boolean {
    return this.list.some((d) => d.severity === 'error' && (record === undefined || d.record === record));
  }

  errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }

  warnings(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'warning');
  }
}

/** RFC 6901 pointer from path segments. */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
