// `node --import ./record-imports.js …`: appends the URL of every module the process
// resolves (ESM import, dynamic import, require) to the file named by APERTURE_IMPORT_LOG
// when it exits. Lets a test see what a command loaded without timing anything.
import module from 'node:module';
import { writeFileSync } from 'node:fs';

const seen = new Set();
module.registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    seen.add(result.url);
    return result;
  },
});
process.on('exit', () => writeFileSync(process.env.APERTURE_IMPORT_LOG, [...seen].join('\n') + '\n'));
