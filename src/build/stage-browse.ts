/**
 * Stages the browse pages (src/model/browse.ts): one JSON model per page and the route
 * table the Astro pages read (`browse/routes.json`). Called once from stageSite with the
 * record summaries it already holds.
 */
import type { RecordSummary } from '../model/site.ts';
import { browseStage } from '../model/browse.ts';
import { writeJson, writeModel } from './write-json.ts';

export const BROWSE_ROUTES_FILE = 'browse/routes.json';

export async function stageBrowse(stageDir: string, summaries: RecordSummary[]): Promise<number> {
  const { routes, files } = browseStage(summaries);
  // Each model's digest goes into the route table: the renderer keys pages by it without reading every model.
  const digests = new Map<string, string>();
  for (const f of files) digests.set(f.model, await writeModel(stageDir, f.model, f.data));
  const withDigest = <T extends { model: string }>(route: T): T & { digest?: string } => ({ ...route, digest: digests.get(route.model) });
  await writeJson(stageDir, BROWSE_ROUTES_FILE, { lists: routes.lists.map(withDigest), pdb: routes.pdb.map(withDigest) });
  return files.length;
}
