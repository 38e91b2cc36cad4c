/**
 * The builds a notification starts run as `aperture build` (and `aperture publish`) child
 * processes: the same command a curator runs, its memory returned when it ends, and a
 * crash in one build never takes the hook server down with it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BuildOutcome, BuildRequest } from './build-queue.ts';

const CLI = fileURLToPath(new URL('../../bin/aperture.js', import.meta.url));

export interface SpawnBuildOptions {
  cwd: string;
  /** Extra `aperture build` arguments (config, catalogue, out, work dir). */
  buildArgs: string[];
  /** When set, `aperture publish` runs after a successful build with these arguments. */
  publishArgs?: string[];
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export function spawnBuilds(o: SpawnBuildOptions): (request: BuildRequest) => Promise<BuildOutcome> {
  return async (request) => {
    o.log(`serve-hooks: build for ${request.full ? 'a full rebuild' : request.dois.join(', ')} (${request.notifications.length} notification(s))`);
    const build = await runCli(['build', ...o.buildArgs], o);
    // Exit 1 means bad records were left out but the site was built: still publishable.
    if (build > 1) return { ok: false, exitCode: build, summary: 'aperture build failed' };
    if (o.publishArgs) {
      const publish = await runCli(['publish', ...o.publishArgs], o);
      if (publish !== 0) return { ok: false, exitCode: publish, summary: 'aperture publish failed' };
    }
    return { ok: true, exitCode: build, summary: build === 1 ? 'built; some records have errors (see the build report)' : 'built' };
  };
}

function runCli(args: string[], o: SpawnBuildOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) o.log(`  ${line}`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 4 : 0)));
  });
}
