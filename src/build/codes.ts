/** Diagnostic codes of the stage itself (src/build/stage.ts): the per-record failure boundary. */
import type { CodeTable } from '../diagnostics/codes.ts';

export const STAGE_CODES = {
  'stage/record-failed': {
    severity: 'error',
    title: 'Staging a record failed unexpectedly; the record is left out and the rest of the catalogue builds',
    hint: 'The message names the step and the error. This is a bug in Aperture or an input it does not expect: report it with the record, and fix or remove the record to publish it.',
  },
} satisfies CodeTable;
