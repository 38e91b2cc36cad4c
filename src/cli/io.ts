/** Where commands write: data to stdout, logs to stderr. Injected so tests can capture both. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Working directory against which relative paths resolve. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stderr as a stream, for a live progress bar when it is a terminal (src/cli/progress.ts); absent in tests that capture stderr. */
  terminal?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  cwd: process.cwd(),
  env: process.env,
  terminal: process.stderr,
};
