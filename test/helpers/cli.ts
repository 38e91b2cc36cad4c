/** Running the CLI in-process with captured output, and finding the external tools tests use. */
import { execFileSync } from 'node:child_process';
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

/** Debian's libxml2-utils; XSD checks skip without it. */
export function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
