/**
 * Astro's only door to data: the site model staged by the pipeline (src/build/stage.ts)
 * in a folder of JSON files. Pages read their own model file at render time, so no page
 * holds another page's data and a 100,000-record catalogue is never in memory at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StagedSite, StagedPage } from '../build/stage-types.ts';

function stageDir(): string {
  return path.resolve(process.env.APERTURE_STAGE_DIR ?? '.aperture/site');
}

function readJson<T>(relative: string): T {
  const file = path.join(stageDir(), relative);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`The staged site model is missing (${file}). Run \`aperture build\`, which stages it before rendering.`, {
      cause: error,
    });
  }
}

const sites = new Map<string, StagedSite>();

/** Site-wide data, read once per staged folder (every page's layout asks for it). */
export function stagedSite(): StagedSite {
  const dir = stageDir();
  let site = sites.get(dir);
  if (!site) {
    site = readJson<StagedSite>('site.json');
    sites.set(dir, site);
  }
  return site;
}

/** Every page under /doi/ (landing pages, tombstones, dataset file pages). */
export function stagedPages(): StagedPage[] {
  const text = readFileSync(path.join(stageDir(), 'pages.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StagedPage);
}

export function stagedModel<T>(relative: string): T {
  return readJson<T>(relative);
}
