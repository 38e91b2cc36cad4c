/**
 * Words a reader searches a record by that its landing page shows outside the text the
 * search document is made of (search-document.ts): who published it and where its people
 * work, under which licence ("CC BY 4.0", as licences are usually written, beside the
 * SPDX "CC-BY-4.0" and the full name), what kind of resource it is, the acronyms of the
 * organisations named (acronyms.ts), and the other spellings of its words with special
 * letters (spellings.ts). Each is a few words per record, and most records share them,
 * so the index grows by little.
 */
import type { LandingPageModel } from '../model/landing.ts';
import { acronymsOf } from './acronyms.ts';
import { indexSpellings } from './spellings.ts';

const unique = (values: Array<string | null | undefined>) => [...new Set(values.map((v) => v?.trim()).filter((v): v is string => !!v))];

/** The organisations a record names: its facility, publisher, funders, organisations among its people and their affiliations. */
function organisations(page: LandingPageModel): string[] {
  const people = [...page.creators, ...page.contributors];
  return unique([
    page.facility,
    page.publisher,
    ...page.funding.map((f) => f.funder),
    ...people.filter((p) => p.isOrganisation).map((p) => p.displayName),
    ...people.flatMap((p) => (p.affiliations ?? []).map((a) => a.name)),
  ]);
}

/** "CC BY 4.0" for CC-BY-4.0: Creative Commons licences as their own deeds and readers write them. */
function licenceWords(page: LandingPageModel): string[] {
  const { id, name } = page.licence ?? { id: null, name: '' };
  return unique([name, id, id && /^cc/i.test(id) ? id.replace(/-/g, ' ') : null]);
}

/**
 * "Aperture Demo Archive · European Synchrotron Radiation Facility · University of Oxford ·
 * Creative Commons Attribution 4.0 International · CC-BY-4.0 · CC BY 4.0 · Dataset:
 * Diffraction images · ESRF": publisher and affiliations (those not named elsewhere in the
 * document as well, which costs nothing), licence, resource type and acronyms.
 */
export function aboutText(page: LandingPageModel): string {
  const named = organisations(page);
  const acronyms = unique(named.flatMap(acronymsOf));
  const shown = unique([page.facility, ...page.funding.map((f) => f.funder)]);
  return unique([...named.filter((o) => !shown.includes(o)), ...licenceWords(page), page.resourceType, ...acronyms]).join(' · ');
}

/** The other spellings of the words with special letters in `texts` ("Müller" → "mueller"; "Strauß" → "strauss"), each once. */
export function spellingsText(texts: string[]): string {
  const words = new Set(texts.flatMap((t) => t.split(/[^\p{L}\p{M}\p{N}]+/u)).filter((w) => /[^\p{ASCII}]/u.test(w)));
  return unique([...words].flatMap(indexSpellings)).join(' ');
}
