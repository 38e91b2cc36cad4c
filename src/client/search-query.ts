/**
 * The operators readers bring from web search engines, read before pagefind sees the query
 * (it has none of them, and would search "-insulin" or "NOT insulin" as the word insulin):
 * `-word` and `NOT word` leave out the records holding the word, `+word` and `AND` between
 * words ask for what every query asks for already (each word). A hyphen inside a word
 * ("egg-white", "MX-9001") or before a number ("-80 °C") is no operator. "OR" is read
 * later, by the search of either side (src/client/pagefind-shards.ts searchMost). A phrase in
 * typographic quotes (“main protease”, as phones and word processors type them) is given
 * to pagefind in the straight quotes its phrase search reads. A reference typed as cited
 * ("Schmidt et al. 2023") searches its names and year: "et al." is in no record's people.
 * A range of years ("2019-2021", "2019–2021") asks for the records released in those years:
 * the search page selects them in the year filter, as no record's words hold a range.
 */

export interface ParsedQuery {
  /** What is searched for: the query without its exclusions and no-op operators, spaces folded. */
  text: string;
  /** Words or quoted phrases whose records are left out, as typed (quotes removed). */
  excluded: string[];
  /** The release years a range in the query asks for ("2019-2021" → 2019, 2020, 2021); absent without one. */
  years?: string[];
}

/** A range of years as one token, hyphen or dash between them: a span of at most a century, the earlier year first. */
const YEAR_RANGE = /^((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)$/;

function yearsOf(token: string): string[] | null {
  const match = YEAR_RANGE.exec(token);
  if (!match) return null;
  const [from, to] = [Number(match[1]), Number(match[2])];
  if (to < from || to - from > 100) return null;
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

/** "et al." (or "et al", "et al.,") after a name, as references cite. */
const ET_AL = /(?<=\S\s+)et\s+al\b\.?,?/gi;

/** One token: a quoted phrase (with an optional sign before it) or a run of non-space characters. */
const TOKEN = /[-+]?["“][^"”]*["”]?|\S+/g;

const unquoted = (token: string) => token.replace(/^["“]|["”]$/g, '').trim();

/**
 * An organisation's ROR address ("https://ror.org/03eh3y714", as copied from ror.org) as its
 * id: the index holds "ROR 03eh3y714" (src/index/search-document.ts), and pagefind would
 * look for the words "https", "ror" and "org" too.
 */
const ROR_ADDRESS = /^(?:https?:\/\/)?(?:www\.)?ror\.org\/(0[a-z0-9]{6}\d{2})\/?$/i;

export function parseQuery(query: string): ParsedQuery {
  const kept: string[] = [];
  const excluded: string[] = [];
  let years: string[] | undefined;
  let negateNext = false;
  for (const token of query.replace(ET_AL, ' ').match(TOKEN) ?? []) {
    const range = negateNext ? null : yearsOf(token);
    if (range) {
      years = range;
      continue;
    }
    if (token === 'NOT') {
      negateNext = true;
      continue;
    }
    if (token === 'AND' || token === '+') continue;
    const negated = negateNext || /^-(?=[\p{L}"“])/u.test(token);
    negateNext = false;
    const bare = token.replace(/^[-+](?=[\p{L}\p{N}"“])/u, '');
    if (negated) {
      const word = unquoted(bare);
      if (word) excluded.push(word);
    } else kept.push(bare.replace(ROR_ADDRESS, '$1').replace(/[“”„]/g, '"'));
  }
  // "insulin NOT" (nothing after it): the NOT was a word after all.
  if (negateNext) kept.push('NOT');
  // "lysozyme OR" (typed before the other side, or left over): an OR with nothing on one side joins nothing.
  while (kept.length > 1 && kept.at(-1) === 'OR') kept.pop();
  while (kept.length > 1 && kept[0] === 'OR') kept.shift();
  return years ? { text: kept.join(' '), excluded, years } : { text: kept.join(' '), excluded };
}
