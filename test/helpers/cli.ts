/** Running the CLI in-process with captured output, or as the compiled command; finding the external tools tests use. */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

export interface CliRun {
  code: number;
  /** Everything written to stdout, each write ending in a newline. */
  out: string;
  err: string;
}

export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const line = (t: string) => (t.endsWith('\n') ? t : t + '\n');
  const io: CliIO = { stdout: (t) => void (out += line(t)), stderr: (t) => void (err += line(t)), cwd, env };
  const code = await main(args, io);
  return { code, out, err };
}

/** bin/aperture.js: the compiled CLI in lib/, which vitest's globalSetup (test/helpers/compile-cli.ts) compiled from src/ before the tests. */
export const APERTURE_BIN = path.resolve(import.meta.dirname, '../../bin/aperture.js');

/**
 * Runs the compiled CLI as its own process, as a user would (`aperture ARGS`). `nodeArgs`
 * go to node before the script (e.g. `--import` a hook). Never throws for a non-zero exit.
 */
export function spawnCli(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), APERTURE_BIN, ...args],
      { cwd, env: { ...process.env, ...options.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, out: stdout, err: stderr });
      },
    );
  });
}

/** Debian's libxml2-utils; XSD checks skip without it. */
export function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
