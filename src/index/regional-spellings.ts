/**
 * A word's British and American spellings ("colour" and "color", "crystallisation" and
 * "crystallization", "centre" and "center", "sulphur" and "sulfur", "haem" and "heme",
 * "oestrogen" and "estrogen"), so a reader finds a record written in the other one. pagefind
 * stems both alike but not into each other, and its prefix search reaches neither.
 *
 * A small set of rules, each both ways: the -ise/-ize and -yse/-yze endings are productive
 * and need only the words that merely look like them ("rise", "precise", "advise", "size",
 * "pairwise"); the others (-our/-or, -tre/-ter, ae and oe, -ogue) hold for a closed set of
 * stems, listed, so "four", "hour", "motor", "parameter" and "aerosol" stay as they are. Words
 * in lower case in, lower case out. Pure and dependency-free: the index uses it
 * (search-words.ts), and so may the search page.
 */

type Spell = (word: string) => string | null;

/** Words that end as -ise/-ize verbs do but have no other spelling ("precise", "advertise"; "size", "capsize"). */
const NOT_ISE = new Set(
  (
    'precise imprecise concise excise incise exercise circumcise promise compromise premise demise remise surmise advertise chastise ' +
    'expertise treatise mortise franchise enfranchise disenfranchise merchandise advise devise revise supervise televise improvise ' +
    'comprise surprise enterprise reprise sunrise moonrise despise chemise cerise valise paradise denise'
  ).split(' '),
);
const NOT_IZE = new Set('size downsize oversize resize upsize outsize undersize supersize capsize assize'.split(' '));

/** -ise/-isation and -ize/-ization: a stem of three letters or more ending in a consonant other than w ("pairwise"). */
const ISE = /^(\p{L}{2,}[b-df-hj-np-tvxz])i([sz])(e|es|ed|ing|er|ers|ation|ations|ational|able)$/u;

const iseIze = (to: 's' | 'z'): Spell => (word) => {
  const m = ISE.exec(word);
  if (!m || m[2] === to) return null;
  const base = `${m[1]}i${m[2]}e`;
  if ((m[2] === 's' ? NOT_ISE : NOT_IZE).has(base)) return null;
  return `${m[1]}i${to}${m[3]}`;
};

/** analyse/analyze, hydrolyse, paralyse, catalyse, dialyse. */
const YSE = /^(\p{L}{2,})y([sz])(e|es|ed|ing|er|ers)$/u;
const yseYze = (to: 's' | 'z'): Spell => (word) => {
  const m = YSE.exec(word);
  return m && m[2] !== to ? `${m[1]}y${to}${m[3]}` : null;
};

/**
 * A rule over a closed list of stems: `british` and `american` are the two middles, between
 * an optional prefix and one of the endings.
 */
function listed(prefixes: string, stems: string, british: string, american: string, endings: string): { toAmerican: Spell; toBritish: Spell } {
  const make = (from: string, to: string): Spell => {
    const pattern = new RegExp(`^((?:${prefixes})?(?:${stems}))${from}(${endings})$`, 'u');
    return (word) => {
      const m = pattern.exec(word);
      return m ? `${m[1]}${to}${m[2]}` : null;
    };
  };
  return { toAmerican: make(british, american), toBritish: make(american, british) };
}

