/** Diagnostic codes of the machine-readable exports (docs/exports.md). */
import type { CodeTable } from '../diagnostics/codes.ts';

export const EXPORT_CODES = {
  'export/description-length': {
    severity: 'warning',
    title: 'The abstract is shorter than 50 or longer than 5000 characters',
    hint: 'Give the record an Abstract description of 50–5000 characters; schema.org Dataset consumers (Google Dataset Search) skip records outside that range.',
  },
} satisfies CodeTable;
