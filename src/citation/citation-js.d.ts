/**
 * Minimal types for the parts of @citation-js/core 0.8 that src/citation (and the tests reading its output) use (the
 * package ships none). Plugins register themselves into core on import.
 */
declare module '@citation-js/core' {
  export class Cite {
    /** `forceType` names the input format (`@biblatex/text`, `@ris/file`): how tests read our output back. */
    constructor(data: unknown, options?: { forceType?: string });
    /** The entries as CSL-JSON. */
    readonly data: unknown[];
    format(format: string, options?: Record<string, unknown>): string | object;
  }
  export const plugins: {
    has(name: string): boolean;
    list(): string[];
    config: { get(name: string): unknown };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
/** One field value as the BibTeX writer escapes it (src/citation/bibtex-unicode.ts asks it per character). */
declare module '@citation-js/plugin-bibtex/lib/output/value.js' {
  export function format(field: string, value: unknown): string;
}
declare module '@citation-js/plugin-ris';
/** How citation-js reads keywords between CSL and BibTeX: how tests read our output back. */
declare module '@citation-js/plugin-bibtex/lib/mapping/shared.js' {
  export const Converters: { KEYWORDS: { toSource(keyword: string): string[]; toTarget(list: string[]): string } };
}
/** One BibTeX field value as citation-js reads it (a list for `separated` fields such as keywords): how tests read our output back. */
declare module '@citation-js/plugin-bibtex/lib/input/value.js' {
  export function parse(text: string, field: string): unknown;
}
