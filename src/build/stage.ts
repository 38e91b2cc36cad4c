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
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { CatalogueSource, RawExperiment } from '../catalogue/types.ts';
import type { RecordStamps } from '../catalogue/record-stamps.ts';
import { bufferedTextFile } from '../files/buffered-text-file.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { SiteConfig } from '../config/site-config.ts';
import { toHome, browseFacets, type RecordSummary } from '../model/site.ts';
import { STAGED_RECORDS_FILE } from '../exports/record-files.ts';
import { boundedTasks } from './bounded-tasks.ts';
import { codeVersion, recordConfig, recordKey, siteKey, RecordCache, type CachedRecord } from './record-cache.ts';
import type { RecordRun, Runner, StageSettings } from './stage-runner.ts';
import { failed } from './record-failure.ts';
import { stagePool, type Pool } from './stage-pool.ts';
import type { Withheld, StagedRecordResult } from './stage-record.ts';
import type { StagedPage, StagedSite } from './stage-types.ts';
import { stageBrowse } from './stage-browse.ts';
import { LEDGER_FILE, LEDGER_STATE_FILE, NEXT_SUFFIX, PREVIOUS_DIR, ledgerState, lineReader, readLedger, setAsidePrevious, type LedgerEntry } from './stage-ledger.ts';
import { compare } from '../catalogue/record-digest.ts';
import { normaliseDoi } from '../record/doi.ts';
import { doiSlug } from '../record/identity.ts';
import { modelDir } from './stage-types.ts';
import type { Progress } from '../report/progress.ts';
import { addHiddenEntry, hiddenDois, keyLeavingOut, leaveOutOf, relationsOf, type Relations } from './unreleased-relations.ts';
import { addHidden, type HiddenDois } from '../record/release.ts';
import { showsAny } from '../record/cited-dois.ts';

const NO_RELATIONS: Pick<Relations, 'cites' | 'leaveOut'> = { cites: [], leaveOut: [] };
const NOTHING_UNRELEASED: ReadonlySet<string> = new Set();

export type { Withheld } from './stage-record.ts';
export { stageBrowse } from './stage-browse.ts';
export { modelDir } from './stage-types.ts';

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
  /**
   * The folder holding `stageDir` and `publicDir`, where the ledger is written (stage-ledger.ts).
   * With `previous`, it already holds the last build's staged site: records whose inputs are
   * unchanged stay where they are, and everything else is set aside under `.previous/`.
   */
  ledger?: { dir: string; previous: boolean };
  /** The source's record stamps, when the build has taken them already (for its input fingerprint). */
  stamps?: RecordStamps;
  /**
   * Called once the staged record lines (STAGED_RECORDS_FILE) are whole, before the browse
   * pages are staged: the catalogue-wide outputs start from them then (catalogue-outputs-job.ts).
   */
  linesWritten?: (lines: LinesWritten) => void;
  /**
   * false: leave the browse pages to the caller (stageBrowse, with browseFrom), which stages
   * them once it has started the work that does not need them (the build starts the index).
   */
  browse?: boolean;
}

export interface LinesWritten {
  /** Public records, one line each. */
  records: number;
  /** As StageResult's. */
  kept: number;
  placed: readonly string[];
}

export interface StageResult {
  records: number;
  valid: number;
  published: Array<{ doi: string; path: string; state: 'released' | 'metadata-only' }>;
  /** Withdrawn records: a tombstone at the DOI, which still shows the title. */
  tombstones: Array<{ doi: string; path: string; title?: string }>;
  withheld: Withheld[];
  pages: number;
  /** Records whose outputs came from the per-record cache (or stayed in place from the last build). */
  cached: number;
  /** Of those, records kept in place from the last build's staged site without being read. */
  kept: number;
  /** Routes (DOI slugs) of the records whose files this build placed in the staged site (all but the kept ones). */
  placed: string[];
  summaries: RecordSummary[];
  /** Every browse page's path (the sitemap lists them). */
  browsePaths: string[];
  /** Withdrawn DOIs a public record names in its relations: on the site by right there (release-needles.ts). */
  citedTombstones: string[];
  /**
   * Record id → content digest, for the records read without a trusted stamp (modified too
   * recently): the next build compares their content to these instead (unchanged-build.ts).
   */
  racy?: Record<string, string>;
}

