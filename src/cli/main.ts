/**
 * `aperture` command line. Each command lives in ./commands/<name>.ts and registers
 * itself on the program; this file only wires them and maps outcomes to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/index.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { processIO, type CliIO } from './io.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs the CLI; resolves to the exit code (never calls process.exit, so tests can call it). */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('aperture')
    .description('Aperture: static public pages, search and downloads for released beamline data.')
    .version(pkg.version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError();
  for (const register of COMMANDS) {
    register(program, io, (exit) => {
      code = exit;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exitCode 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr(`aperture: ${error.message}`);
      return error.exitCode;
    }
    io.stderr(`aperture: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failure;
  }
  return code;
}
