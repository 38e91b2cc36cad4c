/**
 * The short names readers search organisations by: "ESRF" for the European Synchrotron
 * Radiation Facility, "NIH" for the National Institutes of Health, "BBSRC", "ANSTO", "TUM".
 * Records name facilities, publishers, funders and affiliations in full, so the acronym is
 * made from the name: the initials of its capitalised words, small words ("of", "and",
 * "für", "de la") and legal forms ("Ltd", "GmbH") left out, a word already in capitals
 * ("UK Research and Innovation" → UKRI) kept whole. A name that carries its acronym already
 * ("Deutsches Elektronen-Synchrotron DESY", "SLAC National Accelerator Laboratory") gets
 * none, nor does one of fewer than three such words ("University of Oxford" is no "UO").
 * A few funders are known by a short name that is not their initials (WELL_KNOWN).
 */

const SMALL_WORDS = new Set(
  'of and the for at in on to de des du la le les et y e i di del della dei van von der die das den dem und für fur zu ltd inc gmbh ag sa e.v. ev plc co llc'.split(' '),
);

/** Funders whose usual short name is not their initials (Crossref's funder registry lists them so). */
const WELL_KNOWN: Record<string, string> = {
  'deutsche forschungsgemeinschaft': 'DFG',
  'schweizerischer nationalfonds': 'SNF',
  'swiss national science foundation': 'SNF',
  'nederlandse organisatie voor wetenschappelijk onderzoek': 'NWO',
  'bundesministerium für bildung und forschung': 'BMBF',
  'u.s. department of energy': 'DOE',
  'us department of energy': 'DOE',
  'department of energy': 'DOE',
  'european commission': 'EC',
};

/** Roman numerals name a generation ("National Synchrotron Light Source II"), not a word of the acronym. */
const ROMAN = /^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$/i;

/** The acronyms of an organisation's name (none, one, or a derived one and a well-known one). */
export function acronymsOf(name: string): string[] {
  const words = name.split(/[\s\-–—/,()]+/).filter(Boolean);
  const out = new Set<string>();
  const known = WELL_KNOWN[name.trim().toLowerCase().replace(/\s+/g, ' ')];
  if (known) out.add(known);
  // A word in capitals of three letters or more is the name's own acronym.
  if (!words.some((w) => /^\p{Lu}{3,}$/u.test(w) && !ROMAN.test(w))) {
    const significant = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase()) && !ROMAN.test(w));
    if (significant.length >= 3 && significant.every((w) => /^\p{Lu}/u.test(w))) {
      const acronym = significant.map((w) => (/^\p{Lu}{2}$/u.test(w) ? w : w[0])).join('');
      if (acronym.length <= 8) out.add(acronym.normalize('NFD').replace(/\p{M}+/gu, ''));
    }
  }
  return [...out].filter((a) => !words.includes(a));
}
