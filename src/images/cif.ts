/**
 * A small CIF 1.1 reader for the imgCIF categories of CBF headers: data items, loops,
 * quoted values and `;` text fields. Enough for `_diffrn_*`, `_axis`, `_array_*`; not a
 * validating parser. Values keep their loop row order so columns of one loop line up.
 */
export interface CifBlock {
  /** Lower-cased tag → values (one for a plain item, one per row for a loop column). */
  items: Map<string, string[]>;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const n = text.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      lineStart = false;
      i++;
      continue;
    }
    if (c === ';' && lineStart) {
      // Text field: runs to the next line that starts with ';' (or the end of the text).
      const end = text.indexOf('\n;', i + 1);
      const stop = end < 0 ? n : end;
      tokens.push(text.slice(i + 1, stop).replace(/^\r?\n/, ''));
      i = end < 0 ? n : end + 2;
      lineStart = false;
      continue;
    }
    lineStart = false;
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      // A quote ends a value only when followed by whitespace (CIF 1.1).
      let j = i + 1;
      while (j < n && !(text[j] === c && (j + 1 >= n || /\s/.test(text[j + 1])))) j++;
      tokens.push(text.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !/\s/.test(text[j])) j++;
    tokens.push(text.slice(i, j));
    i = j;
  }
  return tokens;
}

export function parseCif(text: string): CifBlock {
  const items = new Map<string, string[]>();
  const tokens = tokenize(text);
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    const lower = token.toLowerCase();
    if (lower === 'loop_') {
      const tags: string[] = [];
      i++;
      while (i < tokens.length && tokens[i].startsWith('_')) tags.push(tokens[i++].toLowerCase());
      const values: string[] = [];
      while (i < tokens.length && !tokens[i].startsWith('_') && !isReserved(tokens[i])) values.push(tokens[i++]);
      if (tags.length === 0) continue;
      const columns = tags.map(() => [] as string[]);
      for (let v = 0; v + tags.length <= values.length; v += tags.length) {
        for (let t = 0; t < tags.length; t++) columns[t].push(values[v + t]);
      }
      tags.forEach((tag, t) => items.set(tag, columns[t]));
      continue;
    }
    if (token.startsWith('_')) {
      const value = tokens[i + 1];
      if (value !== undefined && !value.startsWith('_') && !isReserved(value)) {
        items.set(lower, [value]);
        i += 2;
      } else i++;
      continue;
    }
    i++;
  }
  return { items };
}

function isReserved(token: string): boolean {
  const lower = token.toLowerCase();
  return lower === 'loop_' || lower.startsWith('data_') || lower.startsWith('save_') || lower === 'global_' || lower === 'stop_';
}

/** First value of a tag, undefined for absent, `?` (unknown) and `.` (not applicable). */
export function cifValue(block: CifBlock, tag: string, row = 0): string | undefined {
  const value = block.items.get(tag.toLowerCase())?.[row];
  return value === undefined || value === '?' || value === '.' ? undefined : value;
}

/** Numeric value; CIF standard uncertainties in brackets (`1.234(5)`) are dropped. */
export function cifNumber(block: CifBlock, tag: string, row = 0): number | undefined {
  const value = cifValue(block, tag, row);
  if (value === undefined) return undefined;
  const n = Number(value.replace(/\(\d+\)$/, ''));
  return Number.isFinite(n) ? n : undefined;
}

export function cifColumn(block: CifBlock, tag: string): string[] {
  return block.items.get(tag.toLowerCase()) ?? [];
}
