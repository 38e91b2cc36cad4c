/** Distinct exit codes so scripts and CI can tell outcomes apart (clig.dev). */
export const EXIT = {
  ok: 0,
  /** The input has errors (validation, unreadable file); output was produced without the bad records. */
  inputErrors: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** A safety gate refused: unreleased data in output, a published DOI dropped, a failed upload. */
  gate: 3,
  /** Something outside the input failed: storage unreachable, the site renderer crashed. */
  failure: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown by commands for a clean exit with a message (never for bad input, which is a diagnostic). */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}
