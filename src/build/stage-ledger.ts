/**
 * The staged site's ledger: what each record contributed to the staged site the last build
 * left (`<workDir>/site`), so the next build can keep the records whose inputs did not change
 * where they are and stage only the others. Without it, every build links about 40 files per
 * record from the record cache into a fresh folder: minutes at 10,000 records for a
 * one-record release.
 *
 * One line per record, in catalogue order: its stamp (record-stamps.ts), cache key, read and
 * staging diagnostics, and its outcome; its line of exports/records.jsonl is not repeated but
 * located (offset and length in that file). A record is trusted only when its stamp is
 * unchanged and the site configuration, day and staging code (the cache key's other parts)
 * are the ones the ledger was written with; anything else stages again, from the record
 * cache when its digest is known there.
 *
 * A record's files are all in two folders named by its DOI (its models under
 * `models/records/<hash>`, its public files under `public/doi/<DOI>`), and everything else
 * in the staged site is site-wide and written again by every build. So keeping a record is
 * leaving its two folders alone; dropping one is moving them aside.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { StagedRecordResult } from './stage-record.ts';
import type { StagedPage } from './stage-types.ts';
import { modelDir } from './stage-types.ts';
import { doiSlug } from '../record/identity.ts';
import { moveFilesInto, moveIfThere } from '../files/move-files.ts';

export const LEDGER_FILE = 'ledger.jsonl';
export const LEDGER_STATE_FILE = 'ledger-state.json';
/** Where a build sets aside what it does not keep of the previous staged site (persistence reads it). */
export const PREVIOUS_DIR = '.previous';
/** The site-wide models folder an incremental build updates in place (stage-browse.ts) instead of writing anew. */
const KEPT_BROWSE = 'browse';

/** Bump when an entry's meaning changes. */
const LEDGER_FORMAT = 2;

export interface LedgerEntry {
  id: string;
  /** Null when the record's files were modified too recently to be trusted by their stamp. */
  stamp: string | null;
  key: string;
  /** Diagnostics from reading this record (scoped to it). */
  read: Diagnostic[];
  /** What staging gave, with a published record's records.jsonl line replaced by its place in that file. */
  result: StagedRecordResult;
  line?: { offset: number; length: number };
  /** For a duplicate-DOI message, should another record take this one's DOI. */
  raw: { datacite: string | null; doi: string | null; title: string | null };
  /** A published record's related DOIs and those left out as unreleased (unreleased-relations.ts); absent when it names none. */
  relations?: { cites: string[]; leaveOut: string[] };
}

/** What the ledger's entries were staged with; a build with anything else keeps none of them. */
export interface LedgerState {
  format: number;
  site: string;
  code: string;
  catalogue: string;
}

export function ledgerState(o: Omit<LedgerState, 'format'>): LedgerState {
  return { format: LEDGER_FORMAT, ...o };
}

/** The previous build's ledger, when its state is `expected`; null otherwise (or when there is none). */
export async function readLedger(dir: string, expected: LedgerState): Promise<Map<string, LedgerEntry> | null> {
  try {
    const state = JSON.parse(await readFile(path.join(dir, LEDGER_STATE_FILE), 'utf8')) as LedgerState;
    if (JSON.stringify(state) !== JSON.stringify(expected)) return null;
    const entries = new Map<string, LedgerEntry>();
    // One read and a scan for line ends: through readline, the 28 MB of 10,000 records took twice as long.
    const ledger = await readFile(path.join(dir, LEDGER_FILE));
    for (let start = 0; start < ledger.length; ) {
      const end = lineEnd(ledger, start);
      if (end > start) {
        const entry = JSON.parse(ledger.toString('utf8', start, end)) as LedgerEntry;
        entries.set(entry.id, entry);
      }
      start = end + 1;
    }
    return entries;
  } catch {
    return null; // missing or unreadable: nothing is trusted
  }
}

