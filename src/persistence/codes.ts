/** Diagnostic codes of DOI persistence between builds (docs/exports.md, "Persistence"). */
import type { CodeTable } from '../diagnostics/codes.ts';

export const PERSISTENCE_CODES = {
  'persistence/kept-previous': {
    severity: 'warning',
    title: 'A published record is invalid now, so its page from the previous build was kept',
    hint: 'Fix the record: until then the DOI keeps resolving to the page it had before, and the record is left out of the sitemap, feed and dumps.',
  },
  'persistence/dropped': {
    severity: 'error',
    title: 'A DOI published by an earlier build would have no page in this one',
    hint: 'Restore the record, or mark it withdrawn (the DOI then resolves to a tombstone). To drop it deliberately, build with --allow-unpublish <DOI>.',
  },
  'persistence/unpublished': {
    severity: 'error',
    title: 'A DOI published by an earlier build is now marked unpublished, so its page was removed',
    hint: 'A published DOI must keep resolving: mark the record withdrawn to leave a tombstone. If it must disappear without one, build with --allow-unpublish <DOI> to acknowledge.',
  },
  'persistence/unpublish-allowed': {
    severity: 'info',
    title: 'A previously published DOI was removed from the site on request (--allow-unpublish)',
    hint: 'Nothing to do; the persistence manifest keeps the DOI as removed.',
  },
  'persistence/remote-skipped': {
    severity: 'warning',
    title: 'The published-DOI list was not read back from the live site or bucket (--offline)',
    hint: 'Only this machine\'s list guards published DOIs in this build. Build without --offline where the live site can be reached.',
  },
  'persistence/interrupted-build': {
    severity: 'warning',
    title: 'An earlier build was interrupted before it finished; its unfinished folders were removed',
    hint: 'Nothing was lost: the live site stayed the previous build. Look at why that build stopped (killed, out of memory, out of disk) if it keeps happening.',
  },
} satisfies CodeTable;
