/** Funding references, read once: funder (with a Crossref Funder / ROR link), award and its link. */
import type { DataCiteAttributes } from '../datacite/types.ts';
import { doiUrl } from './doi.ts';
import { isHttpUrl, rorUrl } from './identifiers.ts';
import { clean, known } from './text.ts';

export interface Funding {
  funder: string;
  /** https link identifying the funder (Crossref Funder Registry DOI, ROR, or an http(s) id). */
  funderUrl: string | null;
  award: string | null;
  awardTitle: string | null;
  awardUrl: string | null;
}

function funderUrlOf(id: string, type: string): string | null {
  if (!id) return null;
  if (/^(?:https?:\/\/(?:dx\.)?doi\.org\/)?10\.13039\//i.test(id)) return doiUrl(id);
  // The Funder Registry's own number without its DOI prefix, as some repositories register it.
  if (/crossref|fundref/i.test(type) && /^\d{9,12}$/.test(id)) return doiUrl(`10.13039/${id}`);
  if (type.toUpperCase() === 'ROR' || /ror\.org/i.test(id)) return rorUrl(id);
  return isHttpUrl(id) ? id : null;
}

export function fundingOf(attrs: Pick<DataCiteAttributes, 'fundingReferences'>): Funding[] {
  return (Array.isArray(attrs.fundingReferences) ? attrs.fundingReferences : [])
    .filter((f) => f && known(f.funderName))
    .map((f) => {
      const awardUri = clean(f.awardUri);
      return {
        funder: clean(f.funderName),
        funderUrl: funderUrlOf(clean(f.funderIdentifier), clean(f.funderIdentifierType)),
        award: known(f.awardNumber) ?? null,
        awardTitle: known(f.awardTitle) ?? null,
        awardUrl: awardUri && isHttpUrl(awardUri) ? awardUri : null,
      };
    });
}
