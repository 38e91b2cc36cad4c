/**
 * Stages the browse pages (src/model/browse.ts): one JSON model per page and the route
 * table the Astro pages read (`browse/routes.json`). Called once from stageSite with the
 * record summaries it already holds.
 *
 * At 10,000 records that is about 40,000 models, nearly all of which a release leaves as
 * they were. So the browse folder stays where the last build left it (stage-ledger.ts does
 * not set it aside), and a model is written only when its bytes changed, known by the
 * digest the previous route table holds. A model replaced or gone is moved under
 * `previous` first (never written in place), so a failed build can put the folder back.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordSummary } from '../model/site.ts';
import { browseStage } from '../model/browse.ts';
import { writeJson, writeText } from './write-json.ts';
import { moveIfThere } from '../files/move-files.ts';

export const BROWSE_ROUTES_FILE = 'browse/routes.json';

interface RouteTable {
  lists: Array<{ model: string; digest?: string }>;
  pdb: Array<{ model: string; digest?: string }>;
}

/** Model → digest of the route table in `stageDir`, if there is one. */
export async function browseDigests(stageDir: string): Promise<Map<string, string>> {
  try {
    const table = JSON.parse(await readFile(path.join(stageDir, BROWSE_ROUTES_FILE), 'utf8')) as RouteTable;
    return new Map([...table.lists, ...table.pdb].filter((r) => r.digest).map((r) => [r.model, r.digest!]));
  } catch {
    return new Map();
  }
}

/** `previous`: where replaced and removed models go (`<staged>/.previous/models`); without it the folder is new. */
/** Returns every browse page's path (lists, then PDB pages), for the sitemap. */
export async function stageBrowse(stageDir: string, summaries: RecordSummary[], previous?: string): Promise<string[]> {
  const { routes, files } = browseStage(summaries);
  const before = previous ? await browseDigests(stageDir) : new Map<string, string>();
  const setAside = (relative: string) => moveIfThere(path.join(stageDir, relative), path.join(previous!, relative));
  // Each model's digest goes into the route table: the renderer keys pages by it without reading every model.
  const digests = new Map<string, string>();
  for (const f of files) {
    const text = JSON.stringify(f.data);
    const digest = createHash('sha256').update(text).digest('hex');
    digests.set(f.model, digest);
    const was = before.get(f.model);
    if (was === digest) continue;
    // A model the old table does not know may still be on disk: set aside too, never overwritten.
    if (previous) await setAside(f.model);
    await writeText(stageDir, f.model, text);
  }
  for (const model of before.keys()) if (!digests.has(model)) await setAside(model);
  if (previous) await setAside(BROWSE_ROUTES_FILE);
  const withDigest = <T extends { model: string }>(route: T): T & { digest?: string } => ({ ...route, digest: digests.get(route.model) });
  await writeJson(stageDir, BROWSE_ROUTES_FILE, { lists: routes.lists.map(withDigest), pdb: routes.pdb.map(withDigest) });
  return [...routes.lists.map((l) => l.path), ...routes.pdb.map((p) => p.path)];
}