/**
 * Bytes read at a time. Kept records are read in catalogue order, the previous file's order,
 * so one read serves hundreds of lines: a read per line was 10,000 round trips to the
 * thread pool in a release at 10,000 records.
 */
const READ_AHEAD = 4 * 1024 * 1024;

/** Reads kept records' lines of the previous records.jsonl by their place in it. */
export async function lineReader(file: string): Promise<{ read(at: { offset: number; length: number }): Promise<Buffer>; close(): Promise<void> }> {
  const handle = await open(file, 'r');
  let window = Buffer.alloc(0);
  let start = 0;
  return {
    async read({ offset, length }) {
      if (offset < start || offset + length > start + window.length) {
        const size = Math.max(READ_AHEAD, length);
        const buffer = Buffer.allocUnsafe(size);
        const { bytesRead } = await handle.read(buffer, 0, size, offset);
        if (bytesRead < length) throw new Error(`the previous ${path.basename(file)} is shorter than its ledger says`);
        window = buffer.subarray(0, bytesRead);
        start = offset;
      }
      return window.subarray(offset - start, offset - start + length);
    },
    close: () => handle.close(),
  };
}

export interface StagedFolders {
  models: string;
  public: string;
}

/**
 * Prepares the previous staged site (already moved to this build's folder) for an incremental
 * build: everything but the kept records' folders goes to `<dir>/.previous/` — the site-wide
 * files, which this build writes again, and the folders of every record not kept (changed,
 * gone, or kept by persistence in the last build), where persistence may still take a page
 * from. Returns false, having moved nothing, when a record's public folder holds another's
 * (DOIs that are prefixes of one another, e.g. `10.1/a` and `10.1/a/b`): such a site is
 * staged in full.
 */
export async function setAsidePrevious(dir: string, to: StagedFolders, kept: ReadonlyArray<{ modelDir: string; route: string }>): Promise<boolean> {
  const previous = path.join(dir, PREVIOUS_DIR);
  const keptModels = new Set(kept.map((k) => k.modelDir.split('/').pop()!));
  const routes = await routesByModelDir(path.join(to.models, 'pages.jsonl'));
  const dropped: string[] = [];
  for (const name of await readdir(path.join(to.models, 'records')).catch(() => [] as string[])) {
    if (!keptModels.has(name)) dropped.push(name);
  }
  const keptRoutes = kept.map((k) => k.route).sort();
  const droppedRoutes = dropped.map((name) => routes.get(name)).filter((r): r is string => r !== undefined);
  if (nested([...keptRoutes, ...droppedRoutes])) return false;

  const moveAside = (root: string, part: 'models' | 'public', relative: string) => moveIfThere(path.join(root, relative), path.join(previous, part, relative));
  for (const half of halves(to)) {
    for (const name of await readdir(half.root).catch(() => [] as string[])) if (!staysInPlace(half, name)) await moveAside(half.root, half.part, name);
  }
  for (const name of dropped) {
    await moveAside(to.models, 'models', `records/${name}`);
    const route = routes.get(name);
    if (route !== undefined) await moveAside(to.public, 'public', `doi/${route}`);
  }
  return true;
}

interface Half {
  root: string;
  /** Its name under `.previous/`. */
  part: 'models' | 'public';
  /** The folder of per-record folders, where a kept record stays. */
  own: 'records' | 'doi';
}

/** The staged site's two halves: page models, and the public files mirrored into the output. */
function halves(to: StagedFolders): Half[] {
  return [
    { root: to.models, part: 'models', own: 'records' },
    { root: to.public, part: 'public', own: 'doi' },
  ];
}

/** What stays in place at the top of a half: its records' folder, and the browse models, which the stage updates model by model (stage-browse.ts). */
function staysInPlace(half: Half, name: string): boolean {
  return name === half.own || (half.part === 'models' && name === KEPT_BROWSE);
}

