/**
 * The short names readers search techniques and model samples by, and the names they stand
 * for: "SAXS" is small-angle X-ray scattering, "CT" computed tomography, "HEWL" hen egg-white
 * lysozyme. A record may write either, and a reader type the other. These are conventions, not
 * initials ("MX" for macromolecular crystallography, "SFX" for serial femtosecond
 * crystallography), so they are listed, as in the beamline community's usage; a short name that
 * names something else as often ("PSI", the Paul Scherrer Institute and photosystem I) is left
 * out. Some targets go by several names, all listed: the SARS-CoV-2 main protease is "Mpro",
 * "3CLpro" and "nsp5", photosystem II "PSII" and "PS II". The index keeps the forms a record
 * lacks beside its titles, keywords and technique (search-words.ts), so a query in any finds
 * all; "PS II" is kept as written, and joined as numbered names are ("ps2", numbered-names.ts),
 * as the search page joins the query.
 */

/**
 * [short names, long names] of one technique or sample. Short names are matched as written
 * words: those in capitals only in capitals ("MAD", not "mad"), those with small letters
 * ("Mpro", "nsp5") in any case, as no English word is spelt so. Long names are matched in any
 * case, hyphens and spaces alike; the first is the one added.
 */
const NAMES: Array<[shorts: string[], longs: string[]]> = [
  [['MX'], ['macromolecular crystallography']],
  [['SX'], ['serial crystallography']],
  [['SFX'], ['serial femtosecond crystallography']],
  [['SSX'], ['serial synchrotron crystallography']],
  // The source as well as the technique: "European XFEL", and "free-electron laser" as readers type it.
  [['XFEL'], ['X-ray free-electron laser']],
  [['TR-SFX'], ['time-resolved serial femtosecond crystallography']],
  [['SAD'], ['single-wavelength anomalous diffraction']],
  [['MAD'], ['multi-wavelength anomalous diffraction']],
  [['SAXS'], ['small-angle X-ray scattering']],
  [['WAXS'], ['wide-angle X-ray scattering']],
  [['GISAXS'], ['grazing-incidence small-angle X-ray scattering']],
  [['SANS'], ['small-angle neutron scattering']],
  [['XAS'], ['X-ray absorption spectroscopy']],
  [['XANES'], ['X-ray absorption near-edge structure']],
  [['EXAFS'], ['extended X-ray absorption fine structure']],
  [['XRF'], ['X-ray fluorescence']],
  [['XRD'], ['X-ray diffraction']],
  [['PXRD'], ['powder X-ray diffraction']],
  [['XPS'], ['X-ray photoelectron spectroscopy']],
  [['XPCS'], ['X-ray photon correlation spectroscopy']],
  [['RIXS'], ['resonant inelastic X-ray scattering']],
  [['ARPES'], ['angle-resolved photoemission spectroscopy']],
  [['CDI'], ['coherent diffraction imaging']],
  [['CT'], ['computed tomography']],
  [['cryo-EM'], ['cryo-electron microscopy']],
  [['NMR'], ['nuclear magnetic resonance']],
  // Model samples and targets, by the names structural biologists and the PDB use for them.
  [['HEWL'], ['hen egg-white lysozyme']],
  [['T4L'], ['T4 lysozyme']],
  [['GFP'], ['green fluorescent protein']],
  [['EGFP'], ['enhanced green fluorescent protein']],
  [['PYP'], ['photoactive yellow protein']],
  [['BSA'], ['bovine serum albumin']],
  // The coronavirus main protease: "Mpro" in most papers, "3CLpro" (3C-like protease) and "nsp5" (its gene) in others.
  [['Mpro', '3CLpro', 'nsp5'], ['main protease', '3C-like protease']],
  // The virus by the disease it causes, as readers (and funders' calls) name it.
  [['COVID-19'], ['SARS-CoV-2']],
  // "PSI" is left out: it names the Paul Scherrer Institute as often.
  [['PSII', 'PS II'], ['photosystem II']],
  [['PS I'], ['photosystem I']],
];

/** Text as the long names are compared: lower case words, one space between them (hyphens, slashes and commas too), a space at each end. */
const spaced = (text: string) => ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

/** A short name as compared: as written, or in small letters for one written with some ("Mpro" is also "MPro", "mpro"). */
const anyCase = (short: string) => /\p{Ll}/u.test(short);
const key = (short: string) => (anyCase(short) ? short.toLowerCase() : short);

const GROUPS = NAMES.map(([shorts, longs]) => ({ shorts, shortKeys: shorts.map(key), longs, longKeys: longs.map(spaced) }));

/** The other forms of the techniques and samples `texts` name: "SAXS" for small-angle X-ray scattering, "computed tomography" for CT, "3CLpro" for Mpro. */
export function abbreviationForms(texts: string[]): string[] {
  const text = spaced(texts.join(' · '));
  // Words as written, a hyphen kept inside one: "CT", not the "ct" of another word, nor the "MX" of "MX-9001".
  const tokens = texts.flatMap((t) => t.split(/[^\p{L}\p{N}-]+/u));
  const written = new Set(tokens);
  const lower = new Set(tokens.map((t) => t.toLowerCase()));
  // Two words ("PS II") as a pair of words written in turn.
  const pairs = new Set(tokens.slice(1).map((t, i) => `${tokens[i]} ${t}`));
  const has = (k: string) => (k.includes(' ') ? pairs.has(k) : k === k.toLowerCase() ? lower.has(k) || written.has(k) : written.has(k));
  const out: string[] = [];
  for (const { shorts, shortKeys, longs, longKeys } of GROUPS) {
    const hasShort = shortKeys.map(has);
    const hasLong = longKeys.some((k) => text.includes(k));
    if (!hasLong && !hasShort.some(Boolean)) continue;
    out.push(...shorts.filter((_, i) => !hasShort[i]));
    if (!hasLong) out.push(longs[0]);
  }
  return out;
}
