/**
 * Surnames as readers type them whatever the record's spacing: "De Sanctis" is also typed
 * "desanctis", "van der Berg" "vanderberg", "García Márquez" "garciamarquez"; a record's
 * "Vanderberg" or "DeSanctis" is typed "van der Berg" or "de sanctis". pagefind already
 * finds a hyphenated or apostrophised name by its parts and joined ("Smith-Jones" by "smith
 * jones" and "smithjones", "O'Brien" by "o brien" and "obrien") and splits a name written in
 * camel case ("DeSanctis"); what it cannot do is join words a name writes apart, or part
 * words it writes together. So the index keeps a name's joined forms beside it
 * (joinedNameForms), and the search page tries a query with its particles joined to the
 * word after them when the query as typed misses (joinParticles, src/client/search.ts). One
 * list of particles serves both. Pure and dependency-free: the search page imports it.
 */

/**
 * The weight of a record's people's names, and of the other spellings of its words, in its
 * search document (search-document.ts): the search page tells by it that a word it matched
 * is a name (src/client/query-forms.ts withFoldedNames).
 */
export const NAME_WEIGHT = 4;

/** The small words of surnames, in the languages whose names carry them (de, van der, von, di, da, du, le, la, ter, ap, bin…). */
const PARTICLES = new Set(
  'de del della delle dei degli di da das dos du des van vander von der den ter ten la le les st saint mac mc al el bin ibn ap'.split(' '),
);

const isParticle = (word: string) => PARTICLES.has(word.toLowerCase());

/** The text with each run of particles joined to the word after it ("Jan van der Berg" → "Jan vanderBerg"); the same text when it has none. */
export function joinParticles(text: string): string {
  const out: string[] = [];
  let run: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (isParticle(word)) run.push(word);
    else {
      out.push(run.join('') + word);
      run = [];
    }
  }
  // Particles with nothing after them ("Smaele, Madeleine De", given names last) stay words.
  return [...out, ...run].join(' ');
}

/**
 * The joined forms of a person's name that pagefind does not hold, in lower case:
 * its particles joined to the word after them ("Daniele De Sanctis" → "desanctis") and a
 * family name of several words as one ("García Márquez" → "garcíamárquez").
 */
export function joinedNameForms(displayName: string, familyName?: string | null): string[] {
  const typed = new Set(displayName.toLowerCase().split(/\s+/));
  const joined = joinParticles(displayName.replace(/,/g, ' '))
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w && !typed.has(w));
  const family = familyName?.trim().split(/\s+/) ?? [];
  if (family.length > 1 && family.length <= 4) joined.push(family.join('').toLowerCase());
  return [...new Set(joined)];
}
