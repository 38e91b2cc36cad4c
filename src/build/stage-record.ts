/**
 * One record through the stage, start to finish: validate → enrich → model → exports →
 * manifests → pages. Everything a record produces is written under `out` (its cache
 * entry, see record-cache.ts), never straight into the staged site, so a record that
 * fails half-way leaves nothing behind; the stage links a finished entry into the site.
 *
 * Each dataset listing is read once, and every file is handed to all the writers that
 * need it (file pages, the dataset's and the experiment's manifests, the Link Set, the
 * JSON-LD file list). Only the enrich step reads a listing before that, and only when
 * image enrichment is on (it stops at the last image it needs).
 *
 * Runs in a worker thread (stage-worker.ts) or in the calling thread; it needs no state
 * beyond its arguments.
 */
import path from 'node:path';
import type { RawExperiment } from '../catalogue/types.ts';
import { DiagnosticSink, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { RecordConfig } from './record-cache.ts';
import type { Datafile, ExperimentRecord } from '../record/types.ts';
import { validateRecord } from '../validate/validate-record.ts';
import { validDatafiles, type RecordBytes } from '../validate/validate-catalogue.ts';
import { licenceOf, type ResolvedLicence } from '../record/licence.ts';
import { cachedCitations, type CitationSet } from '../citation/citation-set.ts';
import { STYLES } from '../citation/formats.ts';
import { dataciteCitation } from '../citation/datacite-citation.ts';
import { sanitizeHtml } from '../markdown/sanitize-html.ts';
import { MARKDOWN_MAX_CHARS, MARKDOWN_MAX_DEPTH } from '../markdown/render-markdown.ts';
import { bodyMarkdownOf, hasOwnDescription } from '../record/descriptions.ts';
import { chromeTitle, countTexts, datasetSummaries, displayTitle, licenceModel, toLandingPage, type CitationModel, type DatasetSummary, type LandingContext } from '../model/landing.ts';
import { toTombstone } from '../model/tombstone.ts';
import { toSummary, type RecordSummary } from '../model/site.ts';
import { absoluteUrl, datasetPath, landingPath } from '../record/identity.ts';
import { mergeAggregate } from '../model/technical.ts';
import { objectUrl } from '../storage/object-url.ts';
import { MAX_INLINE_FILES } from '../exports/schema-org.ts';
import { LINKSET_FILE } from '../exports/signposting.ts';
import { openLinkset, type LinksetWriter } from '../exports/linkset.ts';
import type { InlineFile } from '../exports/record-files.ts';
import type { DatasetEnrichment } from '../enrich/enrich-catalogue.ts';
import { checkDescription, stagedRecordLine, writeJsonLdFile, writeRecordExports } from './record-exports.ts';
import { datasetPagesWriter, type DatasetPagesWriter } from './file-pages.ts';
import { downloadsWriter, type Downloads, type DownloadsWriter } from './dataset-downloads.ts';
import { recordHead, signpostingLinks } from './record-head.ts';
import { publishFilePreviews, publishPreview } from './dataset-preview.ts';
import { writeModel } from './write-json.ts';
import { modelDir, type StagedPage } from './stage-types.ts';
import { doiUrl } from '../record/doi.ts';
import { identify } from './record-failure.ts';
import { claimsPublic } from '../record/release.ts';
import { digestWithout, maskMentions, withoutNaming } from '../record/cited-dois.ts';

/** What staging one record needs besides the record: a few values, no options bag. */
export interface RecordStageContext {
  config: RecordConfig;
  now: Date;
  /** The source's listing reader (CatalogueSource.datafiles). */
  datafiles: (recordId: string, datasetId: string, sink: DiagnosticSink) => AsyncIterable<{ position: number; file: string; value: unknown }>;
  /** False for keys object-storage verification found missing. */
  isAvailable: (key: string) => boolean;
  /** Folder of the digest-keyed citation cache. */
  citationCache: string;
  /**
   * The enrich step (issue 5), when image enrichment is on: reads the record's images
   * (through `files`, a quiet read of a dataset's listing) and says what it found per dataset.
   */
  enrich?: (record: ExperimentRecord, files: (datasetId: string) => AsyncIterable<Datafile>, sink: DiagnosticSink) => Promise<Enrichment>;
}

/** What the enrich step found, by dataset id. */
export type Enrichment = (datasetId: string) => DatasetEnrichment | undefined;

/** Where one record's outputs go: its page models and its public files. */
export interface RecordOut {
  models: string;
  public: string;
}

/** What must never appear in the output (unpublished or invalid records), for the audit. */
export interface Withheld {
  record: string;
  doi: string | null;
  title: string | null;
  reason: 'unpublished' | 'invalid' | 'duplicate';
}

/** A record's part of the staged site; plain data, so it crosses worker threads and sits in the cache. */
export type RecordOutcome =
  /** `valid`: the record validated (it is unpublished), so its DOI is taken. */
  | { kind: 'withheld'; withheld: Withheld; valid?: true }
  | { kind: 'tombstone'; doi: string; path: string; title: string; pages: StagedPage[] }
  | {
      kind: 'published';
      doi: string;
      published: { doi: string; path: string; state: 'released' | 'metadata-only' };
      pages: StagedPage[];
      summary: RecordSummary;
      /** The record's line of exports/records.jsonl. */
      line: string;
    };

export interface StagedRecordResult {
  id: string;
  outcome: RecordOutcome;
  /** Everything found while staging this record, in the order it was found. */
  diagnostics: Diagnostic[];
  /** Set when staging failed for a reason outside the record (a full disk): the build must stop. */
  fatal?: { code: string; message: string };
}

/**
 * `leaveOut`: DOIs of unreleased records of the catalogue this record's relations must not name
 * (unreleased-relations.ts decides them; the stage keys the record by them).
 */
export async function stageRecord(ctx: RecordStageContext, raw: RawExperiment, out: RecordOut, sink: DiagnosticSink, leaveOut: readonly string[] = []): Promise<RecordOutcome> {
  // 1. validate, and the release gate: only released, metadata-only and withdrawn records go on.
  const valid = validateRecord(raw, sink);
  // An invalid record that says it is public is not secret; anything else is treated as unpublished.
  if (!valid) return { kind: 'withheld', withheld: { record: raw.id, ...identify(raw), reason: claimsPublic(raw.experiment) ? 'invalid' : 'unpublished' } };
  const record = withoutRelations(valid, leaveOut);
  if (record.release.state === 'unpublished') {
    return { kind: 'withheld', valid: true, withheld: { record: record.id, doi: record.doi, title: identify(raw).title, reason: 'unpublished' } };
  }
  if (record.release.state === 'withdrawn') return stageTombstone(record, out);
  const released = record.release.state === 'released';
  const licence = licenceOf(record.datacite);

  // 2. enrich: the first images of each listing are read ahead of the pass in step 5 (the
  //    pages need what they say); that partial read is quiet, the full pass reports.
  const enrichment: Enrichment =
    ctx.enrich && released ? await ctx.enrich(record, (id) => listing(ctx, record, id, new DiagnosticSink()), sink) : () => undefined;

  // 3. model: the citation set (cached by digest).
  const citations = cachedCitations(record.datacite, record.digest, ctx.citationCache, record.release.releasedOn);

  // 4. exports: citation downloads and DataCite files beside the landing page.
  const downloads = await writeRecordExports(out.public, record, citations);

  // 5. manifests and file pages: each listing read once, every file to every writer.
  const listed = released ? await stageListings(ctx, record, out, sink, enrichment, licence) : null;
  if (!listed) await (await openLinkset(linksetFile(out, record), landingUrl(ctx, record), signpostingLinks(record, ctx.config.siteUrl, licence))).finish();

  // 6. the landing page, its JSON-LD file and the record's line for the catalogue outputs.
  const datasets = listed?.datasets ?? datasetSummaries(record, ctx.config.storage.publicBaseUrl);
  const landing = toLandingPage(record, {
    siteUrl: ctx.config.siteUrl,
    licence: licenceModel(licence),
    citation: citationModel(citations),
    downloads,
    // Made once the page has rendered the abstract, whose text the JSON-LD reads rather than render it again.
    head: () => recordHead(record, ctx.config, datasets, licence, listed?.inline),
    datasets,
    bulk: listed?.bulk ?? null,
    onPlainDescription: (why, index) =>
      sink.add({
        code: 'stage/description-as-text',
        record: record.id,
        // Where the text comes from: another DataCite description, else the page's description (bodyMarkdownOf): description.md, else the DataCite abstract.
        ...(index !== undefined
          ? { file: record.files.datacite, pointer: `/descriptions/${index}` }
          : hasOwnDescription(record)
            ? { file: record.files.description }
            : { file: record.files.datacite, pointer: '/descriptions' }),
        message:
          why === 'too-deep'
            ? `The ${index !== undefined ? `description at /descriptions/${index}` : 'description'} nests quotes, lists, emphasis or HTML elements more than ${MARKDOWN_MAX_DEPTH} levels deep, so it is shown as plain text.`
            : index !== undefined
              ? `The description at /descriptions/${index} takes the record's descriptions past ${MARKDOWN_MAX_CHARS.toLocaleString('en')} characters, the most rendered as Markdown for one record, so it is shown as plain text.`
              : `The description has ${bodyMarkdownOf(record).length.toLocaleString('en')} characters; Markdown is rendered up to ${MARKDOWN_MAX_CHARS.toLocaleString('en')}, so it is shown as plain text.`,
      }),
  });
  const model = `${modelDir(record.doi)}/landing.json`;
  const digest = await writeModel(out.models, model, landing);
  checkDescription(record, sink);
  await writeJsonLdFile(out.public, record, landing);
  const summary = toSummary(landing);
  return {
    kind: 'published',
    doi: record.doi,
    published: { doi: record.doi, path: summary.path, state: summary.state },
    pages: [...(listed?.pages ?? []), { kind: 'landing', route: record.slug, model, digest }],
    summary,
    line: stagedRecordLine(record, landing, { siteUrl: ctx.config.siteUrl, filesPerPage: ctx.config.filesPerPage, now: ctx.now }, listed?.mediaTypes ?? new Map()),
  };
}

async function stageTombstone(record: ExperimentRecord, out: RecordOut): Promise<RecordOutcome> {
  const model = `${modelDir(record.doi)}/tombstone.json`;
  // How to cite it still, in the DataCite recommended form its landing page gave.
  const tombstone = toTombstone(record, dataciteCitation(record.datacite, record.release.releasedOn));
  const digest = await writeModel(out.models, model, tombstone);
  return { kind: 'tombstone', doi: record.doi, path: landingPath(record.slug), title: tombstone.title, pages: [{ kind: 'tombstone', route: record.slug, model, digest }] };
}

interface Listed {
  datasets: DatasetSummary[];
  pages: StagedPage[];
  bulk: NonNullable<LandingContext['bulk']>;
  /** Every available file when there are at most MAX_INLINE_FILES (JSON-LD distribution, `item` links). */
  inline: InlineFile[] | undefined;
  mediaTypes: Map<string, Set<string>>;
  /** Files listed so far, available or not. */
  files: number;
}

/** Each listing read once, every file handed to each writer that needs it. */
async function stageListings(
  ctx: RecordStageContext,
  record: ExperimentRecord,
  out: RecordOut,
  sink: DiagnosticSink,
  enrichment: Enrichment,
  licence: ResolvedLicence | null,
): Promise<Listed> {
  const { config } = ctx;
  const title = displayTitle(record.datacite);
  const experiment = downloadsWriter({
    publicDir: out.public,
    sitePath: `${landingPath(record.slug)}manifest/`,
    label: `all datasets of ${doiUrl(record.doi)}`,
    directory: record.slug.split('/').pop() ?? record.id,
    siteUrl: config.siteUrl,
    storage: config.storage,
  });
  const linkset = await openLinkset(linksetFile(out, record), landingUrl(ctx, record), signpostingLinks(record, config.siteUrl, licence));
  const listed: Listed = { datasets: [], pages: [], bulk: { manifests: [], commands: [] }, inline: [], mediaTypes: new Map(), files: 0 };
  // The record's totals (landing page, exports, the all-datasets manifests) stay exact: one running total over its listings.
  const recordBytes: RecordBytes = { bytes: 0 };
  for (const summary of datasetSummaries(record, config.storage.publicBaseUrl)) {
    const enriched = enrichment(summary.id);
    const dataset = { ...summary, ...(await publishPreview(out.public, record, summary, enriched)) };
    const framePreviews = await publishFilePreviews(out.public, record, summary.id, enriched);
    const pages = datasetPagesWriter({
      stageDir: out.models,
      modelDir: modelDir(record.doi),
      record,
      recordTitle: chromeTitle(title),
      dataset,
      filesPerPage: config.filesPerPage,
      publicBaseUrl: config.storage.publicBaseUrl,
      isAvailable: ctx.isAvailable,
      technicalFor: (sha256) => enriched?.technical.get(sha256),
      previewFor: (sha256) => framePreviews.get(sha256),
      maxZipBytes: config.storage.maxBrowserZipBytes,
      sink,
    });
    const manifests = downloadsWriter({
      publicDir: out.public,
      sitePath: `${datasetPath(record.slug, summary.id)}manifest/`,
      label: `dataset ${summary.id} of ${doiUrl(record.doi)}`,
      directory: summary.id,
      siteUrl: config.siteUrl,
      storage: config.storage,
    });
    const types = new Set<string>();
    listed.mediaTypes.set(summary.id, types);
    for await (const file of listing(ctx, record, summary.id, sink, recordBytes)) {
      await handOut(file, summary.id, { pages, manifests, experiment, linkset }, ctx, listed, types);
    }
    const downloads: Downloads = await manifests.finish();
    const written = await pages.finish(downloads);
    listed.pages.push(...written.pages);
    listed.datasets.push({
      ...dataset,
      technical: mergeAggregate(dataset.technical, written.aggregate),
      ...countTexts(written.files, written.bytes),
      fileCount: written.files,
      totalBytes: written.bytes,
    });
  }
  listed.bulk = await experiment.finish();
  await linkset.finish();
  return listed;
}

/** One file of a listing to every writer: pages and manifests list it; only available files are linked. */
async function handOut(
  file: Datafile,
  datasetId: string,
  to: { pages: DatasetPagesWriter; manifests: DownloadsWriter; experiment: DownloadsWriter; linkset: LinksetWriter },
  ctx: RecordStageContext,
  listed: Listed,
  types: Set<string>,
): Promise<void> {
  await Promise.all([to.pages.add(file), to.manifests.add(file), to.experiment.add(file, datasetId)]);
  listed.files += 1;
  if (listed.files > MAX_INLINE_FILES) listed.inline = undefined;
  if (!ctx.isAvailable(file.key)) return;
  const url = objectUrl(ctx.config.storage, file.key);
  types.add(file.mediaType);
  await to.linkset.add({ url, mediaType: file.mediaType });
  if (listed.inline) {
    listed.inline.push({ name: file.path, url, mediaType: file.mediaType, size: file.size, sha256: file.sha256, checksum: file.checksum });
  }
}

/**
 * Validated datafiles of one dataset, in listing order (validDatafiles: bad lines and colliding paths are reported and skipped).
 * `recordBytes` is the record's running total over its listings; the partial enrich read-ahead (step 2) keeps none.
 */
function listing(ctx: RecordStageContext, record: ExperimentRecord, datasetId: string, sink: DiagnosticSink, recordBytes: RecordBytes = { bytes: 0 }): AsyncGenerator<Datafile> {
  return validDatafiles({ datafiles: ctx.datafiles }, record, datasetId, sink, recordBytes);
}

function landingUrl(ctx: RecordStageContext, record: ExperimentRecord): string {
  return absoluteUrl(ctx.config.siteUrl, landingPath(record.slug));
}

function linksetFile(out: RecordOut, record: ExperimentRecord): string {
  return path.join(out.public, landingPath(record.slug), LINKSET_FILE);
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

/**
 * The record without its relations to `dois`, and its descriptions' mentions of them masked.
 * Its citations are cached by the record's digest, and a relation can be part of one
 * (IsPublishedIn), so the digest names what was left out.
 */
function withoutRelations(record: ExperimentRecord, dois: readonly string[]): ExperimentRecord {
  if (dois.length === 0) return record;
  const named = new Set(dois);
  return {
    ...record,
    datacite: withoutNaming(record.datacite, named),
    descriptionMarkdown: record.descriptionMarkdown === null ? null : maskMentions(record.descriptionMarkdown, named),
    digest: digestWithout(record.digest, dois),
  };
}
