/**
 * Runs one record inside its failure boundary and stores what it produced in the record
 * cache. The same code runs in the worker threads (stage-worker.ts) and, with one worker,
 * in the calling thread. Settings are plain data so they can cross to a worker.
 */
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { RawExperiment } from '../catalogue/types.ts';
import type { RecordConfig } from './record-cache.ts';
import { openCatalogue } from '../catalogue/open-catalogue.ts';
import type { EnrichLimits, EnrichmentIndex } from '../enrich/enrich-catalogue.ts';
import type { CatalogueSource } from '../catalogue/types.ts';
import { stageRecord, type RecordStageContext, type StagedRecordResult } from './stage-record.ts';
import { failed } from './record-failure.ts';
import { RecordCache, type CachedRecord } from './record-cache.ts';
import path from 'node:path';
import { citationsFor } from '../citation/citation-set.ts';
import { dataciteSchemaValidator } from '../validate/datacite-schema.ts';

export interface StageSettings {
  config: RecordConfig & { root?: string };
  /** ISO time of the build. */
  now: string;
  cacheDir: string;
  /** Keys object-storage verification found missing. */
  unavailable: string[];
  /** Image enrichment (issue 5): where images are read from and cached. */
  enrich?: { imageRoot: string | null; configRoot: string; cacheDir: string; limits: EnrichLimits };
}

export interface RecordRun {
  /** The stored entry, or null when the record failed (failures are not cached). */
  cached: CachedRecord | null;
  result: StagedRecordResult;
}

export interface Runner {
  /** `leaveOut`: DOIs the record's relations must not name (stageRecord). */
  run(raw: RawExperiment, key: string, leaveOut?: readonly string[]): Promise<RecordRun>;
}

/** The enrich step, loaded only when enrichment is on (it brings the image readers, h5wasm included). */
async function enrichStep(settings: NonNullable<StageSettings['enrich']>, publicBaseUrl: string): Promise<NonNullable<RecordStageContext['enrich']>> {
  const [{ enrichRecord, enrichmentKey }, { objectSources }, { fileCache }] = await Promise.all([
    import('../enrich/enrich-catalogue.ts'),
    import('../enrich/object-source.ts'),
    import('../enrich/cache.ts'),
  ]);
  const objects = objectSources(settings.imageRoot, publicBaseUrl, settings.configRoot);
  const cache = fileCache(settings.cacheDir);
  return async (record, files, sink) => {
    const index: EnrichmentIndex = new Map();
    await enrichRecord(record, { files, objects, cache, sink, index, limits: settings.limits });
    return (datasetId) => index.get(enrichmentKey(record.id, datasetId));
  };
}

export async function recordRunner(settings: StageSettings, source: CatalogueSource): Promise<Runner> {
  const unavailable = new Set(settings.unavailable);
  const ctx: RecordStageContext = {
    config: settings.config,
    now: new Date(settings.now),
    datafiles: (record, dataset, sink) => source.datafiles(record, dataset, sink),
    isAvailable: (key) => !unavailable.has(key),
    citationCache: path.join(settings.cacheDir, 'citations'),
    enrich: settings.enrich && (await enrichStep(settings.enrich, settings.config.storage.publicBaseUrl)),
  };
  const cache = new RecordCache(path.join(settings.cacheDir, 'records'));
  return {
    async run(raw, key, leaveOut = []) {
      const sink = new DiagnosticSink();
      const draft = await cache.draft(key);
      try {
        const outcome = await stageRecord(ctx, raw, draft.out, sink, leaveOut);
        const result = { id: raw.id, outcome, diagnostics: sink.list };
        return { cached: await draft.commit(result), result };
      } catch (error) {
        await draft.discard();
        return { cached: null, result: failed(raw, error, sink) };
      }
    },
  };
}

/** A worker's source: the catalogue folder, opened again in that thread. */
export function sourceFor(catalogue: string, settings: Pick<StageSettings, 'now'>): CatalogueSource {
  return openCatalogue(catalogue, { now: new Date(settings.now) });
}

/**
 * Does now what every stager does for its first record, whatever the record: compiles the
 * DataCite schema and builds one citation engine per style (about 0.4 s together), so a worker
 * started ahead of its records has them ready. Formatting leaves no state behind that another
 * record could see: each is formatted on its own, as the 1- and 4-worker builds' equality shows.
 */
export function warmStager(): void {
  dataciteSchemaValidator();
  citationsFor({
    doi: '10.5072/aperture-warm-up',
    creators: [{ name: 'Aperture' }],
    titles: [{ title: 'Warm-up' }],
    publisher: { name: 'Aperture' },
    publicationYear: '2026',
    types: { resourceTypeGeneral: 'Dataset' },
  } as Parameters<typeof citationsFor>[0]);
}
