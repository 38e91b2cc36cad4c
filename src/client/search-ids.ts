/**
 * The exact-identifier lookup on the search page: one query that could be an identifier
 * fetches meta.json (once) and the one shard its key falls in (src/index/lookup-key.ts).
 */
import { LOOKUP_DIR, filePattern, lookupKey, runHolds, shardName, type LookupHit, type LookupMeta } from '../index/lookup-key.ts';

let meta: Promise<LookupMeta | null> | null = null;

async function fetchJson<T>(url: string): Promise<T | null> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    return null;
  }
}

async function shardFor(key: string): Promise<Record<string, LookupHit[]>> {
  meta ??= fetchJson<LookupMeta>(`/${LOOKUP_DIR}/meta.json`);
  const m = await meta;
  if (!m) return {};
  return (await fetchJson<Record<string, LookupHit[]>>(`/${LOOKUP_DIR}/${shardName(key, m.shards)}`)) ?? {};
}

/** The file a path names, as a listing shows it ("images/lyso_1_00001.cbf"); a DOI or a URL is no path. */
function fileNameIn(query: string): string {
  if (!query.includes('/') || /^(?:\w+:|10\.\d{4,9}\/)/i.test(query)) return query;
  return query.slice(query.lastIndexOf('/') + 1);
}

/**
 * Pages carrying exactly this identifier (empty when none, or when the query has spaces).
 * A numbered file name is also looked up by its pattern: the listing page whose run of
 * numbers holds it is the hit. A path finds its file by name, as the lookup keeps names.
 */
export async function lookupIdentifier(query: string): Promise<ExactHits> {
  const key = lookupKey(query);
  if (!key) return { hits: [], total: 0 };
  // One hit per page: a record naming the same article in two relations is one answer.
  const pages = new Set<string>();
  const entries = (await shardFor(key))[key] ?? [];
  const hits = entries.filter((h) => h[0] !== 'files' && h[0] !== 'more' && !pages.has(h[1]) && pages.add(h[1]));
  // A key more pages carry than the lookup keeps says how many (src/index/identifier-index.ts).
  const more = entries.find((h) => h[0] === 'more');
  const kept = hits.length;
  const name = fileNameIn(query.trim());
  const nameKey = name === query.trim() ? null : lookupKey(name);
  if (nameKey) hits.push(...((await shardFor(nameKey))[nameKey] ?? []).filter((h) => h[0] === 'file'));
  // Only what looks like a file name (an extension) pays for the second shard.
  const pattern = /\.\w{1,10}$/.test(name) ? filePattern(name) : null;
  if (pattern) {
    for (const [, url, shown, detail] of (await shardFor(pattern.key))[pattern.key] ?? []) {
      if (runHolds(detail, pattern.number, pattern.width)) hits.push(['file', url, shown.replace('*', pattern.digits), '']);
    }
  }
  return { hits, total: (more ? Math.max(Number(more[3]) || 0, kept) : kept) + hits.length - kept };
}

/** The hits an identifier lookup lists, and how many pages carry it (more than listed when the lookup keeps only some). */
export interface ExactHits {
  hits: LookupHit[];
  total: number;
}

const KIND_LABELS: Record<LookupHit[0], string> = {
  doi: 'DOI of this record',
  'related-doi': 'Related DOI',
  related: 'Related identifier',
  pdb: 'PDB entry',
  proposal: 'Proposal',
  orcid: 'Creator or contributor',
  award: 'Grant',
  file: 'File',
  files: 'Files',
  more: '',
};

/** "File: in dataset sweep-1 of 10.5072/abc (page 3 of its list)"; file hits carry no titles (see fileLookups). */
export function hitText(hit: LookupHit): string {
  const [kind, url, , detail] = hit;
  if ((kind !== 'file' && kind !== 'files') || detail) return `${KIND_LABELS[kind]}: ${detail}`;
  const m = /^\/doi\/(.+)\/datasets\/([^/]+)\/(?:page\/(\d+)\/)?$/.exec(url);
  if (!m) return KIND_LABELS[kind];
  return `File in dataset ${m[2]} of ${m[1]}${m[3] ? ` (page ${m[3]} of its list)` : ''}`;
}
