#!/usr/bin/env node
// `npm run bench`: runs every scripts/bench/*.bench.ts in turn (tsx compiles them on the
// fly, as bin/aperture.js does). Each bench prints its own table; a failing bench is
// reported and the rest still run. Optional filter: `npm run bench -- images`.
import { register } from 'tsx/esm/api';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

register();
const dir = fileURLToPath(new URL('../scripts/bench/', import.meta.url));
const filter = process.argv[2];
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort();
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name}\n`);
  try {
    const mod = await import(pathToFileURL(join(dir, name)).href);
    if (typeof mod.default === 'function') await mod.default();
  } catch (error) {
    failed++;
    process.stderr.write(`bench ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
}
if (benches.length === 0) process.stdout.write('no benches found in scripts/bench/\n');
process.exitCode = failed ? 1 : 0;
