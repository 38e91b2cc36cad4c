/**
 * Units as readers type them without the keys for them: "1.1 Å" is typed "1.1 angstrom",
 * "0.856 µm" "0.856 um" or "0.856 micron", "100 K" "100 kelvin". pagefind reads Å as a
 * (so "1.1 A" finds it) but µ as no letter it knows, and it cannot know a unit's name. The
 * index keeps the names of the units a record writes after a number, beside its words
 * (search-words.ts); the search page parts a unit typed against its number
 * (src/client/search-match.ts spacedQuery).
 */

const NAMES: Record<string, string[]> = {
  Å: ['angstrom', 'angstroms'],
  µm: ['um', 'micron', 'microns', 'micrometre', 'micrometer'],
  µl: ['ul', 'microlitre', 'microliter'],
  µs: ['us', 'microsecond', 'microseconds'],
  µg: ['ug', 'microgram', 'micrograms'],
  µM: ['uM', 'micromolar'],
  nm: ['nanometre', 'nanometer'],
  fs: ['femtosecond', 'femtoseconds'],
  ps: ['picosecond', 'picoseconds'],
  K: ['kelvin'],
  '°C': ['celsius'],
};

/** A unit after a number: "1.1 Å", "0.856 µm" (the micro sign or Greek mu), "100 K", "-80 °C". */
const AFTER_NUMBER = /(?<![\p{L}\p{N}])\d+(?:[.,]\d+)?\s?(Å|[µμ][mlLsgM]|nm|fs|ps|K|°C)(?![\p{L}\p{N}])/gu;

/** The names of the units `texts` write after numbers, each once: "angstrom" for "1.1 Å". */
export function unitWords(texts: string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const [, unit] of text.matchAll(AFTER_NUMBER)) {
      const key = unit.replace('μ', 'µ').replace(/^µL$/, 'µl');
      for (const name of NAMES[key] ?? []) out.add(name);
    }
  }
  return [...out];
}
