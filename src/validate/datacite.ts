/**
 * DataCite metadata validation: the 4.7 JSON Schema, then semantic checks (identifiers,
 * links, dates, licence, description). Findings go to the sink as diagnostics; the record
 * is returned typed only when none of them is an error. See docs/validation.md.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { DataCiteAttributes } from '../datacite/types.ts';
import { checkDataCiteSchema } from './datacite-schema.ts';
import { SemanticChecker } from './datacite-semantic.ts';
import { normaliseDoi, isDoi } from '../record/doi.ts';
import { mapLegacyForms } from '../record/legacy.ts';
import { DiagnosticSink as Sink } from '../diagnostics/diagnostic.ts';
import { salvage } from './salvage.ts';

const DOI_DECORATION = /^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)/i;

/**
 * Validates REST-shaped DataCite attributes of any kernel (legacy forms read under their own
 * kernel's rules, see src/record/legacy.ts). Every problem is reported; the record comes
 * back typed with faulty values left out, or null when what a landing page needs is
 * missing or unsafe (see salvage.ts).
 */
export function validateDataCite(input: unknown, sink: DiagnosticSink): DataCiteAttributes | null {
  const { attrs, mapped } = mapLegacyForms(input);
  for (const m of mapped) sink.add({ code: 'datacite/legacy-form', pointer: m.pointer, message: m.message });
  const own = new Sink();
  const ok = check(attrs, own);
  // Reported through the caller's sink, so its record and file scope apply.
  for (const { record: _r, file: _f, ...d } of own.list) sink.add(d);
  if (ok) return ok;
  // The salvaged record must itself be clean. Leaving a value out can leave its optional
  // object without a property that object requires (a related item's identifier object
  // without its identifier): the next round leaves that object out too. Each round removes
  // something or gives up, so nesting depth bounds the rounds; the limit is only a guard.
  let errors = own.errors();
  let current: unknown = attrs;
  const removed: string[] = [];
  for (let round = 0; round < MAX_SALVAGE_ROUNDS; round++) {
    const saved = salvage(current, errors);
    if (!saved.attrs) return null;
    removed.push(...saved.removed.filter((p) => !removed.includes(p)));
    const again = new Sink();
    const clean = check(saved.attrs, again);
    if (clean) {
      sink.add({ code: 'datacite/value-left-out', pointer: null, message: `Published without ${removed.join(', ')}, which had errors.` });
      return clean;
    }
    errors = again.errors();
    current = saved.attrs;
  }
  return null;
}

const MAX_SALVAGE_ROUNDS = 8;

function check(attrs: unknown, sink: DiagnosticSink): DataCiteAttributes | null {
  const before = sink.errors().length;
  checkDataCiteSchema(attrs, sink);
  if (typeof attrs === 'object' && attrs !== null && !Array.isArray(attrs)) {
    const record = attrs as Record<string, unknown>;
    const doi = record.doi;
    if (typeof doi === 'string' && doi.trim() !== '' && !(isDoi(doi.trim()) && !DOI_DECORATION.test(doi))) {
      const hint = DOI_DECORATION.test(doi.trim()) && isDoi(normaliseDoi(doi))
        ? `Write the bare DOI: ${normaliseDoi(doi)}`
        : undefined;
      sink.add({ code: 'datacite/doi-syntax', pointer: '/doi', message: `${JSON.stringify(doi.slice(0, 100))} is not a DOI (10.NNNN/suffix)`, ...(hint ? { hint } : {}) });
    } else if (typeof doi === 'string' && isDoi(doi.trim())) {
      checkPublishedDoi(normaliseDoi(doi), sink);
    }
    new SemanticChecker(sink).run(record);
  }
  return sink.errors().length === before ? (attrs as DataCiteAttributes) : null;
}

/** Printable ASCII only: what DataCite registers, and what no other character can imitate. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const MAX_DOI_LENGTH = 500;

/**
 * The DOI as it will be published (normaliseDoi of the value) must be one a page can be
 * made for. A non-ASCII character (a Kelvin sign, a Cyrillic "а") would make a look-alike of
 * another DOI; percent-encoded text is kept as written (`%20` is three characters, not a space).
 */
function checkPublishedDoi(doi: string, sink: DiagnosticSink): void {
  if (!PRINTABLE_ASCII.test(doi)) {
    const odd = [...doi].find((c) => !/[\x21-\x7e]/.test(c)) ?? '';
    const code = odd.codePointAt(0) ?? 0;
    sink.add({
      code: 'doi/non-ascii',
      pointer: '/doi',
      message: `The DOI ${JSON.stringify(doi.slice(0, 100))} contains U+${code.toString(16).toUpperCase().padStart(4, '0')}, which is not a printable ASCII character; DataCite DOIs are ASCII, so this one would look like another DOI.`,
    });
  } else if (doi.length > MAX_DOI_LENGTH) {
    sink.add({ code: 'datacite/doi-syntax', pointer: '/doi', message: `The DOI is ${doi.length} characters long; DOIs are at most ${MAX_DOI_LENGTH}.` });
  }
}

/**
 * Case-insensitive DOI uniqueness across a catalogue: every record after the first with a
 * given DOI gets a `doi/duplicate` error naming the first.
 */
export function checkDoiUniqueness(records: Array<{ id: string; doi: string; file: string | null }>, sink: DiagnosticSink): void {
  const first = new Map<string, { id: string; file: string | null }>();
  for (const r of records) {
    if (typeof r.doi !== 'string' || r.doi.trim() === '') continue;
    const key = normaliseDoi(r.doi);
    const seen = first.get(key);
    if (!seen) {
      first.set(key, r);
      continue;
    }
    sink.add({
      code: 'doi/duplicate',
      record: r.id,
      file: r.file,
      pointer: '/doi',
      message: `DOI ${key} is already used by record ${seen.id}${seen.file ? ` (${seen.file})` : ''}`,
    });
  }
}
