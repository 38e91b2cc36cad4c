/**
 * Funding references, read once: funder (with a Crossref Funder / ROR / ISNI link), award and
 * its link. A funder registered only by its identifier is kept: the identifier is what was
 * registered, and it names the funder as surely as a name would.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import { doiUrl } from './doi.ts';
import { isHttpUrl, rorUrl } from './identifiers.ts';
import { clean, known } from './text.ts';

export interface Funding {
  /** What a reader sees: the funder's name, else its identifier's scheme ("ROR", "Crossref Funder ID"), else the identifier. */
  funder: string;
  /** The registered name; null for a funder given only by its identifier. */
  funderName: string | null;
  /** The identifier as registered, and its scheme (funderIdentifierType). */
  funderId: string | null;
  funderIdScheme: string | null;
  /** https link identifying the funder (Crossref Funder Registry DOI, ROR, ISNI, or an http(s) id). */
  funderUrl: string | null;
  award: string | null;
  awardTitle: string | null;
  awardUrl: string | null;
}

/** An ISNI as its 16 characters (the last may be X), however it is spaced or prefixed. */
function isniOf(id: string): string | null {
  const bare = id.replace(/^(?:https?:\/\/(?:www\.)?isni\.org\/isni\/|isni:?)/i, '').replace(/[\s-]/g, '');
  return /^\d{15}[\dX]$/i.test(bare) ? bare.toUpperCase() : null;
}

function funderUrlOf(id: string, type: string): string | null {
  if (!id) return null;
  if (/^(?:https?:\/\/(?:dx\.)?doi\.org\/)?10\.13039\//i.test(id)) return doiUrl(id);
  // The Funder Registry's own number without its DOI prefix, as some repositories register it.
  if (/crossref|fundref/i.test(type) && /^\d{9,12}$/.test(id)) return doiUrl(`10.13039/${id}`);
  if (type.toUpperCase() === 'ROR' || /ror\.org/i.test(id)) return rorUrl(id);
  if (type.toUpperCase() === 'ISNI' || /isni\.org/i.test(id)) {
    const isni = isniOf(id);
    if (isni) return `https://isni.org/isni/${isni}`;
  }
  return isHttpUrl(id) ? id : null;
}

/** The visible label of a funder without a name: its scheme when the identifier is a link, else scheme and identifier. */
function labelOf(id: string, scheme: string, url: string | null): string {
  const named = scheme && scheme !== 'Other' ? scheme : '';
  if (url) return named || 'Funder';
  return named ? `${named} ${id}` : id;
}

export function fundingOf(attrs: Pick<DataCiteAttributes, 'fundingReferences'>): Funding[] {
  return (Array.isArray(attrs.fundingReferences) ? attrs.fundingReferences : [])
    .filter((f) => f && (known(f.funderName) || known(f.funderIdentifier)))
    .map((f) => {
      const awardUri = clean(f.awardUri);
      const id = clean(f.funderIdentifier);
      const scheme = clean(f.funderIdentifierType);
      const funderUrl = funderUrlOf(id, scheme);
      const funderName = known(f.funderName) ?? null;
      return {
        funder: funderName ?? labelOf(id, scheme, funderUrl),
        funderName,
        funderId: id || null,
        funderIdScheme: scheme || null,
        funderUrl,
        award: known(f.awardNumber) ?? null,
        awardTitle: known(f.awardTitle) ?? null,
        awardUrl: awardUri && isHttpUrl(awardUri) ? awardUri : null,
      };
    });
}
