/**
 * Words a reader searches a record by that its landing page shows outside the text the
 * search document is made of (search-document.ts): who published it and where its people
 * work, under which licence ("CC BY 4.0", as licences are usually written, beside the
 * SPDX "CC-BY-4.0" and the full name), what kind of resource it is, the acronyms of the
 * organisations named (acronyms.ts), the techniques and samples it names by their other
 * names ("SAXS" for small-angle X-ray scattering, abbreviations.ts), and the other spellings
 * of its words: without their special letters or with their Greek letters named
 * (spellings.ts), in the other of British and American English (regional-spellings.ts), its
 * people's names joined as readers type them (name-forms.ts), the names of its units
 * ("angstrom" for Å, unit-words.ts), its numbered names as one word whatever their
 * numerals ("petra3" for PETRA III, numbered-names.ts) and its space groups run together
 * ("p43212" for P4₃2₁2, space-groups.ts). Each is a few words per record, and most records share
 * them, so the index grows by little.
 */
import type { LandingPageModel } from '../model/landing.ts';
import { abbreviationForms } from './abbreviations.ts';
import { acronymsOf } from './acronyms.ts';
import { instrumentNames } from './instrument-names.ts';
import { joinedNameForms } from './name-forms.ts';
import { regionalSpellings } from './regional-spellings.ts';
import { unitWords } from './unit-words.ts';
import { numberedNames } from './numbered-names.ts';
import { spaceGroupForms } from './space-groups.ts';
import { greekNamed, indexSpellings, umlautsFolded } from './spellings.ts';

const unique = (values: Array<string | null | undefined>) => [...new Set(values.map((v) => v?.trim()).filter((v): v is string => !!v))];

/** The organisations a record names: its facility, publisher, funders, organisations among its people and their affiliations. */
function organisations(page: LandingPageModel): string[] {
  const people = [...page.creators, ...page.contributors];
  return unique([
    page.facility,
    page.publisher,
    ...page.funding.map((f) => f.funderName),
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
 * Diffraction images · ESRF · MX": publisher and affiliations (those not named elsewhere in the
 * document as well, which costs nothing), licence, resource type, acronyms, the other
 * names of the techniques and samples named, and of the beamline and detectors ("PXI",
 * "P6M": instrument-names.ts).
 */
export function aboutText(page: LandingPageModel): string {
  const named = organisations(page);
  const acronyms = unique(named.flatMap(acronymsOf));
  const shown = unique([page.facility, ...page.funding.map((f) => f.funderName)]);
  // The facility too: "European XFEL" is an X-ray free-electron laser.
  const techniques = abbreviationForms([page.title, ...page.otherTitles.map((t) => t.title), ...page.keywords, page.technique?.name ?? '', page.facility ?? '']);
  const instruments = instrumentNames(page.facets.beamline, page.facets.detector);
  return unique([...named.filter((o) => !shown.includes(o)), ...licenceWords(page), page.resourceType, ...acronyms, ...techniques, ...instruments]).join(' · ');
}

const GREEK = /\p{Script=Greek}/u;
const nonAscii = (word: string) => /[^\p{ASCII}]/u.test(word);
const wordsOf = (texts: string[]) => new Set(texts.flatMap((t) => t.toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u)).filter(Boolean));

/** English words of four letters or more, lower case: the only ones with a regional spelling. ASCII \b, as \p{L} classes cost seconds over 10,000 descriptions. */
function englishWords(texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) for (const [word] of text.toLowerCase().matchAll(/\b[a-z]{4,}\b/g)) out.add(word);
  return out;
}

/**
 * "Colour" → "color", "α-synuclein" → "alpha-synuclein", "1.1 Å" → "angstrom", "PETRA III" →
 * "petra3", "P4₃2₁2" → "p43212": the forms of `texts`' words in the other regional spelling,
 * with Greek letters named, the names of the units after their numbers (unit-words.ts), the
 * numbered names joined to their number's digits (numbered-names.ts) and the space groups run
 * together (space-groups.ts).
 */
function otherForms(texts: string[], known = new Set<string>()): string[] {
  const out: string[] = [...unitWords(texts), ...texts.flatMap(numberedNames), ...texts.flatMap(spaceGroupForms)];
  for (const word of englishWords(texts)) if (!known.has(word)) out.push(...regionalSpellings(word));
  for (const text of texts) {
    if (!GREEK.test(text)) continue;
    for (const token of text.toLowerCase().split(/\s+/)) if (GREEK.test(token) && greekNamed(token) !== token) out.push(greekNamed(token));
  }
  return out;
}

/**
 * The other spellings of the words of a record's titles, names, organisations and keywords
 * (`short`), each once: without their special letters ("Müller" → "mueller"; "Strauß" →
 * "strauss"), in the other regional spelling ("Colour" → "color"), with Greek letters named
 * ("β-trypsin" → "beta-trypsin"); and its people's names joined ("De Sanctis" →
 * "desanctis") or, with umlauts spelt out, as pagefind folds umlauts ("Mueller" → "muller").
 */
export function spellingsText(short: string[], people: ReadonlyArray<{ displayName: string; familyName?: string | null }>): string {
  const joined = people.flatMap((p) => joinedNameForms(p.displayName, p.familyName));
  return unique([
    ...[...wordsOf(short)].filter(nonAscii).flatMap(indexSpellings),
    ...otherForms(short),
    ...joined,
    ...joined.filter(nonAscii).flatMap(indexSpellings),
    ...[...wordsOf(people.map((p) => p.displayName))].flatMap(umlautsFolded),
  ]).join(' ');
}

/** The other forms of the words of a record's descriptions (`long`) that `short` lacks: "vapour diffusion" → "vapor". */
export function descriptionSpellingsText(long: string[], short: string[]): string {
  return unique(otherForms(long, englishWords(short))).join(' ');
}
