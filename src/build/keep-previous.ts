/**
 * Keeping a record's outputs from the previous build (persistence, conventions A4.3): a
 * record that became invalid keeps its last good page so its DOI keeps resolving. Only the
 * staging code writes the staged site, so persistence asks for this here instead of
 * copying folders itself. Files are hard-linked from the previous staged site, as cache
 * hits are.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { doiSlug, landingPath } from '../record/identity.ts';
import { modelDir } from './stage-types.ts';
import type { StagedPage } from './stage-types.ts';
import { linkTree } from '../files/link-tree.ts';

export interface KeptRecord {
  pages: number;
  state: 'released' | 'metadata-only' | 'tombstone';
}

/**
 * Puts the previous build's models, page list entries and public files of `doi` into this
 * build's staged site (`to`); null when the previous build has no page for it.
 */
export async function keepPreviousRecord(previous: { models: string; public: string }, doi: string, to: { models: string; public: string }): Promise<KeptRecord | null> {
  const dir = modelDir(doi);
  const pagesFile = path.join(previous.models, 'pages.jsonl');
  if (!existsSync(path.join(previous.models, dir)) || !existsSync(pagesFile)) return null;
  const lines = (await readFile(pagesFile, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as StagedPage)
    .filter((p) => p.model.startsWith(`${dir}/`));
  if (!lines.some((p) => p.kind === 'landing' || p.kind === 'tombstone')) return null;
  await linkTree(path.join(previous.models, dir), path.join(to.models, dir));
  const publicFiles = landingPath(doiSlug(doi));
  if (existsSync(path.join(previous.public, publicFiles))) await linkTree(path.join(previous.public, publicFiles), path.join(to.public, publicFiles));
  await appendFile(path.join(to.models, 'pages.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  if (lines.some((p) => p.kind === 'tombstone')) return { pages: lines.length, state: 'tombstone' };
  const landing = lines.find((p) => p.kind === 'landing')!;
  const model = JSON.parse(await readFile(path.join(to.models, landing.model), 'utf8')) as { state?: string };
  return { pages: lines.length, state: model.state === 'metadata-only' ? 'metadata-only' : 'released' };
}
