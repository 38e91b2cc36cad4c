/** Writes docs/diagnostics.md from the diagnostic code registry: `npm run docs:codes`. */
import { writeFile } from 'node:fs/promises';
import { diagnosticsReference } from '../src/diagnostics/code-docs.ts';

await writeFile(new URL('../docs/diagnostics.md', import.meta.url), diagnosticsReference());
