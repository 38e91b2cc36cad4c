/**
 * Stages the browse pages (src/model/browse.ts): one JSON model per page and the route
 * table the Astro pages read (`browse/routes.json`). Called once per build with the record
 * summaries the stage made (by stageSite, or by the build once it has started the index).
 *
 * At 10,000 records that is about 40,000 models, nearly all of which a release leaves as
 * they were. So the browse folder stays where the last build left it (stage-ledger.ts does
 * not set it aside); a model is serialized only when what it is made of changed (inputsKey)
 * and written only when its bytes changed, known by the digest the previous route table
 * holds. A model replaced or gone is moved under `previous` first (never written in place),
 * so a failed build can put the folder back.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordCard, RecordSummary } from '../model/site.ts';
import { browseStage } from '../model/browse.ts';
import { writeJson, writeText } from './write-json.ts';
import { moveIfThere } from '../files/move-files.ts';

export const BROWSE_ROUTES_FILE = 'browse/routes.json';

interface RouteTable {
  lists: Array<{ model: string; digest?: string; inputs?: string }>;
  pdb: Array<{ model: string; digest?: string; inputs?: string }>;
}

interface Kept {
  digest: string;
  inputs?: string;
}

/** Model → its digest (and inputs key) in the route table in `stageDir`, if there is one. */
async function browseTable(stageDir: string): Promise<Map<string, Kept>> {
  try {
    const table = JSON.parse(await readFile(path.join(stageDir, BROWSE_ROUTES_FILE), 'utf8')) as RouteTable;
    return new Map([...table.lists, ...table.pdb].filter((r) => r.digest).map((r) => [r.model, { digest: r.digest!, inputs: r.inputs }]));
  } catch {
    return new Map();
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * What a model is made of, hashed, with each record card by its own digest: a list page is
 * its texts, links and 50 cards, and a card (one object per record, src/model/site.ts) is
 * serialized once however many lists show it. Equal keys mean equal model bytes — every field
 * but the cards is in the key as it is, the cards' bytes in their digests — so a model whose
 * key the previous route table holds keeps its digest and file without being serialized.
 * A release thus serializes a few dozen models, not all 40,000 (about 192 MB at 10,000 records).
 * The digests go into the hash as raw bytes after the rest's JSON and a NUL, which JSON text
 * never holds: they have a fixed length, so the key still reads back one way only.
 */
function inputsKey(data: { records: readonly RecordCard[] }, card: (c: RecordCard) => Buffer): string {
  const hash = createHash('sha256').update(JSON.stringify({ ...data, records: data.records.length })).update('\0');
  for (const c of data.records) hash.update(card(c));
  return hash.digest('hex');
}

/** `previous`: where replaced and removed models go (`<staged>/.previous/models`); without it the folder is new. */
/** Returns every browse page's path (lists, then PDB pages), for the sitemap. */
export async function stageBrowse(stageDir: string, summaries: RecordSummary[], previous?: string): Promise<string[]> {
  const { routes, files } = browseStage(summaries);
  const before = previous ? await browseTable(stageDir) : new Map<string, Kept>();
  const setAside = (relative: string) => moveIfThere(path.join(stageDir, relative), path.join(previous!, relative));
  const cardDigests = new Map<RecordCard, Buffer>();
  const card = (c: RecordCard) => {
    let digest = cardDigests.get(c);
    if (digest === undefined) cardDigests.set(c, (digest = createHash('sha256').update(JSON.stringify(c)).digest()));
    return digest;
  };
  // Each model's digest goes into the route table: the renderer keys pages by it without reading every model.
  const table = new Map<string, Required<Kept>>();
  for (const f of files) {
    const inputs = inputsKey(f.data, card);
    const was = before.get(f.model);
    if (was && was.inputs === inputs) {
      table.set(f.model, { digest: was.digest, inputs });
      continue;
    }
    const text = JSON.stringify(f.data);
    const digest = sha256(text);
    table.set(f.model, { digest, inputs });
    if (was?.digest === digest) continue;
    // A model the old table does not know may still be on disk: set aside too, never overwritten.
    if (previous) await setAside(f.model);
    await writeText(stageDir, f.model, text);
  }
  for (const model of before.keys()) if (!table.has(model)) await setAside(model);
  if (previous) await setAside(BROWSE_ROUTES_FILE);
  const withDigest = <T extends { model: string }>(route: T): T & Partial<Kept> => ({ ...route, ...table.get(route.model) });
  await writeJson(stageDir, BROWSE_ROUTES_FILE, { lists: routes.lists.map(withDigest), pdb: routes.pdb.map(withDigest) });
  return [...routes.lists.map((l) => l.path), ...routes.pdb.map((p) => p.path)];
}
