/**
 * `aperture pull`: one remote catalogue → the local mirror. Each mapped record goes
 * through the same validation as content/ (validateRecord, validateDatafile); a record
 * that fails is reported with the source's identifier and URL and left out, and the rest
 * of the pull goes on. Only a source that cannot be read to the end stops the pull, and
 * then nothing in the mirror changes.
 *
 * Incremental: the state file keeps a watermark per source; a pull asks for changes since
 * the watermark less an overlap window and rewrites only records whose mapped digest
 * changed, and asks directly for the records the last pull left out for an answer it could
 * not have or read. A full pull (`--full`, or the first one) also reconciles: every mirrored
 * record the listing did not return is fetched directly; only an explicit status, or
 * `maxMisses` consecutive misses, turns it into a tombstone. A record whose own requests
 * fail is left out alone (record-failure.ts); only a run of them stops the pull.
 */
import { createHash } from 'node:crypto';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { validateRecord } from '../validate/validate-record.ts';
import { normaliseDoi } from '../record/doi.ts';
import { HttpError } from './http.ts';
import type { HttpClient } from './http.ts';
import { Mirror, filesDigest, type MirrorState } from './mirror.ts';
import { nameOrigins } from './mirror-origins.ts';
import type { MappedRecord, Origin, PullContext, PullSource, RemoteItem } from './types.ts';
import { recordIdForDoi, toId } from './text.ts';
import { toCatalogueRecord, type CatalogueRecord } from './catalogue-record.ts';
import { failedRecord, failureHint, isRequestFailure } from './record-failure.ts';
import { silentProgress, type Progress } from '../report/progress.ts';
import { formatCount } from '../record/number-text.ts';

export interface PullOptions {
  source: PullSource;
  out: string;
  http: HttpClient;
  sink: DiagnosticSink;
  full?: boolean;
  now?: Date;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** One stage, `pull (<source>)`, ticked per item the source hands over; the total is never known beforehand. */
  progress?: Progress;
  /** Changes this long before the watermark are asked for again (clock skew, late index updates). */
  overlapMs?: number;
  /** Consecutive full pulls a record may be missing before it becomes a tombstone. */
  maxMisses?: number;
}

export interface PullSummary {
  source: string;
  full: boolean;
  /** Records the source returned (listed or fetched directly). */
  seen: number;
  /** Record folders written (new or changed, tombstones included). */
  written: number;
  unchanged: number;
  leftOut: number;
  notPublic: number;
  withdrawn: number;
  vanished: number;
  /** Set when the source could not be read to the end; the mirror is then untouched. */
  failed: string | null;
  requests: number;
}

const DAY_MS = 86_400_000;

/**
 * Records in a row whose own requests found no answer (record-failure.ts `isOutage`), each
 * after its retries, before the source is taken to be down: the pull stops, as when its
 * listing fails, rather than spend every retry on every record left.
 */
const OUTAGE_RUN = 5;

