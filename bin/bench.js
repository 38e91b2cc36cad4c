#!/usr/bin/env node
// `npm run bench`: runs every scripts/bench/*.bench.ts in turn. Each bench prints its own
// table; a failing bench is reported and the rest still run. Optional filter, then the
// bench's own options: `npm run bench -- images`, `npm run bench -- build --sizes 1000`.
// tsx compiles the bench scripts, some of which import src/ to time one stage in-process;
// the build bench runs the compiled CLI (lib/) as its own process, as a user would.
import { register } from 'tsx/esm/api';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

register();
const dir = fileURLToPath(new URL('../scripts/bench/', import.meta.url));
const [filter, ...args] = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort();
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name}\n`);
  try {
    const mod = await import(pathToFileURL(join(dir, name)).href);
    if (typeof mod.default === 'function') await mod.default(args);
  } catch (error) {
    failed++;
    process.stderr.write(`bench ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
}
if (benches.length === 0) process.stdout.write('no benches found in scripts/bench/\n');
process.exitCode = failed ? 1 : 0;
