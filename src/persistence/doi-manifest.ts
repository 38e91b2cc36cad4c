/**
 * Persistence (conventions A4.3): every DOI a build ever published is remembered in
 * `<workDir>/published-dois.json`, and each build checks that all of them still have a
 * page, live or tombstone. A DOI that would vanish is handled by why it vanished:
 *
 * - the record is still there but invalid (or now a duplicate): the page from the previous
 *   build is kept (the stage links it from `<workDir>/site`), with a warning, so the DOI keeps resolving;
 * - the record is marked unpublished: it disappears (nothing unpublished is ever output),
 *   and an error names the DOI so the build exits 1, until the curator acknowledges it with
 *   `allowUnpublish` (`--allow-unpublish DOI`) or withdraws it properly (tombstone);
 * - the record is gone from the catalogue, or invalid with no previous page to keep: the
 *   release gate refuses the build (exit 3), unless `allowUnpublish` names the DOI.
 *
 * The manifest is saved only after a build passed its gates, so a refused build changes
 * nothing.
 */
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { keepPreviousRecord, type KeptRecord } from '../build/keep-previous.ts';
import { mergeSiteList, type PublicDoiList } from './site-doi-list.ts';

export const DOI_MANIFEST_FILE = 'published-dois.json';

export type DoiStatus = 'live' | 'tombstone' | 'kept' | 'unpublished' | 'removed';

export interface DoiEntry {
  path: string;
  status: DoiStatus;
  firstPublished: string;
  lastSeen: string;
}

export interface DoiManifest {
  version: 1;
  dois: Record<string, DoiEntry>;
}

/** The parts of the stage result persistence reads (and extends with kept pages). */
export interface StagedDois {
  published: Array<{ doi: string; path: string; state: 'released' | 'metadata-only' }>;
  tombstones: Array<{ doi: string; path: string }>;
  withheld: Array<{ record: string; doi: string | null; reason: 'unpublished' | 'invalid' | 'duplicate' }>;
  pages: number;
}

export interface PersistenceFinding {
  file: string;
  what: string;
}

export interface PersistenceResult {
  /** Release-gate findings: DOIs this build would drop. Empty when the build may proceed. */
  findings: PersistenceFinding[];
  kept: Array<{ doi: string; path: string }>;
  /** The manifest to save once the build has passed its gates. */
  manifest: DoiManifest;
}

export interface PersistenceOptions {
  workDir: string;
  /** This build's staging folders (models and public files). */
  stageDir: string;
  publicDir: string;
  staged: StagedDois;
  sink: DiagnosticSink;
  /** DOIs the curator allows to disappear (case-insensitive). */
  allowUnpublish?: readonly string[];
  now: Date;
  /** DOIs the live site lists (read back before the build); merged into the local list. */
  remote?: PublicDoiList | null;
  /** The previous build's staged site, as far as this build set it aside (default `<workDir>/site`). */
  previousSite?: string;
}

export async function readDoiManifest(workDir: string): Promise<DoiManifest> {
  try {
    const parsed = JSON.parse(await readFile(path.join(workDir, DOI_MANIFEST_FILE), 'utf8')) as DoiManifest;
    if (parsed && parsed.version === 1 && parsed.dois && typeof parsed.dois === 'object') return parsed;
  } catch {
    // first build, or an unreadable file: start empty (the build manifest in dist/ is not trusted for this)
  }
  return { version: 1, dois: {} };
}

export async function saveDoiManifest(workDir: string, manifest: DoiManifest): Promise<void> {
  await mkdir(workDir, { recursive: true });
  const file = path.join(workDir, DOI_MANIFEST_FILE);
  await writeFileAtomically(file, JSON.stringify(manifest, null, 2) + '\n');
}

/** Asks the stage to keep a record's outputs from the previous build's staged site; null when there are none. */
function keepPrevious(o: PersistenceOptions, doi: string): Promise<KeptRecord | null> {
  const previous = o.previousSite ?? path.join(o.workDir, 'site');
  return keepPreviousRecord({ models: path.join(previous, 'models'), public: path.join(previous, 'public') }, doi, { models: o.stageDir, public: o.publicDir });
}

export async function enforcePersistence(o: PersistenceOptions): Promise<PersistenceResult> {
  const manifest = mergeSiteList(await readDoiManifest(o.workDir), o.remote ?? null).manifest;
  const today = o.now.toISOString();
  const allowed = new Set((o.allowUnpublish ?? []).map((d) => d.trim().toLowerCase()));
  const findings: PersistenceFinding[] = [];
  const kept: PersistenceResult['kept'] = [];
  const present = new Set<string>();
  const seen = (doi: string, p: string, status: DoiStatus) => {
    present.add(doi);
    const before = manifest.dois[doi];
    manifest.dois[doi] = { path: p, status, firstPublished: before?.firstPublished ?? today, lastSeen: today };
  };
  for (const p of o.staged.published) seen(p.doi, p.path, 'live');
  for (const t of o.staged.tombstones) seen(t.doi, t.path, 'tombstone');

  const withheld = new Map(o.staged.withheld.filter((w) => w.doi).map((w) => [w.doi!, w]));
  for (const [doi, entry] of Object.entries(manifest.dois)) {
    if (present.has(doi) || entry.status === 'removed') continue;
    const w = withheld.get(doi);
    if (allowed.has(doi)) {
      o.sink.add({ code: 'persistence/unpublish-allowed', record: w?.record ?? null, message: `DOI ${doi} (last at ${entry.path}) was removed from the site as requested.` });
      manifest.dois[doi] = { ...entry, status: 'removed' };
      continue;
    }
    if (w?.reason === 'unpublished') {
      o.sink.add({
        code: 'persistence/unpublished',
        record: w.record,
        message: `DOI ${doi} was published (${entry.path}) but record "${w.record}" is now marked unpublished, so its page was removed and the DOI no longer resolves.`,
      });
      manifest.dois[doi] = { ...entry, status: 'unpublished' };
      continue;
    }
    const previous = w ? await keepPrevious(o, doi) : null;
    if (w && previous) {
      o.sink.add({
        code: 'persistence/kept-previous',
        record: w.record,
        message: `Record "${w.record}" (DOI ${doi}) is ${w.reason} in this build; the page from the previous build was kept so the DOI keeps resolving.`,
      });
      o.staged.pages += previous.pages;
      if (previous.state === 'tombstone') o.staged.tombstones.push({ doi, path: entry.path });
      else o.staged.published.push({ doi, path: entry.path, state: previous.state });
      kept.push({ doi, path: entry.path });
      seen(doi, entry.path, 'kept');
      continue;
    }
    const why = w ? `record "${w.record}" is ${w.reason} and no previous page was found to keep` : 'its record is no longer in the catalogue';
    o.sink.add({ code: 'persistence/dropped', record: w?.record ?? null, message: `DOI ${doi} was published (${entry.path}) but ${why}.` });
    findings.push({
      file: entry.path,
      what: `published DOI ${doi} would be dropped (${why}); restore the record, mark it withdrawn, or build with --allow-unpublish ${doi}`,
    });
  }
  return { findings, kept, manifest };
}
