/**
 * vitest globalSetup: compiles src/ into lib/ (scripts/compile-cli.js, the `prepare` step)
 * once before any test file runs, so a test that spawns bin/aperture.js never runs a stale
 * lib/. Once here rather than in each test file: test files run in parallel and two
 * compilers writing the same lib/ at once could hand a reader half a file. When nothing
 * under src/ changed, tsc -b only compares timestamps (about 0.1 s of CPU).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function compileCli(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/compile-cli.js')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiling the CLI (scripts/compile-cli.js) failed:\n${r.stdout}${r.stderr}`);
}
