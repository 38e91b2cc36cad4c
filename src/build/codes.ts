/** Diagnostic codes of the stage itself (src/build/stage.ts): the per-record failure boundary. */
import type { CodeTable } from '../diagnostics/codes.ts';

export const STAGE_CODES = {
  'stage/record-failed': {
    severity: 'error',
    title: 'Staging a record failed unexpectedly; the record is left out and the rest of the catalogue builds',
    hint: 'The message names the step and the error. This is a bug in Aperture or an input it does not expect: report it with the record, and fix or remove the record to publish it.',
  },
  'stage/relation-to-unreleased': {
    severity: 'warning',
    title: 'A public record names an unreleased record of the catalogue; that relation is left out, and a mention in its descriptions masked, until the other record is released',
    hint: 'Nothing to do if the other record is to be released: the build after its release shows the relation and the mention. Otherwise correct the related identifier or the text, or release the record it names.',
  },
  'stage/description-as-text': {
    severity: 'warning',
    title: 'A description is shown as plain text: it is longer than 20,000 characters (with the record\'s other descriptions), or nested more than 100 levels deep',
    hint: 'Shorten the description, or undo its deep nesting (quotes, lists, emphasis or HTML elements inside one another); the page shows it as written meanwhile.',
  },
} satisfies CodeTable;
