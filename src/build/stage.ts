/**
 * Stages the site: catalogue → (per record: validate → enrich → model → exports →
 * manifests → pages, see stage-record.ts) → the site-wide models. Written as JSON page
 * models for the renderer and static files (exports, manifests) for dist/.
 *
 * Records stream through: this thread reads the catalogue, looks each record up in the
 * per-record cache (record-cache.ts: an unchanged record costs a lookup and some hard
 * links), and hands the rest to worker threads (stage-pool.ts). Results are applied in
 * catalogue order, whatever order they finish in, so the output is byte-identical for any
 * worker count. Only a small summary per public record is kept for site-wide pages.
 *
 * The release gate lives here: a record reaches the output only when it validates and its
 * release state is released, metadata-only (no files) or withdrawn (tombstone only). Each
 * record is staged inside its own failure boundary: an unexpected error becomes a
 * `stage/record-failed` diagnostic and the rest of the catalogue builds.
 */
import path from 'node:path';
import os from 'node:os';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { CatalogueSource, RawExperiment } from '../catalogue/types.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { SiteConfig } from '../config/site-config.ts';
import { toHome, browseFacets, type RecordSummary } from '../model/site.ts';
import { STAGED_RECORDS_FILE } from '../exports/record-files.ts';
import { boundedTasks } from './bounded-tasks.ts';
import { codeVersion, recordConfig, recordKey, siteKey, RecordCache, type CachedRecord } from './record-cache.ts';
import { recordRunner, failed, type RecordRun, type Runner, type StageSettings } from './stage-runner.ts';
import { stagePool } from './stage-pool.ts';
import type { Withheld, StagedRecordResult } from './stage-record.ts';
import type { StagedPage, StagedSite } from './stage-types.ts';
import { stageBrowse } from './stage-browse.ts';
import type { Progress } from '../report/progress.ts';

export type { Withheld } from './stage-record.ts';
export { modelDir } from './stage-record.ts';

export interface StageOptions {
  config: SiteConfig & { root?: string };
  source: CatalogueSource;
  /** The catalogue's path, so worker threads can open it; without it records stage in this thread. */
  catalogue?: string;
  /** Folder for page models (read by the renderer). */
  stageDir: string;
  /** Folder mirrored into dist/ after rendering (exports, manifests). */
  publicDir: string;
  /** Digest-keyed caches that survive between builds (records, citations, previews). */
  cacheDir: string;
  /** Remove entries this build did not use (default); false when the cache is borrowed. */
  pruneCache?: boolean;
  sink: DiagnosticSink;
  now: Date;
  /** Keys verification found missing; their files are shown as unavailable. */
  unavailableKeys?: ReadonlySet<string>;
  /** Worker threads staging records (default: the available cores; 1 stages in this thread). */
  workers?: number;
  /** When set, technical metadata and previews are read from the image files (issue 5). */
  enrich?: StageSettings['enrich'];
  /** Ticked once per record, in catalogue order. */
  progress?: Pick<Progress, 'tick'>;
}

export interface StageResult {
  records: number;
  valid: number;
  published: Array<{ doi: string; path: string; state: 'released' | 'metadata-only' }>;
  tombstones: Array<{ doi: string; path: string }>;
  withheld: Withheld[];
  pages: number;
  /** Records whose outputs came from the per-record cache. */
  cached: number;
  summaries: RecordSummary[];
}

/** A record read, its diagnostics from reading, and (soon) its staged result. */
interface Pending {
  raw: RawExperiment;
  key: string;
  read: DiagnosticSink['list'];
  run: Promise<RecordRun & { hit: boolean }>;
}