/** Model folder name → route of its landing page or tombstone, from a pages.jsonl. */
async function routesByModelDir(file: string): Promise<Map<string, string>> {
  const routes = new Map<string, string>();
  for (const line of await linesOf(file)) {
    const page = JSON.parse(line) as StagedPage;
    if (page.kind !== 'landing' && page.kind !== 'tombstone') continue;
    const match = /^records\/([^/]+)\//.exec(page.model);
    if (match) routes.set(match[1], page.route);
  }
  return routes;
}

/** True when one route is a folder of another. */
function nested(routes: string[]): boolean {
  const all = new Set(routes);
  for (const route of routes) {
    for (let i = route.indexOf('/'); i > 0; i = route.indexOf('/', i + 1)) if (all.has(route.slice(0, i))) return true;
  }
  return false;
}

/** The ledger a build is writing; it replaces the previous one when the build goes live (commitLedger). */
export const NEXT_SUFFIX = '.next';

/** The render's page manifest (src/build/page-manifest.ts): which page the live build has at which key. */
export const PAGE_MANIFEST_FILE = 'rendered-pages.json';

/** What describes the staged site as the live build has it; a build writes each as `<name>.next` and renames it when it goes live. */
const COMMITTED = [LEDGER_FILE, LEDGER_STATE_FILE, PAGE_MANIFEST_FILE];

/** Makes this build's ledger (and page manifest) the staged site's: called when the build went live. */
export async function commitLedger(dir: string): Promise<void> {
  for (const name of COMMITTED) await rename(path.join(dir, name + NEXT_SUFFIX), path.join(dir, name)).catch(ignoreMissing);
}

/**
 * Undoes an incremental build's changes to the previous staged site (the build failed, was
 * refused, or was killed): the folders of records it placed go, the site-wide files it wrote
 * go, and everything it set aside comes back. The previous ledger is untouched until a build
 * goes live, so it says which record folders were there before. Safe to run again after it
 * was interrupted.
 */
export async function restorePrevious(dir: string, to: StagedFolders): Promise<void> {
  const previous = path.join(dir, PREVIOUS_DIR);
  const before = await ledgerFolders(path.join(dir, LEDGER_FILE));
  const placed = await ledgerFolders(path.join(dir, LEDGER_FILE + NEXT_SUFFIX));
  const setAside = (hash: string) => existsSync(path.join(previous, 'models', 'records', hash));
  for (const [hash, route] of placed) {
    if (before.has(hash) && !setAside(hash)) continue; // kept in place
    await rm(path.join(to.models, 'records', hash), { recursive: true, force: true });
    await rm(path.join(to.public, 'doi', route), { recursive: true, force: true });
  }
  for (const half of halves(to)) {
    for (const name of await readdir(half.root).catch(() => [] as string[])) if (!staysInPlace(half, name)) await rm(path.join(half.root, name), { recursive: true, force: true });
  }
  for (const half of halves(to)) {
    const from = path.join(previous, half.part);
    for (const name of await readdir(from).catch(() => [] as string[])) {
      if (staysInPlace(half, name)) continue;
      await rm(path.join(half.root, name), { recursive: true, force: true });
      await rename(path.join(from, name), path.join(half.root, name));
    }
  }
  await restoreBrowse(path.join(previous, 'models', KEPT_BROWSE), path.join(to.models, KEPT_BROWSE));
  for (const hash of await readdir(path.join(previous, 'models', 'records')).catch(() => [] as string[])) {
    const target = path.join(to.models, 'records', hash);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(path.join(previous, 'models', 'records', hash), target);
  }
  // Public folders come back file by file: a DOI's folder may be nested in a prefix folder shared with kept records.
  await moveFilesInto(path.join(previous, 'public', 'doi'), path.join(to.public, 'doi'));
  await rm(previous, { recursive: true, force: true });
  for (const name of COMMITTED) await rm(path.join(dir, name + NEXT_SUFFIX), { force: true });
}

/**
 * The browse folder was updated in place: the models it replaced or removed (and the old
 * route table) are under `aside`. They come back, and what the old route table does not
 * list goes.
 */
