/** Human-readable and JSON renderings of a diagnostics list (`aperture check`). */
import type { Diagnostic } from './diagnostic.ts';

export interface CheckSummary {
  records: number;
  valid: number;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

export function summarise(records: number, valid: number, diagnostics: Diagnostic[]): CheckSummary {
  return {
    records,
    valid,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    diagnostics,
  };
}

/** Groups by record (catalogue-wide problems first), errors before warnings within a record. */
export function formatReport(summary: CheckSummary): string {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of summary.diagnostics) {
    const key = d.record ?? '(catalogue)';
    const group = groups.get(key) ?? [];
    group.push(d);
    groups.set(key, group);
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const lines: string[] = [];
  const keys = [...groups.keys()].sort((a, b) => (a === '(catalogue)' ? -1 : b === '(catalogue)' ? 1 : a.localeCompare(b)));
  for (const key of keys) {
    lines.push(key);
    const group = groups.get(key)!.sort((a, b) => rank[a.severity] - rank[b.severity]);
    for (const d of group) {
      const where = [d.file, d.pointer].filter(Boolean).join(' ');
      lines.push(`  ${d.severity.padEnd(7)} ${d.code}  ${d.message}${where ? `  (${where})` : ''}`);
      if (d.hint) lines.push(`          hint: ${d.hint}`);
    }
    lines.push('');
  }
  lines.push(
    `${summary.records} records, ${summary.valid} valid, ${summary.errors} errors, ${summary.warnings} warnings`,
  );
  return lines.map(visible).join('\n');
}

/**
 * Text safe to print to a terminal: control characters (ESC starts the sequences that
 * clear a screen or retitle a window), C1 controls and bidirectional controls are shown as
 * `\u{…}` instead of acting. Record ids, file names and quoted values come from input.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