const RULES = [
  // colour, honour, behaviour, vapour, tumour, flavour… (not four, hour, pour, tour, motor).
  listed(
    'dis|un|mis|multi|water|non',
    'col|hon|lab|fav|flav|hum|neighb|harb|vap|rum|od|tum|vig|rig|val|savi|endeav|arm|clam|ferv|cand|splend|parl|demean|ard|sav|arb|ranc|succ',
    'our',
    'or',
    '|s|ed|ing|ful|less|ite|ites|able|ably|er|ers|hood|hoods|y|ies',
  ),
  listed('mis', 'behavi', 'our', 'or', '|s|al|ally|ism|ist|ists'),
  // centre, fibre, litre, metre, titre, theatre, spectre… (not parameter, spectrometer).
  listed('epi|milli|micro|nano|pico|femto|centi|deci|kilo', 'cent|fib|lit|met|theat|spect|calib|lust|somb|sab|tit|meag|och|mit|nit|goit|sepulch', 're', 'er', '|s'),
  listed('epi', 'cent', 'red', 'ered', ''),
  listed('epi', 'cent', 'ring', 'ering', ''),
  // Greek and Latin ae and oe (haem, anaemia, paediatric, palaeo, oestrogen, oesophagus, caesium).
  listed('deoxy|oxy|met|carboxy|apo', 'h', 'aem', 'em', 'o\\p{L}*|at\\p{L}*|in|ins'),
  listed('', 'h', 'aem', 'eme', '|s'),
  listed('', 'an|leuk|isch|hypox|glyc|hypoglyc|hyperglyc|septic|tox|ur|vir|bacter|lipid|hyperlipid|thalass|polycyth', 'aem', 'em', 'ia|ias|ic'),
  listed('', 'p|orthop|encyclop', 'aed', 'ed', 'iatr\\p{L}*|ic|ics|ia|ias'),
  listed('', 'pal', 'aeo', 'eo', '\\p{L}+'),
  listed('', 'arch', 'aeo', 'eo', 'log\\p{L}*'),
  listed('', 'gyn|an', 'ae', 'e', 'col\\p{L}*|sth\\p{L}*'),
  listed('', '', 'aet', 'et', 'iolog\\p{L}*'),
  listed('', 'c', 'ae', 'e', 'sium'),
  listed('', 'medi', 'ae', 'e', 'val'),
  listed('', '', 'oe', 'e', 'strog\\p{L}*|stradiol|strous|strus|strone|striol|sophag\\p{L}*|dem\\p{L}*'),
  listed('', 'f', 'oe', 'e', 'tus|tuses|tal'),
  listed('', 'am', 'oe', 'e', 'b\\p{L}*'),
  listed('', 'c', 'oe', 'e', 'liac'),
  listed('', 'diarrh', 'oe', 'e', 'a|al'),
  listed('', 'man', 'oeuvre', 'euver', '|s'),
  listed('', 'man', 'oeuvred', 'euvered', ''),
  listed('', 'man', 'oeuvring', 'euvering', ''),
  // catalogue, analogue, homologue, orthologue (not blog, log, backlog).
  listed('', 'cata|ana|homo|ortho|para|dia|mono|epi|xeno', 'logue', 'log', '|s'),
  listed('', 'cata', 'logu', 'log', 'ed|ing'),
  // sulphur, sulphate, disulphide, thiosulphate.
  listed('\\p{L}*', '', 'sulph', 'sulf', '\\p{L}*'),
  listed('', 'alumin', 'ium', 'um', ''),
  listed('', 'art', 'e', 'i', 'fact|facts'),
  listed('', 'lic|def|off', 'ence', 'ense', '|s'),
  listed('', 'judg|acknowledg|abridg', 'ement', 'ment', '|s'),
  listed('', 'ag', 'eing', 'ing', ''),
  listed('', 'program', 'me', '', '|s'),
  // The endings any word may have.
  { toAmerican: iseIze('z'), toBritish: iseIze('s') },
  { toAmerican: yseYze('z'), toBritish: yseYze('s') },
];

/** The word with every rule applied in one direction ("haemolysed" → "hemolyzed"). */
function respelt(word: string, direction: 'toAmerican' | 'toBritish'): string {
  let out = word;
  for (const rule of RULES) out = rule[direction](out) ?? out;
  return out;
}

/**
 * Words already respelt. The index asks for every word of 10,000 records' descriptions, and
 * records share most of their words: without it the rules took longer than the rest of the
 * search documents together. Bounded, as a catalogue's words are not.
 */
const known = new Map<string, string[]>();
const KNOWN_MAX = 100_000;

/** The word's other regional spellings: its American and British forms that differ from it. Empty for most words. */
export function regionalSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  let others = known.get(lower);
  if (!others) {
    const letters = lower.length >= 4 && /^\p{L}+$/u.test(lower);
    others = letters ? [...new Set([respelt(lower, 'toAmerican'), respelt(lower, 'toBritish')])].filter((w) => w !== lower) : [];
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(lower, others);
  }
  return others;
}
