/**
 * A cap on the problems one dataset listing reports line by line. A listing that is no
 * listing at all (a CSV, a binary, a log saved under the listing's name) is 200,000 bad
 * lines: one diagnostic each buries every other finding of the build and holds them all in
 * memory. The first LISTED_LINES lines with problems are reported in full, each with its
 * line; the rest are counted and reported once (summary), with their lines' span.
 */
import { diagnostic, DiagnosticSink, type Diagnostic, type DiagnosticInput, type Severity } from '../diagnostics/diagnostic.ts';

/** Lines with problems reported one by one, per listing. */
export const LISTED_LINES = 20;

interface Tally {
  /** Lines with problems so far, and the last one (problems of one line arrive together). */
  lines: number;
  lastLine: number;
  /** What was not reported one by one. */
  unlisted: { lines: number; problems: number; first: number; last: number; severity: Severity; file: string | null } | null;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * A sink for one listing's reading and validation, in front of `target`: problems addressed
 * to a line (a `line:column` pointer) pass while they are on one of the first LISTED_LINES bad
 * lines; any other problem (the listing unreadable as a whole) always passes. Scoped sinks
 * share the count.
 */
export class ListingProblems extends DiagnosticSink {
  constructor(
    private readonly target: DiagnosticSink,
    private readonly tally: Tally = { lines: 0, lastLine: 0, unlisted: null },
  ) {
    super(target.list);
  }

  override add(input: DiagnosticInput): Diagnostic {
    const line = Number(/^(\d+):\d+$/.exec(input.pointer ?? '')?.[1] ?? NaN);
    const t = this.tally;
    if (!Number.isNaN(line) && line !== t.lastLine) {
      t.lines++;
      t.lastLine = line;
    }
    if (Number.isNaN(line) || t.lines <= LISTED_LINES) return this.target.add(input);
    const d = diagnostic(input);
    const u = (t.unlisted ??= { lines: 0, problems: 0, first: line, last: line, severity: d.severity, file: d.file });
    if (line !== u.last || u.problems === 0) u.lines++;
    u.problems++;
    u.last = line;
    if (RANK[d.severity] < RANK[u.severity]) u.severity = d.severity;
    return d;
  }

  override scoped(scope: { record?: string | null; file?: string | null }): DiagnosticSink {
    return new ListingProblems(this.target.scoped(scope), this.tally);
  }

  /** Reports the lines not reported one by one, once, as severe as the worst of them; nothing when all were. */
  addSummary(record: string, datasetId: string): void {
    const u = this.tally.unlisted;
    if (!u) return;
    this.target.add({
      code: 'catalogue/listing-problems',
      severity: u.severity,
      record,
      file: u.file,
      pointer: `${u.first}:1`,
      message:
        `Dataset "${datasetId}": ${this.tally.lines} listing lines have problems. The first ${LISTED_LINES} are reported one by one; ` +
        `${u.problems} more problem(s) on ${u.lines} more line(s), lines ${u.first} to ${u.last}, are not, and are skipped or kept as those are.`,
    });
  }
}
