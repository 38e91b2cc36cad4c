/**
 * Stages the site: catalogue → validate → model, written as JSON page models for the
 * renderer and static files (exports, manifests) for dist/. Records stream through one
 * at a time; only a small summary per public record is kept for site-wide pages.
 *
 * The release gate lives here: a record reaches the output only when it validates and
 * its release state is released, metadata-only (no files) or withdrawn (tombstone only).
 */
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { CatalogueSource, RawExperiment } from '../catalogue/types.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { SiteConfig } from '../config/site-config.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { validateCatalogue } from '../validate/validate-catalogue.ts';
import { licenceOf } from '../record/licence.ts';
import { cachedCitations, type CitationSet } from '../citation/citation-set.ts';
import { STYLES } from '../citation/formats.ts';
import { sanitizeHtml } from '../markdown/sanitize-html.ts';
import { countTexts, datasetSummaries, displayTitle, licenceModel, toLandingPage, type CitationModel, type HeadModel, type LandingContext } from '../model/landing.ts';
import { toTombstone } from '../model/tombstone.ts';
import { toHome, browseFacets, toSummary, type RecordSummary } from '../model/site.ts';
import { landingPath } from '../record/identity.ts';
import { mergeAggregate } from '../model/technical.ts';
import { inlineFiles, writeRecordExports, writeRecordMachineFiles } from './record-exports.ts';
import { writeDatasetPages } from './file-pages.ts';
import { writeDatasetDownloads, writeExperimentDownloads } from './dataset-downloads.ts';
import { recordHead } from './record-head.ts';
import { publishFilePreviews, publishPreview } from './dataset-preview.ts';
import { enrichRecord, enrichmentKey, type EnrichLimits, type EnrichmentIndex } from '../enrich/enrich-catalogue.ts';
import type { EnrichCache } from '../enrich/cache.ts';
import type { ObjectSourceFor } from '../enrich/object-source.ts';
import { writeJson } from './write-json.ts';
import { boundedTasks } from './bounded-tasks.ts';
import type { StagedPage, StagedSite } from './stage-types.ts';
import { stageBrowse } from './stage-browse.ts';

export interface StageOptions {
  config: SiteConfig;
  source: CatalogueSource;
  /** Folder for page models (read by the renderer). */
  stageDir: string;
  /** Folder mirrored into dist/ after rendering (exports, manifests). */
  publicDir: string;
  /** Digest-keyed caches that survive between builds (citations, previews). */
  cacheDir: string;
  sink: DiagnosticSink;
  now: Date;
  /** Keys verification found missing; their files are shown as unavailable. */
  unavailableKeys?: ReadonlySet<string>;
  /** Records staged at once (default 6); memory grows with it, since each holds its record. */
  concurrency?: number;
  /** When set, technical metadata and previews are read from the image files (issue 5). */
  enrich?: { objects: ObjectSourceFor; cache: EnrichCache; limits: EnrichLimits };
}

/** What must never appear in the output (unpublished or invalid records), for the audit. */
export interface Withheld {
  record: string;
  doi: string | null;
  title: string | null;
  reason: 'unpublished' | 'invalid' | 'duplicate';
}

export interface StageResult {
  records: number;
  valid: number;
  published: Array<{ doi: string; path: string; state: 'released' | 'metadata-only' }>;
  tombstones: Array<{ doi: string; path: string }>;
  withheld: Withheld[];
  pages: number;
  summaries: RecordSummary[];
}

const STYLE_LABELS: Record<keyof typeof STYLES, string> = {
  apa: 'APA 7th edition',
  harvard: 'Harvard',
  vancouver: 'Vancouver',
  chicago: 'Chicago (author-date)',
};

function citationModel(c: CitationSet): CitationModel {
  return {
    recommended: c.datacite,
    styles: (Object.keys(STYLE_LABELS) as Array<keyof typeof STYLES>).map((id) => ({
      id,
      label: STYLE_LABELS[id],
      html: sanitizeHtml(c.styles[id].html),
      text: c.styles[id].text,
    })),
  };
}

/** Best-effort DOI and title of a raw record, so the audit can look for it even when it is invalid. */
function identify(raw: RawExperiment): { doi: string | null; title: string | null } {
  const d = raw.datacite as { doi?: unknown; titles?: Array<{ title?: unknown }> } | undefined;
  return {
    doi: typeof d?.doi === 'string' ? d.doi.toLowerCase() : null,
    title: typeof d?.titles?.[0]?.title === 'string' ? d.titles[0].title : null,
  };
}

function rawState(raw: RawExperiment): string | null {
  const release = (raw.experiment as { release?: { state?: unknown } } | undefined)?.release;
  return typeof release?.state === 'string' ? release.state : null;
}

/** A stable folder name for a record's models, independent of how odd its DOI is. */
function modelDir(record: ExperimentRecord): string {
  return `records/${createHash('sha256').update(record.doi).digest('hex').slice(0, 20)}`;
}