async function restoreBrowse(aside: string, browse: string): Promise<void> {
  await moveFilesInto(aside, browse);
  let listed: Set<string>;
  try {
    const table = JSON.parse(await readFile(path.join(browse, 'routes.json'), 'utf8')) as { lists: Array<{ model: string }>; pdb: Array<{ model: string }> };
    listed = new Set(['routes.json', ...[...table.lists, ...table.pdb].map((r) => path.relative(KEPT_BROWSE, r.model))]);
  } catch {
    listed = new Set();
  }
  for (const entry of await readdir(browse, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!listed.has(path.relative(browse, file))) await rm(file, { force: true });
  }
}

/** Model folder name → public route of every record a ledger (or the part of one a killed build wrote) says it placed. */
async function ledgerFolders(file: string): Promise<Map<string, string>> {
  const folders = new Map<string, string>();
  for (const line of await linesOf(file)) {
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(line) as LedgerEntry;
    } catch {
      continue; // the torn last line of a killed build
    }
    const outcome = entry?.result?.outcome;
    if (outcome && outcome.kind !== 'withheld') folders.set(modelDir(outcome.doi).split('/').pop()!, doiSlug(outcome.doi));
  }
  return folders;
}

/** The non-empty lines of a file; none when it does not exist. */
async function linesOf(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/**
 * Where a DOI is likely to be, from a staged site's ledger: the records that had it at the
 * last build (`claimed`), and those the ledger cannot vouch for (`changed`: new, or their
 * stamp differs). The ledger (about 28 MB at 10,000 records) is searched as bytes: only the
 * lines naming the DOI are decoded and parsed, and of the others only the head, which every
 * line starts with: `{"id":"…","stamp":"…"`.
 */
export async function ledgerHints(stagedSite: string, doi: string, stamps: ReadonlyMap<string, string | null>): Promise<{ claimed: Set<string>; changed: Set<string> } | null> {
  let ledger: Buffer;
  try {
    ledger = await readFile(path.join(stagedSite, LEDGER_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    ledger = Buffer.alloc(0); // unreadable: it vouches for nothing
  }
  const claimed = new Set<string>();
  const needle = Buffer.from(JSON.stringify(doi).slice(1, -1));
  for (let at = ledger.indexOf(needle); at >= 0; ) {
    const start = ledger.lastIndexOf(NEWLINE, at) + 1;
    const end = lineEnd(ledger, at);
    try {
      const entry = JSON.parse(ledger.toString('utf8', start, end)) as LedgerEntry;
      const outcome = entry.result.outcome;
      if ((outcome.kind === 'withheld' ? outcome.withheld.doi : outcome.doi) === doi) claimed.add(entry.id);
    } catch {
      // the torn last line of a killed build claims nothing
    }
    at = ledger.indexOf(needle, end);
  }
  const stampOf = new Map<string, string>();
  for (let start = 0; start < ledger.length; ) {
    const end = lineEnd(ledger, start);
    const head = LEDGER_HEAD.exec(ledger.toString('utf8', start, Math.min(end, start + HEAD_BYTES)));
    if (head && head[2]) stampOf.set(head[1], head[2]);
    start = end + 1;
  }
  const changed = new Set<string>();
  for (const [id, stamp] of stamps) if (stamp === null || stampOf.get(id) !== stamp) changed.add(id);
  return { claimed, changed };
}

const NEWLINE = 0x0a;
const LEDGER_HEAD = /^\{"id":"([^"]+)","stamp":(?:"([0-9a-f]*)"|null)/;
/** Enough of a line for its head, a record id and a SHA-256 stamp: a record whose id is longer only counts as changed, read in the second pass. */
const HEAD_BYTES = 1024;

/** Where the line holding byte `at` ends: its newline, or the end of the file. */
function lineEnd(buffer: Buffer, at: number): number {
  const end = buffer.indexOf(NEWLINE, at);
  return end < 0 ? buffer.length : end;
}
