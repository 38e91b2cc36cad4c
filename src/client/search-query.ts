/**
 * The operators readers bring from web search engines, read before pagefind sees the query
 * (it has none of them, and would search "-insulin" or "NOT insulin" as the word insulin):
 * `-word` and `NOT word` leave out the records holding the word, `+word` and `AND` between
 * words ask for what every query asks for already (each word). A hyphen inside a word
 * ("egg-white", "MX-9001") or before a number ("-80 °C") is no operator. "OR" is read
 * later, by the search of either side (src/client/pagefind-shards.ts searchMost). A phrase in
 * typographic quotes (“main protease”, as phones and word processors type them) is given
 * to pagefind in the straight quotes its phrase search reads.
 */

export interface ParsedQuery {
  /** What is searched for: the query without its exclusions and no-op operators, spaces folded. */
  text: string;
  /** Words or quoted phrases whose records are left out, as typed (quotes removed). */
  excluded: string[];
}

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
  let negateNext = false;
  for (const token of query.match(TOKEN) ?? []) {
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
  return { text: kept.join(' '), excluded };
}