/** A record read (or kept from the ledger), its diagnostics from reading, and (soon) its staged result. */
interface Pending {
  id: string;
  raw: LedgerEntry['raw'];
  key: string;
  read: DiagnosticSink['list'];
  run: Promise<RecordRun & { hit: boolean }>;
  /** Kept from the last build: its files are in place and its records.jsonl line is at `line` in the previous file. */
  kept?: LedgerEntry;
  /** The DOIs its relations name, and those left out (unreleased-relations.ts). */
  relations: Pick<Relations, 'cites' | 'leaveOut'>;
}

const WRITE_CHUNK = 256 * 1024;
const LEDGER_BUFFER = 1024 * 1024;

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
  const to = { models: o.stageDir, public: o.publicDir };
  const reading = new DiagnosticSink();
  const stamps = o.ledger && o.source.stamps ? (o.stamps ?? (await o.source.stamps())) : null;
  const state = ledgerState({ site, code, catalogue: o.catalogue ?? o.source.name });
  const runner: Runner & Partial<Pick<Pool, 'warm' | 'close'>> =
    workers > 1 && o.catalogue ? stagePool(workers, settings, o.catalogue) : await (await import('./stage-runner.ts')).recordRunner(settings, o.source);
  // A build that got this far changed something, most often a record: one worker starts
  // loading the stager (most of a second) while the ledger is read and the kept records chosen.
  if (o.ledger?.previous) runner.warm?.();
  let kept: Map<string, LedgerEntry>;
  let hidden: HiddenDois;
  let previousLines: Awaited<ReturnType<typeof lineReader>> | null;
  try {
    const previous = o.ledger?.previous ? await keptRecords(o.ledger.dir, to, state, stamps, o.source, (digest) => recordKey(digest, site, code)) : null;
    kept = previous?.kept ?? new Map<string, LedgerEntry>();
    // Known before any record is staged: a record's relations to unreleased ones are left out as it is staged.
    if (!previous) runner.warm?.();
    hidden = previous?.hidden ?? (await hiddenDois(o.source));
    previousLines = kept.size ? await lineReader(path.join(o.ledger!.dir, PREVIOUS_DIR, 'models', STAGED_RECORDS_FILE)) : null;
  } catch (error) {
    await runner.close?.();
    throw error;
  }
  const keptIds = [...kept.keys()].sort(compare);
  const keptDois = new Map([...kept.values()].map((e) => [doiOf(e.result.outcome)!, e.id]));
  await mkdir(o.stageDir, { recursive: true });
  await mkdir(path.join(o.stageDir, path.dirname(STAGED_RECORDS_FILE)), { recursive: true });
  // A line per record (10,000 at 10,000 records), written in large chunks.
  const lines = bufferedTextFile(path.join(o.stageDir, STAGED_RECORDS_FILE), WRITE_CHUNK);
  let linesOffset = 0;
  // Not buffered: the entry of a record this build places is written before its folders are
  // placed, so a killed build's partial ledger names every folder it placed (restorePrevious
  // removes them). A megabyte may wait in the stream: entries of kept records (2 KB each)
  // then wait for the disk a few times per build, not every eighth record.
  const ledger = o.ledger ? createWriteStream(path.join(o.ledger.dir, LEDGER_FILE + NEXT_SUFFIX), { highWaterMark: LEDGER_BUFFER }) : null;

  const pages: StagedPage[] = [];
  const result: StageResult = { records: 0, valid: 0, published: [], tombstones: [], withheld: [], pages: 0, cached: 0, kept: 0, placed: [], summaries: [], browsePaths: [], citedTombstones: [] };
  const cited = new Set<string>();
  const seen = new Map<string, string>();
  const made = new Set<string>();
  const used = new Set<string>();
  const placing = boundedTasks(64);

  const remember = async (p: Pending, staged: StagedRecordResult, line?: { offset: number; length: number }, written = false) => {
    if (!ledger) return;
    // A record without a stamp (modified a moment ago) is remembered too: the next build reads it, and keeps it in place if its bytes are the same.
    const stamp = stamps?.get(p.id) ?? null;
    const outcome = staged.outcome.kind === 'published' ? { ...staged.outcome, line: '' } : staged.outcome;
    const entry: LedgerEntry = { id: p.id, stamp, key: p.key, read: p.read.filter((d) => d.record === p.id), result: { ...staged, outcome }, line, raw: p.raw };
    if (staged.outcome.kind === 'published' && p.relations.cites.length) entry.relations = p.relations;
    const text = JSON.stringify(entry) + '\n';
    // `written`: wait until the file has it, not just until the stream took it.
    if (written) await new Promise<void>((resolve, reject) => ledger.write(text, (error) => (error ? reject(error) : resolve())));
    else if (!ledger.write(text)) await once(ledger, 'drain');
  };

  /** One record's result, in catalogue order: diagnostics, DOI uniqueness, then its files into the site. */
  const apply = async (p: Pending) => {
    const { cached, result: staged, hit } = await p.run;
    if (staged.fatal) throw Object.assign(new Error(`staging record "${staged.id}" failed: ${staged.fatal.message}`), { code: staged.fatal.code });
    if (cached || p.kept) used.add(p.key);
    result.records += 1;
    o.progress?.tick();
    if (hit) result.cached += 1;
    if (p.kept) result.kept += 1;
    o.sink.list.push(...p.read, ...staged.diagnostics);
    // Failed records and entries to retry are read again by the next build.
    const lasting = Boolean(p.kept || (cached && !cached.retry));
    const outcome = staged.outcome;
    if (outcome.kind === 'withheld' && !outcome.valid) {
      result.withheld.push(outcome.withheld);
      if (lasting) await remember(p, staged);
      return;
    }
    const doi = outcome.kind === 'withheld' ? outcome.withheld.doi! : outcome.doi;
    const first = seen.get(doi);
    if (first) {
      // DOIs are case-insensitive; the first record in catalogue order keeps the DOI.
      o.sink.add({
        code: 'doi/duplicate',
        record: staged.id,
        file: p.raw.datacite,
        pointer: '/doi',
        message: `DOI ${p.raw.doi ?? doi} is already used by record "${first}" (DOIs are case-insensitive); this record is left out.`,
      });
      result.withheld.push({ record: staged.id, doi, title: p.raw.title, reason: 'duplicate' });
      // Not remembered: whether it is a duplicate depends on the other records.
      return;
    }
    const owner = keptDois.get(doi);
    if (owner !== undefined && owner !== p.id) {
      // Checked before reading (keptRecords); a DOI the raw record did not show is caught here, before any file moves.
      throw new Error(`record "${p.id}" now has the DOI of record "${owner}", which this incremental build kept in place; build again (the staged site is rebuilt in full).`);
    }
    seen.set(doi, staged.id);
    result.valid += 1;
    if (outcome.kind === 'withheld') {
      result.withheld.push(outcome.withheld);
      if (lasting) await remember(p, staged);
      return;
    }
    pages.push(...outcome.pages);
    let line: { offset: number; length: number } | undefined;
    if (outcome.kind === 'tombstone') {
      result.tombstones.push({ doi: outcome.doi, path: outcome.path, title: outcome.title });
    } else {
      result.published.push(outcome.published);
      result.summaries.push(outcome.summary);
      for (const doi of p.relations.cites) for (const withdrawn of showsAny(doi, hidden.withdrawn)) cited.add(withdrawn);
      // A kept record's line is copied as bytes, never decoded.
      const previous = p.kept?.line ? await previousLines!.read(p.kept.line) : null;
      line = { offset: linesOffset, length: previous ? previous.length : Buffer.byteLength(outcome.line) };
      linesOffset += line.length + 1;
      if (previous) await lines.writeBytes(previous);
      await lines.write(previous ? '\n' : outcome.line + '\n');
    }
    const placeNow = cached && !p.kept ? cached : null;
    if (lasting) await remember(p, staged, line, placeNow !== null);
    if (placeNow) {
      result.placed.push(doiSlug(doi));
      await placing.add(() => cache.place(p.key, placeNow.files, to, made));
    }
  };

  const window: Pending[] = [];
  const limit = Math.max(8, workers * 4);
  const enqueue = async (p: Pending) => {
    window.push(p);
    if (window.length >= limit) await apply(window.shift()!);
  };
  let next = 0;
  /** Kept records come in catalogue order between the records read. */
  const keptUntil = async (id?: string) => {
    while (next < keptIds.length && (id === undefined || compare(keptIds[next], id) < 0)) {
      const entry = kept.get(keptIds[next++])!;
      await enqueue({
        id: entry.id,
        raw: entry.raw,
        key: entry.key,
        read: entry.read,
        run: Promise.resolve({ cached: null, result: entry.result, hit: true }),
        kept: entry,
        relations: entry.relations ?? NO_RELATIONS,
      });
    }
  };
  try {
    for await (const raw of o.source.experiments(reading, kept.size ? (id) => !kept.has(id) : undefined)) {
      await keptUntil(raw.id);
      if (stamps?.get(raw.id) === null) (result.racy ??= {})[raw.id] = raw.digest;
      const relations = relationsOf(raw, hidden.unreleased);
      const key = keyLeavingOut(recordKey(raw.digest, site, code), relations.leaveOut);
      const run = lookupOrStage(cache, runner, raw, key, relations.leaveOut);
      await enqueue({ id: raw.id, raw: { datacite: raw.files.datacite, ...identifyRaw(raw) }, key, read: [...reading.list.splice(0), ...relations.diagnostics], run, relations });
    }
    await keptUntil();
    while (window.length) await apply(window.shift()!);
    await placing.drain();
    await lines.close();
    o.linesWritten?.({ records: result.published.length, kept: result.kept, placed: result.placed });
  } catch (error) {
    lines.destroy();
    throw error;
  } finally {
    await runner.close?.();
    await previousLines?.close();
    ledger?.end();
    if (ledger) await once(ledger, 'close').catch(() => {});
  }
  o.sink.list.push(...reading.list);
  result.citedTombstones = result.tombstones.map((t) => t.doi).filter((doi) => cited.has(doi));
  if (o.ledger) await writeFile(path.join(o.ledger.dir, LEDGER_STATE_FILE + NEXT_SUFFIX), JSON.stringify(state));
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
  await writeFile(path.join(o.stageDir, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
  result.pages = pages.length;
  if (o.browse !== false) result.browsePaths = await stageBrowse(o.stageDir, result.summaries, browseFrom(o, result));
  return result;
}

/**
 * Where stageBrowse sets aside the browse models it replaces: a stage that kept records left
 * the browse folder in place, and only models that changed are written.
 */
export function browseFrom(o: Pick<StageOptions, 'ledger'>, result: Pick<StageResult, 'kept'>): string | undefined {
  return result.kept > 0 && o.ledger ? path.join(o.ledger.dir, PREVIOUS_DIR, 'models') : undefined;
}

async function lookupOrStage(cache: RecordCache, runner: Runner, raw: RawExperiment, key: string, leaveOut: readonly string[]): Promise<RecordRun & { hit: boolean }> {
  try {
    const hit: CachedRecord | null = await cache.lookup(key);
    if (hit) return { cached: hit, result: hit, hit: true };
    return { ...(await runner.run(raw, key, leaveOut)), hit: false };
  } catch (error) {
    return { cached: null, result: failed(raw, error) as StagedRecordResult, hit: false };
  }
}

/** The raw DOI and title as written, for a duplicate-DOI message. */
function identifyRaw(raw: RawExperiment): { doi: string | null; title: string | null } {
  const d = raw.datacite as { doi?: unknown; titles?: Array<{ title?: unknown }> } | undefined;
  const t = d?.titles?.[0]?.title;
  return { doi: typeof d?.doi === 'string' ? d.doi : null, title: typeof t === 'string' ? t : null };
}

function doiOf(outcome: StagedRecordResult['outcome']): string | null {
  return outcome.kind === 'withheld' ? outcome.withheld.doi : outcome.doi;
}

/**
 * The records an incremental build keeps in place: those the previous build's ledger has with
 * the same stamp, when it was written with the same configuration, day and code, and those
 * whose stamp changed but whose bytes did not (a copied or touched folder: same cache key).
 * Everything else of the previous staged site is set aside (stage-ledger.ts). When a record
 * to be staged again would take the DOI of a kept record after it in catalogue order (its
 * files would land in the kept record's folders), nothing is kept.
 */
async function keptRecords(
  dir: string,
  to: { models: string; public: string },
  state: ReturnType<typeof ledgerState>,
  stamps: Map<string, string | null> | null,
  source: CatalogueSource,
  keyOf: (digest: string) => string,
): Promise<{ kept: Map<string, LedgerEntry>; hidden: HiddenDois } | null> {
  const previous = stamps ? await readLedger(dir, state) : null;
  const kept = new Map<string, LedgerEntry>();
  if (!previous) {
    await setAsideAll(dir, to);
    return null;
  }
  const keepable = (entry: LedgerEntry | undefined): entry is LedgerEntry => entry !== undefined && ['published', 'tombstone', 'withheld'].includes(entry.result.outcome.kind);
  for (const [id, stamp] of stamps ?? []) {
    const entry = previous.get(id);
    if (keepable(entry) && stamp !== null && entry.stamp === stamp) kept.set(id, entry);
  }
  // The others are read once here: unchanged bytes keep them too, and the DOIs of the rest are checked.
  const changed: Array<{ id: string; doi: string | null }> = [];
  const read: Array<{ id: string; doi: string | null; digest: string; cites: string[] }> = [];
  const hidden: HiddenDois = { unreleased: new Set(), withdrawn: new Set() };
  const unreleased = hidden.unreleased;
  for (const entry of kept.values()) addHiddenEntry(hidden, entry);
  for await (const raw of source.experiments(new DiagnosticSink(), (id) => !kept.has(id))) {
    addHidden(hidden, raw);
    read.push({ id: raw.id, doi: identifyRaw(raw).doi, digest: raw.digest, cites: relationsOf(raw, NOTHING_UNRELEASED).cites });
  }
  for (const r of read) {
    const entry = previous.get(r.id);
    if (keepable(entry) && entry.key === keyLeavingOut(keyOf(r.digest), leaveOutOf(r.cites, unreleased))) kept.set(r.id, entry);
    else changed.push(r);
  }
  // A kept record whose relations name a record released or withdrawn since (or one no longer
  // released) is staged again, with the relations that are right now.
  for (const [id, entry] of kept) {
    const relations = entry.relations ?? NO_RELATIONS;
    if (leaveOutOf(relations.cites, unreleased).join('\n') === relations.leaveOut.join('\n')) continue;
    kept.delete(id);
    changed.push({ id, doi: doiOf(entry.result.outcome) });
  }
  const owners = new Map<string, string>();
  for (const e of kept.values()) {
    const doi = doiOf(e.result.outcome);
    if (doi) owners.set(doi, e.id);
  }
  const claims = changed.some(({ id, doi }) => {
    const owner = doi ? owners.get(normaliseDoi(doi)) : undefined;
    return owner !== undefined && compare(id, owner) < 0;
  });
  const folders = [...kept.values()].flatMap((e) => {
    const doi = e.result.outcome.kind === 'withheld' ? null : e.result.outcome.doi;
    return doi ? [{ modelDir: modelDir(doi), route: doiSlug(doi) }] : [];
  });
  if (!claims && kept.size && (await setAsidePrevious(dir, to, folders))) return { kept, hidden };
  kept.clear();
  await setAsideAll(dir, to);
  return { kept, hidden };
}

/** A staged site that keeps nothing: all of it is set aside for persistence to read. */
async function setAsideAll(dir: string, to: { models: string; public: string }): Promise<void> {
  for (const [folder, part] of [
    [to.models, 'models'],
    [to.public, 'public'],
  ] as const) {
    const target = path.join(dir, PREVIOUS_DIR, part);
    await mkdir(target, { recursive: true });
    for (const name of await readdir(folder).catch(() => [] as string[])) await rename(path.join(folder, name), path.join(target, name));
  }
}