export async function stageSite(o: StageOptions): Promise<StageResult> {
  const workers = Math.max(1, o.workers ?? os.availableParallelism());
  // Records see only the configuration they may depend on, and are keyed by exactly that.
  const config = recordConfig(o.config);
  const settings: StageSettings = {
    config,
    now: o.now.toISOString(),
    cacheDir: o.cacheDir,
    unavailable: [...(o.unavailableKeys ?? [])],
    enrich: o.enrich,
  };
  const cache = new RecordCache(path.join(o.cacheDir, 'records'));
  const site = siteKey(config, o.now, o.unavailableKeys);
  const code = codeVersion();
  const runner: Runner & { close?: () => Promise<void> } =
    workers > 1 && o.catalogue ? stagePool(workers, settings, o.catalogue) : await recordRunner(settings, o.source);
  await mkdir(o.stageDir, { recursive: true });
  await mkdir(path.join(o.stageDir, path.dirname(STAGED_RECORDS_FILE)), { recursive: true });
  const lines = createWriteStream(path.join(o.stageDir, STAGED_RECORDS_FILE));

  const pages: StagedPage[] = [];
  const result: StageResult = { records: 0, valid: 0, published: [], tombstones: [], withheld: [], pages: 0, cached: 0, summaries: [] };
  const seen = new Map<string, string>();
  const made = new Set<string>();
  const used = new Set<string>();
  const placing = boundedTasks(64);
  const to = { models: o.stageDir, public: o.publicDir };

  /** One record's result, in catalogue order: diagnostics, DOI uniqueness, then its files into the site. */
  const apply = async (p: Pending) => {
    const { cached, result: staged, hit } = await p.run;
    if (staged.fatal) throw Object.assign(new Error(`staging record "${staged.id}" failed: ${staged.fatal.message}`), { code: staged.fatal.code });
    if (cached) used.add(p.key);
    result.records += 1;
    o.progress?.tick();
    if (hit) result.cached += 1;
    o.sink.list.push(...p.read, ...staged.diagnostics);
    const outcome = staged.outcome;
    if (outcome.kind === 'withheld' && !outcome.valid) {
      result.withheld.push(outcome.withheld);
      return;
    }
    const doi = outcome.kind === 'withheld' ? outcome.withheld.doi! : outcome.doi;
    const first = seen.get(doi);
    if (first) {
      // DOIs are case-insensitive; the first record in catalogue order keeps the DOI.
      o.sink.add({
        code: 'doi/duplicate',
        record: staged.id,
        file: p.raw.files.datacite,
        pointer: '/doi',
        message: `DOI ${rawDoi(p.raw) ?? doi} is already used by record "${first}" (DOIs are case-insensitive); this record is left out.`,
      });
      result.withheld.push({ record: staged.id, doi, title: titleOf(p.raw), reason: 'duplicate' });
      return;
    }
    seen.set(doi, staged.id);
    result.valid += 1;
    if (outcome.kind === 'withheld') {
      result.withheld.push(outcome.withheld);
      return;
    }
    pages.push(...outcome.pages);
    if (outcome.kind === 'tombstone') {
      result.tombstones.push({ doi: outcome.doi, path: outcome.path });
    } else {
      result.published.push(outcome.published);
      result.summaries.push(outcome.summary);
      if (!lines.write(outcome.line + '\n')) await once(lines, 'drain');
    }
    if (cached) await placing.add(() => cache.place(p.key, cached.files, to, made));
  };

  const window: Pending[] = [];
  const limit = Math.max(8, workers * 4);
  const reading = new DiagnosticSink();
  try {
    for await (const raw of o.source.experiments(reading)) {
      const key = recordKey(raw.digest, site, code);
      const run = lookupOrStage(cache, runner, raw, key);
      window.push({ raw, key, read: reading.list.splice(0), run });
      if (window.length >= limit) await apply(window.shift()!);
    }
    while (window.length) await apply(window.shift()!);
    await placing.drain();
  } finally {
    await runner.close?.();
    lines.end();
    await once(lines, 'close').catch(() => {});
  }
  o.sink.list.push(...reading.list);
  if (o.pruneCache !== false) await cache.prune(used);

  // Catalogue order is already fixed; these orders are the renderer's contract.
  pages.sort((a, b) => a.route.localeCompare(b.route) || a.model.localeCompare(b.model));
  result.published.sort((a, b) => a.doi.localeCompare(b.doi));
  result.summaries.sort((a, b) => a.path.localeCompare(b.path));

  const chrome = {
    siteUrl: o.config.siteUrl,
    title: o.config.title,
    tagline: o.config.tagline,
    facility: o.config.facility,
    contactEmail: o.config.contactEmail,
    storageOrigin: new URL(o.config.storage.publicBaseUrl).origin,
    buildDate: o.now.toISOString(),
  };
  const staged: StagedSite = { chrome, home: toHome(result.summaries), facets: browseFacets(result.summaries), summaries: result.summaries };
  await writeFile(path.join(o.stageDir, 'site.json'), JSON.stringify(staged));
  await stageBrowse(o.stageDir, result.summaries);
  await writeFile(path.join(o.stageDir, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
  result.pages = pages.length;
  return result;
}

async function lookupOrStage(cache: RecordCache, runner: Runner, raw: RawExperiment, key: string): Promise<RecordRun & { hit: boolean }> {
  try {
    const hit: CachedRecord | null = await cache.lookup(key);
    if (hit) return { cached: hit, result: hit, hit: true };
    return { ...(await runner.run(raw, key)), hit: false };
  } catch (error) {
    return { cached: null, result: failed(raw, error) as StagedRecordResult, hit: false };
  }
}

function rawDoi(raw: RawExperiment): string | null {
  const d = (raw.datacite as { doi?: unknown } | undefined)?.doi;
  return typeof d === 'string' ? d : null;
}

function titleOf(raw: RawExperiment): string | null {
  const t = (raw.datacite as { titles?: Array<{ title?: unknown }> } | undefined)?.titles?.[0]?.title;
  return typeof t === 'string' ? t : null;
}
