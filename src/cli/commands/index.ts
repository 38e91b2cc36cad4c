/**
 * Every command of the CLI, in the order `--help` lists them. A command's file declares its
 * name, arguments and options (all `--help` needs) and imports its heavy modules inside its
 * action with `await import(...)`, so `aperture --version` or `--help` loads none of the
 * pipeline, and each command loads only what it runs. Adding a command is one line below.
 */
import type { Command } from 'commander';
import type { CliIO } from '../io.ts';
import type { ExitCode } from '../exit-codes.ts';
import { registerBuild } from './build.ts';
import { registerCheck } from './check.ts';
import { registerPreview } from './preview.ts';
import { registerInspect } from './inspect.ts';
import { registerEnrich } from './enrich.ts';
import { registerStorage } from './storage.ts';
import { registerPublish } from './publish.ts';
import { registerConvert } from './convert.ts';
import { registerPull } from './pull.ts';
import { registerServeHooks } from './serve-hooks.ts';
import { registerRollback } from './rollback.ts';
import { registerRelease } from './release.ts';

/** A command adds itself to the program and reports its exit code through `setExit`. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: ExitCode) => void) => void;

export const COMMANDS: RegisterCommand[] = [registerBuild, registerCheck, registerPreview, registerEnrich, registerInspect, registerStorage, registerPublish, registerConvert, registerPull, registerRelease, registerServeHooks, registerRollback];
