/**
 * Stages the browse pages (src/model/browse.ts): one JSON model per page and the route
 * table the Astro pages read (`browse/routes.json`). Called once from stageSite with the
 * record summaries it already holds.
 */
import type { RecordSummary } from '../model/site.ts';
import { browseStage } from '../model/browse.ts';
import { writeJson } from './write-json.ts';

export const BROWSE_ROUTES_FILE = 'browse/routes.json';

export async function stageBrowse(stageDir: string, summaries: RecordSummary[]): Promise<number> {
  const { routes, files } = browseStage(summaries);
  for (const f of files) await writeJson(stageDir, f.model, f.data);
  await writeJson(stageDir, BROWSE_ROUTES_FILE, routes);
  return files.length;
}
