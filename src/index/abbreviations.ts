/**
 * The short names readers search techniques and model samples by, and the names they stand
 * for: "SAXS" is small-angle X-ray scattering, "CT" computed tomography, "HEWL" hen egg-white
 * lysozyme. A record may write either, and a reader type the other. These are conventions, not
 * initials ("MX" for macromolecular crystallography, "SFX" for serial femtosecond
 * crystallography), so they are listed, as in the beamline community's usage; a short name that
 * names something else as often ("PSI", the Paul Scherrer Institute and photosystem I) is left
 * out. The index keeps the other form beside a record's titles, keywords and technique
 * (search-words.ts), so a query in either finds both.
 */

const ABBREVIATIONS: Array<[short: string, long: string]> = [
  ['MX', 'macromolecular crystallography'],
  ['SX', 'serial crystallography'],
  ['SFX', 'serial femtosecond crystallography'],
  ['SSX', 'serial synchrotron crystallography'],
  // The source as well as the technique: "European XFEL", and "free-electron laser" as readers type it.
  ['XFEL', 'X-ray free-electron laser'],
  ['TR-SFX', 'time-resolved serial femtosecond crystallography'],
  ['SAD', 'single-wavelength anomalous diffraction'],
  ['MAD', 'multi-wavelength anomalous diffraction'],
  ['SAXS', 'small-angle X-ray scattering'],
  ['WAXS', 'wide-angle X-ray scattering'],
  ['GISAXS', 'grazing-incidence small-angle X-ray scattering'],
  ['SANS', 'small-angle neutron scattering'],
  ['XAS', 'X-ray absorption spectroscopy'],
  ['XANES', 'X-ray absorption near-edge structure'],
  ['EXAFS', 'extended X-ray absorption fine structure'],
  ['XRF', 'X-ray fluorescence'],
  ['XRD', 'X-ray diffraction'],
  ['PXRD', 'powder X-ray diffraction'],
  ['XPS', 'X-ray photoelectron spectroscopy'],
  ['XPCS', 'X-ray photon correlation spectroscopy'],
  ['RIXS', 'resonant inelastic X-ray scattering'],
  ['ARPES', 'angle-resolved photoemission spectroscopy'],
  ['CDI', 'coherent diffraction imaging'],
  ['CT', 'computed tomography'],
  ['cryo-EM', 'cryo-electron microscopy'],
  ['NMR', 'nuclear magnetic resonance'],
  ['HEWL', 'hen egg-white lysozyme'],
  ['T4L', 'T4 lysozyme'],
  ['GFP', 'green fluorescent protein'],
  ['PYP', 'photoactive yellow protein'],
  ['BSA', 'bovine serum albumin'],
  ['PSII', 'photosystem II'],
];

/** Text as the long names are compared: lower case words, one space between them (hyphens, slashes and commas too), a space at each end. */
const spaced = (text: string) => ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

const LONG = ABBREVIATIONS.map(([short, long]) => [short, spaced(long), long] as const);

/** The other forms of the techniques and samples `texts` name: "SAXS" for small-angle X-ray scattering, "computed tomography" for CT. */
export function abbreviationForms(texts: string[]): string[] {
  const text = spaced(texts.join(' · '));
  // Short names as written (in capitals): "CT", not the "ct" of another word.
  const tokens = new Set(texts.flatMap((t) => t.split(/[^\p{L}\p{N}-]+/u)));
  const out: string[] = [];
  for (const [short, long, written] of LONG) {
    const hasShort = tokens.has(short);
    const hasLong = text.includes(long);
    if (hasShort && !hasLong) out.push(written);
    if (hasLong && !hasShort) out.push(short);
  }
  return out;
}