export async function runPull(options: PullOptions): Promise<PullSummary> {
  const { source, sink } = options;
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const progress = options.progress ?? silentProgress;
  const mirror = new Mirror(options.out);
  await mirror.sweep();
  const state = await mirror.readState();
  const previous = state.sources[source.key];
  const full = options.full === true || !previous?.watermark;
  const since = full || !previous?.watermark ? null : new Date(Date.parse(previous.watermark) - (options.overlapMs ?? DAY_MS)).toISOString();
  const ctx: PullContext = { http: options.http, sink, since, now, env: options.env ?? {}, log };
  const summary: PullSummary = { source: source.key, full, seen: 0, written: 0, unchanged: 0, leftOut: 0, notPublic: 0, withdrawn: 0, vanished: 0, failed: null, requests: 0 };
  const records = structuredClone(state.records);
  const seen = new Set<string>();
  const doisThisRun = new Map<string, string>();
  // DOIs other sources hold in this mirror, indexed once: a DOI may be published by one record only.
  const otherSourceDois = new Map(Object.values(state.records).filter((r) => r.doi && r.source !== source.key && r.state !== 'withdrawn').map((r) => [r.doi!, r]));

  // Set when a listed record could be neither read nor named: any mirrored record may be it.
  let nameless = false;
  let outages = 0;
  // Origins answered in this pull, and those left out by an answer that could not be had or read.
  const answered = new Set<string>();
  const retry = new Map<string, Origin>();
  const noteOutage = (error: unknown): void => {
    if (++outages >= OUTAGE_RUN) throw error;
  };

  /**
   * A record already reported as unreadable or incomplete: left out, never a tombstone. What
   * could not be read says nothing about its release, so a mirrored copy stays as it was.
   */
  const leaveOut = async (item: RemoteItem & { kind: 'unreadable' }): Promise<void> => {
    summary.leftOut++;
    if (item.outage !== undefined) noteOutage(item.outage);
    if (item.origin) retry.set(item.origin.id, item.origin);
    const id = item.origin ? findMirrored(records, source.key, item.origin) : null;
    if (!item.origin) nameless = true;
    if (id) {
      seen.add(id);
      // Listed as released earlier in this pull, never published: the later answer wins.
      if (!mirror.hasRecord(id) && (await mirror.unstage(id))) {
        delete records[id];
        summary.written--;
      }
    }
  };

  /** `fetched`: the item is the answer to a direct fetch of the record, a request of its own. */
  const handle = async (item: RemoteItem, fetched = false): Promise<void> => {
    progress.tick();
    const origin = item.kind === 'record' ? item.record.origin : item.origin;
    if (origin) {
      answered.add(origin.id);
      retry.delete(origin.id);
    }
    if (item.kind === 'unreadable') return leaveOut(item);
    if (item.kind === 'not-public') {
      summary.notPublic++;
      const id = findMirrored(records, source.key, item.origin);
      if (id && !item.ambiguous) {
        // A record we published is no longer public by the source's explicit status.
        seen.add(id);
        await tombstone(id, item.reason);
        return;
      }
      if (id) {
        seen.add(id);
        // Listed as released earlier in this pull, never published: the later answer wins.
        if (!mirror.hasRecord(id) && (await mirror.unstage(id))) {
          delete records[id];
          summary.written--;
        }
      }
      sink.add({
        code: item.ambiguous ? 'pull/ambiguous-release' : 'pull/not-released',
        record: item.origin.id,
        file: item.origin.url,
        message: `${item.origin.id} (${item.origin.url}) is not mirrored: ${item.reason}.`,
      });
      return;
    }
    if (item.kind === 'withdrawn') {
      // By the source's id, else by DOI: never by the folder name a DOI would get, which another record may hold.
      const doi = item.doi ? normaliseDoi(item.doi) : null;
      const id = findMirrored(records, source.key, item.origin) ?? (doi ? (Object.entries(records).find(([, r]) => r.source === source.key && r.doi !== null && normaliseDoi(r.doi) === doi)?.[0] ?? null) : null);
      if (id) {
        seen.add(id);
        await tombstone(id, item.reason);
      }
      return;
    }
    summary.seen++;
    await mirrorRecord(item.record, fetched || item.answered === true);
  };

  /** `answered`: requests of the record's own were answered before its files were read. */
  const mirrorRecord = async (remote: MappedRecord, answered: boolean): Promise<void> => {
    const where = `${remote.origin.id} (${remote.origin.url})`;
    const doi = remote.doi ? normaliseDoi(remote.doi) : null;
    const identity = doi ? `doi:${doi}` : `${source.key} ${remote.origin.id}`;
    const id = folderFor(doi ? recordIdForDoi(doi) : toId(`${source.type}-${remote.origin.id}`), identity, remote.origin);
    if (id === null) {
      summary.leftOut++;
      return;
    }
    const owner = records[id];
    if (doi) {
      const sameRun = doisThisRun.get(doi);
      const other = otherSourceDois.get(doi);
      const clash = sameRun !== undefined ? sameRun : other ? `${other.source} ${other.originId}` : null;
      if (clash) {
        summary.leftOut++;
        sink.add({ code: 'pull/duplicate-doi', record: remote.origin.id, file: remote.origin.url, message: `${where} carries DOI ${doi}, already given by another record (${clash}); it is left out.` });
        return;
      }
      doisThisRun.set(doi, remote.origin.id);
    } else if (owner && owner.source !== source.key) {
      summary.leftOut++;
      sink.add({ code: 'pull/duplicate-doi', record: remote.origin.id, file: remote.origin.url, message: `${where} maps to record ${id}, which ${owner.source} already holds; it is left out.` });
      return;
    }
    seen.add(id);
    folderOwners.set(id, identity);
    const recordSink = new DiagnosticSink();
    const fileSink = new DiagnosticSink();
    let mapped: CatalogueRecord;
    try {
      mapped = await toCatalogueRecord(remote, id, { record: recordSink, files: fileSink });
    } catch (error) {
      // Its files could not be listed to the end: never published with part of them.
      if (!isRequestFailure(error)) throw error;
      return leaveOut(failedRecord(remote.origin, error, sink, mirror.hasRecord(id) ? id : null));
    }
    // Only a record whose own requests were answered ends a run of outages: one that asked
    // nothing (metadata only, files already in the listing) says nothing of the source.
    if (answered || mapped.answered) outages = 0;
    const { files, raw, unlisted } = mapped;
    for (const [datasetId, lines] of unlisted) await mirror.stageUnlisted(id, datasetId, lines);
    const digest = raw.digest;
    const record = validateRecord(raw, recordSink);
    // By the source, where the curator fixes them: the folder is Aperture's copy (mirror-origins.ts).
    sink.list.push(...nameOrigins([...fileSink.list, ...recordSink.list], new Map([[id, { source: source.key, id: remote.origin.id, url: remote.origin.url }]])));
    // The build's verdict, not the count of errors: a record published with faulty values left
    // out (datacite/value-left-out) is mirrored, its errors reported beside it.
    if (!record) {
      summary.leftOut++;
      sink.add({
        code: 'pull/record-invalid',
        record: remote.origin.id,
        file: remote.origin.url,
        message: `${where} maps to metadata the catalogue refuses (see the diagnostics for record ${id}); it is left out${mirror.hasRecord(id) ? ', and the mirrored copy is kept' : ''}.`,
      });
      return;
    }
    const before = records[id];
    const fetchId = remote.origin.fetchId !== undefined && remote.origin.fetchId !== remote.origin.id ? { fetchId: remote.origin.fetchId } : {};
    records[id] = { source: source.key, originId: remote.origin.id, originUrl: remote.origin.url, ...fetchId, doi: record.doi, digest, misses: 0, state: record.release.state };
    if (before?.digest === digest && mirror.hasRecord(id)) {
      summary.unchanged++;
      return;
    }
    await mirror.stage(id, files);
    summary.written++;
  };

  // Which record each folder holds: a DOI, or (without one) the source and its own id.
  const folderOwners = new Map<string, string>();
  const ownerOf = (id: string): string | null => {
    const claimed = folderOwners.get(id);
    if (claimed !== undefined) return claimed;
    const entry = records[id];
    if (!entry) return null;
    return entry.doi ? `doi:${normaliseDoi(entry.doi)}` : `${entry.source} ${entry.originId}`;
  };

  /**
   * The folder a record is written to. Folder names are made URL-safe, so distinct DOIs or
   * source ids can become one name (`a:b` and `a;b`, `ABC` and `abc`, two ids sharing their
   * first 120 characters); the record that holds the folder keeps it, and the other gets the
   * name followed by a digest of its identity: stable from pull to pull, never an overwrite.
   */
  const folderFor = (base: string, identity: string, origin: Origin): string | null => {
    const where = `${origin.id} (${origin.url})`;
    const holder = ownerOf(base);
    if (holder === null || holder === identity) return base;
    const id = `${base.slice(0, 111).replace(/[-.]+$/, '')}-${createHash('sha256').update(identity).digest('hex').slice(0, 8)}`;
    const other = ownerOf(id);
    if (other !== null && other !== identity) {
      sink.add({ code: 'pull/folder-collision', severity: 'error', record: origin.id, file: origin.url, message: `${where} maps to folder ${base}, held by ${holder}, and to ${id}, held by ${other}; it is left out.` });
      return null;
    }
    sink.add({ code: 'pull/folder-collision', record: origin.id, file: origin.url, message: `${where} maps to folder ${base}, which already holds ${holder}; it is mirrored as ${id}.` });
    return id;
  };

  const tombstone = async (id: string, reason: string): Promise<void> => {
    const entry = records[id];
    if (!entry || entry.state === 'withdrawn') return;
    const dataciteText = await mirror.readRecordFile(id, 'datacite.json');
    const experimentText = await mirror.readRecordFile(id, 'experiment.json');
    if (!dataciteText || !experimentText) {
      // Never published, only staged earlier in this pull: the later answer wins, and a record
      // it says is not public must not be committed as released.
      if (await mirror.unstage(id)) {
        delete records[id];
        summary.written--;
        sink.add({ code: 'pull/not-released', record: entry.originId, file: entry.originUrl, message: `${entry.originId} (${entry.originUrl}) was listed as released, then, later in the same pull, as not public (${reason}); it is not mirrored.` });
      }
      return;
    }
    const experiment = JSON.parse(experimentText) as Record<string, unknown>;
    const release = (experiment.release ?? {}) as Record<string, unknown>;
    const today = now.toISOString().slice(0, 10);
    const files = new Map<string, string>([
      ['datacite.json', dataciteText],
      [
        'experiment.json',
        JSON.stringify({ ...experiment, release: { ...release, state: 'withdrawn', releasedOn: release.releasedOn ?? today, filesAvailableFrom: null, withdrawnOn: today, withdrawalReason: reason }, datasets: [] }, null, 2) + '\n',
      ],
    ]);
    const description = await mirror.readRecordFile(id, 'description.md');
    if (description) files.set('description.md', description);
    await mirror.stage(id, files);
    records[id] = { ...entry, state: 'withdrawn', digest: filesDigest(files), misses: 0 };
    summary.withdrawn++;
    summary.written++;
    sink.add({ code: 'pull/withdrawn', record: entry.originId, file: entry.originUrl, message: `${entry.originId} (${entry.originUrl}) is withdrawn: ${reason}; record ${id} is now a tombstone.` });
  };

  try {
    log(`pull: ${source.key}: ${full ? 'full pull' : `changes since ${since}`}`);
    progress.start(`pull (${source.key})`, { unit: 'records' });
    for await (const item of source.list(ctx)) await handle(item);
    // Left out last time and not listed since: a listing of changes would not bring them back
    // until they change again, so they are asked for directly (a full pull lists them anyway).
    if (!full) {
      for (const origin of previous?.retry ?? []) {
        if (answered.has(origin.id)) continue;
        let item: RemoteItem | null;
        try {
          item = await source.fetch(origin.fetchId ?? origin.id, ctx);
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          await leaveOut(failedRecord(origin, error, sink, findMirrored(records, source.key, origin)));
          continue;
        }
        if (item) await handle(item, true);
      }
    }
    // A listing that stopped early says nothing of the records it did not reach: none is counted missing.
    if (full && ctx.cutShort) log(`pull: ${source.key}: the listing stopped before its end; records it did not reach stay as they were`);
    else if (full && nameless) log(`pull: ${source.key}: a listed record could not be read nor named; no mirrored record is counted missing`);
    if (full && !ctx.cutShort && !nameless) {
      for (const [id, entry] of Object.entries(records)) {
        if (entry.source !== source.key || seen.has(id) || entry.state === 'withdrawn') continue;
        // Vanished from the listing: ask for it directly (by what the source's one-record route takes) before believing it is gone.
        let item: RemoteItem | null;
        try {
          item = await source.fetch(entry.fetchId ?? entry.originId, ctx);
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          // An answer about this record that cannot be had or read: not missing, not withdrawn, as in a listing.
          seen.add(id);
          await leaveOut(failedRecord({ id: entry.originId, url: entry.originUrl }, error, sink, id));
          continue;
        }
        if (item) {
          seen.add(id);
          await handle(item, true);
          continue;
        }
        const misses = entry.misses + 1;
        records[id] = { ...entry, misses };
        if (misses >= (options.maxMisses ?? 3)) {
          await tombstone(id, `no longer in the source catalogue (missing from ${misses} consecutive full pulls)`);
        } else {
          summary.vanished++;
          sink.add({ code: 'pull/vanished', record: entry.originId, file: entry.originUrl, message: `${entry.originId} (${entry.originUrl}) is missing from the source (${misses} of ${options.maxMisses ?? 3} misses); record ${id} stays as it was.` });
        }
      }
    }
  } catch (error) {
    // Whatever stopped the walk (the catalogue, the object store, a response we cannot read),
    // nothing was committed: the mirror stays as it was, and the build can go on from it.
    await mirror.discard();
    const reason = error instanceof HttpError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
    summary.failed = reason;
    summary.requests = options.http.requests;
    progress.done('stopped before the end of the listing');
    sink.add({
      code: 'pull/source-unreachable',
      file: error instanceof HttpError ? error.url : null,
      hint: failureHint(error, 'pull/source-unreachable'),
      message: `Pulling ${source.key} failed: ${reason}. The mirror in ${mirror.root} was left as it was.`,
    });
    return summary;
  }
  await mirror.commit();
  const next: MirrorState = {
    version: 1,
    sources: {
      ...state.sources,
      [source.key]: { type: source.type, watermark: now.toISOString(), lastFull: full ? now.toISOString() : (previous?.lastFull ?? null), ...(retry.size > 0 ? { retry: [...retry.values()] } : {}) },
    },
    records,
  };
  await mirror.writeState(next);
  summary.requests = options.http.requests;
  progress.done(`${formatCount(summary.written)} folders written, ${formatCount(summary.unchanged)} unchanged; ${formatCount(summary.requests)} requests`);
  return summary;
}

function findMirrored(records: MirrorState['records'], sourceKey: string, origin: Origin): string | null {
  for (const [id, r] of Object.entries(records)) if (r.source === sourceKey && r.originId === origin.id) return id;
  return null;
}
