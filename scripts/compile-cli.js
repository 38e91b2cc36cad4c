#!/usr/bin/env node
// `npm run prepare` (npm install runs it): compiles the command line from src/ into lib/
// with tsc (tsconfig.build.json), then copies the runtime assets that modules find next to
// themselves with `new URL('./…', import.meta.url)` and tsc does not emit. `tsc -b` is
// incremental: when nothing under src/ changed it only compares timestamps (~0.2 s CPU),
// so every npm script and the tests can run it first and never use a stale lib/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-b', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

/** Files read at run time by path (CSL styles); imported JSON is emitted by tsc itself. */
const ASSET = /\.(csl)$/;
const src = path.join(root, 'src');
const lib = path.join(root, 'lib');
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !ASSET.test(entry.name)) continue;
  const from = path.join(entry.parentPath, entry.name);
  const to = path.join(lib, path.relative(src, from));
  if (statSync(to, { throwIfNoEntry: false })?.mtimeMs >= statSync(from).mtimeMs) continue;
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}
