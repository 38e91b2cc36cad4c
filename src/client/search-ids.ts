/**
 * The exact-identifier lookup on the search page: one query that could be an identifier
 * fetches meta.json (once) and the one shard its key falls in (src/index/lookup-key.ts).
 */
import { LOOKUP_DIR, lookupKey, shardName, type LookupHit, type LookupMeta } from '../index/lookup-key.ts';

let meta: Promise<LookupMeta | null> | null = null;

async function fetchJson<T>(url: string): Promise<T | null> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    return null;
  }
}

/** Pages carrying exactly this identifier (empty when none, or when the query has spaces). */
export async function lookupIdentifier(query: string): Promise<LookupHit[]> {
  const key = lookupKey(query);
  if (!key) return [];
  meta ??= fetchJson<LookupMeta>(`/${LOOKUP_DIR}/meta.json`);
  const m = await meta;
  if (!m) return [];
  const shard = await fetchJson<Record<string, LookupHit[]>>(`/${LOOKUP_DIR}/${shardName(key, m.shards)}`);
  return shard?.[key] ?? [];
}

const KIND_LABELS: Record<LookupHit[0], string> = {
  doi: 'DOI of this record',
  'related-doi': 'Related DOI',
  pdb: 'PDB entry',
  proposal: 'Proposal',
  orcid: 'Creator or contributor',
  file: 'File',
};

/** "File: in dataset sweep-1 of 10.5072/abc (page 3 of its list)"; file hits carry no titles (see fileLookups). */
export function hitText(hit: LookupHit): string {
  const [kind, url, , detail] = hit;
  if (kind !== 'file' || detail) return `${KIND_LABELS[kind]}: ${detail}`;
  const m = /^\/doi\/(.+)\/datasets\/([^/]+)\/(?:page\/(\d+)\/)?$/.exec(url);
  if (!m) return KIND_LABELS[kind];
  return `File in dataset ${m[2]} of ${m[1]}${m[3] ? ` (page ${m[3]} of its list)` : ''}`;
}
