/**
 * The record's descriptions, chosen in one place. The abstract is the DataCite Abstract
 * (else the first description of any type); it is what meta descriptions, JSON-LD, CSL,
 * CFF, feeds and DCAT carry. The page body prefers the catalogue's Markdown description,
 * which is longer and formatted, and falls back to the abstract.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import type { ExperimentRecord } from './types.ts';
import { languageTag } from './fields.ts';
import { clean, known } from './text.ts';

function described(attrs: Pick<DataCiteAttributes, 'descriptions'>) {
  // An abstract ":unav" (DataCite's code for an unknown value) is no description.
  return (Array.isArray(attrs.descriptions) ? attrs.descriptions : []).filter((d) => d && typeof d.description === 'string' && known(d.description) !== undefined);
}

/** The description that serves as the abstract: the Abstract, else the first that is not series information, else the first. */
function abstractEntry(ds: ReturnType<typeof described>) {
  return ds.find((x) => x.descriptionType === 'Abstract') ?? ds.find((x) => x.descriptionType !== 'SeriesInformation') ?? ds[0];
}

/** The DataCite abstract (raw text, line breaks kept), else the first description, else undefined. */
export function abstractOf(attrs: Pick<DataCiteAttributes, 'descriptions'>): string | undefined {
  return abstractEntry(described(attrs))?.description.trim() || undefined;
}

/** The language the abstract is written in, when the record says (a description's `lang`). */
export function abstractLangOf(attrs: Pick<DataCiteAttributes, 'descriptions'>): string | undefined {
  return languageTag(abstractEntry(described(attrs))?.lang);
}

export interface OtherDescription {
  /** The DataCite descriptionType as registered (`Methods`, `TechnicalInfo`, …), `Other` when it gives none. */
  type: string;
  text: string;
  lang: string | null;
  /** Its place in the record's `descriptions`, for diagnostics. */
  index: number;
}

/**
 * Descriptions other than the abstract (Methods, TechnicalInfo, SeriesInformation,
 * TableOfContents, Other), in order: the landing page shows each under its own heading,
 * rendered as the abstract is (repositories such as Zenodo register HTML), and search finds
 * its words. One repeating the abstract, or an earlier one, is left out.
 */
export function otherDescriptionsOf(attrs: Pick<DataCiteAttributes, 'descriptions'>): OtherDescription[] {
  const ds = described(attrs);
  const abstract = abstractEntry(ds);
  const seen = new Set(abstract ? [clean(abstract.description)] : []);
  const out: OtherDescription[] = [];
  for (const d of ds) {
    const folded = clean(d.description);
    if (d === abstract || seen.has(folded)) continue;
    seen.add(folded);
    out.push({ type: known(d.descriptionType) ?? 'Other', text: d.description.trim(), lang: languageTag(d.lang) ?? null, index: attrs.descriptions!.indexOf(d) });
  }
  return out;
}

/**
 * What the record's summary is read from (meta description, JSON-LD, feeds): the abstract,
 * else the catalogue's Markdown description, as written (line breaks kept: they are Markdown).
 * It may be HTML or Markdown; src/markdown/description-text.ts reads it as plain text.
 */
export function summarySourceOf(record: Pick<ExperimentRecord, 'datacite' | 'descriptionMarkdown'>): string | undefined {
  return abstractOf(record.datacite) ?? (record.descriptionMarkdown?.trim() || undefined);
}

/** Whether the catalogue's own description (description.md) says anything: then it, not the abstract, is the page body. */
export function hasOwnDescription(record: Pick<ExperimentRecord, 'descriptionMarkdown'>): boolean {
  return Boolean(record.descriptionMarkdown?.trim());
}

/**
 * The abstract when the page body is the catalogue's own description (so the abstract would
 * otherwise appear only cut to a meta description, and go unsearched), with its place in the
 * record's `descriptions` for diagnostics; else null. It is shown rendered and sanitised as
 * every other description is: repositories register HTML abstracts.
 */
export function separateAbstractOf(record: Pick<ExperimentRecord, 'descriptionMarkdown'> & { datacite: Pick<DataCiteAttributes, 'descriptions'> }): { text: string; index: number } | null {
  if (!hasOwnDescription(record)) return null;
  const entry = abstractEntry(described(record.datacite));
  const abstract = entry?.description.trim();
  if (!entry || !abstract || clean(abstract) === clean(record.descriptionMarkdown)) return null;
  return { text: abstract, index: record.datacite.descriptions!.indexOf(entry) };
}

/** Markdown for the page body: the catalogue's description, else the DataCite abstract. */
export function bodyMarkdownOf(record: Pick<ExperimentRecord, 'datacite' | 'descriptionMarkdown'>): string {
  if (hasOwnDescription(record)) return record.descriptionMarkdown!;
  return abstractOf(record.datacite) ?? '';
}