export async function stageSite(o: StageOptions): Promise<StageResult> {
  const pages: StagedPage[] = [];
  const result: StageResult = { records: 0, valid: 0, published: [], tombstones: [], withheld: [], pages: 0, summaries: [] };
  const inFlight = boundedTasks(o.concurrency ?? 6);
  for await (const { raw, record, duplicate } of validateCatalogue(o.source, o.sink)) {
    result.records += 1;
    if (duplicate) {
      result.withheld.push({ record: raw.id, ...identify(raw), reason: 'duplicate' });
      continue;
    }
    if (!record) {
      // An invalid record that says it is public is not secret; anything else is treated as unpublished.
      const state = rawState(raw);
      const reason = state === 'released' || state === 'metadata-only' || state === 'withdrawn' ? 'invalid' : 'unpublished';
      result.withheld.push({ record: raw.id, ...identify(raw), reason });
      continue;
    }
    result.valid += 1;

    if (record.release.state === 'unpublished') {
      result.withheld.push({ record: record.id, doi: record.doi, title: identify(raw).title, reason: 'unpublished' });
      continue;
    }
    if (record.release.state === 'withdrawn') {
      const model = `${modelDir(record)}/tombstone.json`;
      await writeJson(o.stageDir, model, toTombstone(record));
      pages.push({ kind: 'tombstone', route: record.slug, model });
      result.tombstones.push({ doi: record.doi, path: landingPath(record.slug) });
      continue;
    }
    // Records are independent: several stage at once so file I/O overlaps formatting work.
    await inFlight.add(async () => {
      const summary = await stageRecord(o, record, pages);
      result.summaries.push(summary);
      result.published.push({ doi: record.doi, path: summary.path, state: summary.state });
    });
  }
  await inFlight.drain();
  // Concurrency finishes records in any order; outputs must not depend on it.
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
  const site: StagedSite = { chrome, home: toHome(result.summaries), facets: browseFacets(result.summaries), summaries: result.summaries };
  await writeJson(o.stageDir, 'site.json', site);
  await stageBrowse(o.stageDir, result.summaries);
  await writeFile(path.join(o.stageDir, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
  result.pages = pages.length;
  return result;
}

async function stageRecord(o: StageOptions, record: ExperimentRecord, pages: StagedPage[]): Promise<RecordSummary> {
  const citations = cachedCitations(record.datacite, record.digest, path.join(o.cacheDir, 'citations'), record.release.releasedOn);
  const downloads = await writeRecordExports(o.publicDir, record, citations);
  const licence = licenceOf(record.datacite);
  const dir = modelDir(record);
  let summaries = datasetSummaries(record, o.config.storage.publicBaseUrl);
  let bulk: LandingContext['bulk'] = null;
  const title = displayTitle(record.datacite);

  if (record.release.state === 'released') {
    const enrichment: EnrichmentIndex = new Map();
    if (o.enrich) await enrichRecord(record, { source: o.source, sink: o.sink, index: enrichment, ...o.enrich });
    const counted = [];
    for (const dataset of summaries) {
      const enriched = enrichment.get(enrichmentKey(record.id, dataset.id));
      const withPreview = { ...dataset, ...(await publishPreview(o.publicDir, record, dataset, enriched)) };
      const framePreviews = await publishFilePreviews(o.publicDir, record, dataset.id, enriched);
      const downloadsForDataset = await writeDatasetDownloads(o, record, dataset);
      const written = await writeDatasetPages({
        stageDir: o.stageDir,
        modelDir: dir,
        source: o.source,
        record,
        recordTitle: title,
        dataset: withPreview,
        filesPerPage: o.config.filesPerPage,
        publicBaseUrl: o.config.storage.publicBaseUrl,
        isAvailable: (key) => !o.unavailableKeys?.has(key),
        technicalFor: (sha256) => enriched?.technical.get(sha256),
        previewFor: (sha256) => framePreviews.get(sha256),
        manifests: downloadsForDataset.manifests,
        commands: downloadsForDataset.commands,
        maxZipBytes: o.config.storage.maxBrowserZipBytes,
        sink: o.sink,
      });
      pages.push(...written.pages);
      counted.push({ ...withPreview, technical: mergeAggregate(withPreview.technical, written.aggregate), ...countTexts(written.files, written.bytes), fileCount: written.files, totalBytes: written.bytes });
    }
    summaries = counted;
    bulk = await writeExperimentDownloads(o, record);
  }

  const head: HeadModel = recordHead(record, o.config, summaries, licence, await inlineFiles(o, record, summaries));
  const landing = toLandingPage(record, {
    siteUrl: o.config.siteUrl,
    licence: licenceModel(licence),
    citation: citationModel(citations),
    downloads,
    head,
    datasets: summaries,
    bulk,
  });
  const model = `${dir}/landing.json`;
  await writeJson(o.stageDir, model, landing);
  await writeRecordMachineFiles(o, record, landing);
  pages.push({ kind: 'landing', route: record.slug, model });
  return toSummary(landing);
}
