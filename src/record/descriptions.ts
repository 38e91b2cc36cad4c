/**
 * The record's descriptions, chosen in one place. The abstract is the DataCite Abstract
 * (else the first description of any type); it is what meta descriptions, JSON-LD, CSL,
 * CFF, feeds and DCAT carry. The page body prefers the catalogue's Markdown description,
 * which is longer and formatted, and falls back to the abstract.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import type { ExperimentRecord } from './types.ts';
import { clean, known, paragraphs } from './text.ts';

function described(attrs: Pick<DataCiteAttributes, 'descriptions'>) {
  // An abstract ":unav" (DataCite's code for an unknown value) is no description.
  return (Array.isArray(attrs.descriptions) ? attrs.descriptions : []).filter((d) => d && typeof d.description === 'string' && known(d.description) !== undefined);
}

/** The DataCite abstract (raw text, line breaks kept), else the first description, else undefined. */
export function abstractOf(attrs: Pick<DataCiteAttributes, 'descriptions'>): string | undefined {
  const ds = described(attrs);
  const d = ds.find((x) => x.descriptionType === 'Abstract') ?? ds.find((x) => x.descriptionType !== 'SeriesInformation') ?? ds[0];
  return d?.description.trim() || undefined;
}

/** Descriptions other than the abstract (Methods, TechnicalInfo, …), in order. */
export function otherDescriptionsOf(attrs: Pick<DataCiteAttributes, 'descriptions'>): Array<{ type: string; text: string }> {
  const ds = described(attrs);
  const abstract = ds.find((x) => x.descriptionType === 'Abstract') ?? ds[0];
  return ds.filter((d) => d !== abstract).map((d) => ({ type: d.descriptionType, text: d.description.trim() }));
}

/** The abstract as one line (whitespace folded), else the catalogue's Markdown description. */
export function summaryOf(record: Pick<ExperimentRecord, 'datacite' | 'descriptionMarkdown'>): string | undefined {
  const abstract = abstractOf(record.datacite);
  if (abstract) return clean(abstract);
  return record.descriptionMarkdown?.trim() || undefined;
}

/** Whether the catalogue's own description (description.md) says anything: then it, not the abstract, is the page body. */
export function hasOwnDescription(record: Pick<ExperimentRecord, 'descriptionMarkdown'>): boolean {
  return Boolean(record.descriptionMarkdown?.trim());
}

/**
 * The abstract's paragraphs when the page body is the catalogue's own description (so the
 * abstract would otherwise appear only cut to a meta description, and go unsearched); else none.
 */
export function separateAbstractOf(record: Pick<ExperimentRecord, 'descriptionMarkdown'> & { datacite: Pick<DataCiteAttributes, 'descriptions'> }): string[] {
  if (!hasOwnDescription(record)) return [];
  const abstract = abstractOf(record.datacite);
  if (!abstract || clean(abstract) === clean(record.descriptionMarkdown)) return [];
  return paragraphs(abstract);
}

/** Markdown for the page body: the catalogue's description, else the DataCite abstract. */
export function bodyMarkdownOf(record: Pick<ExperimentRecord, 'datacite' | 'descriptionMarkdown'>): string {
  if (hasOwnDescription(record)) return record.descriptionMarkdown!;
  return abstractOf(record.datacite) ?? '';
}
