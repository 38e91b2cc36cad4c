#!/usr/bin/env node
// The CLI ships compiled: `npm install` runs `prepare` (scripts/compile-cli.js), which
// compiles src/ into lib/. Nothing here compiles TypeScript, so a command starts in
// milliseconds and loads only the modules it runs.
import module from 'node:module';

// V8's code cache on disk: the second run of a heavy command (astro, sharp) skips parsing.
module.enableCompileCache?.();
let main;
try {
  ({ main } = await import('../lib/cli/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('lib/cli/main.js')) throw error;
  process.stderr.write('aperture: the compiled CLI (lib/) is missing; run `npm install` or `npm run prepare` in the project folder\n');
  process.exit(4);
}
process.exitCode = await main(process.argv.slice(2));
