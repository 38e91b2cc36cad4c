/**
 * The release-gate audit: after everything is written, search every output file
 * (pagefind's gzip fragments included) for anything withheld. A withdrawn record may
 * appear only on its own tombstone page. Any hit fails the build before it is published.
 *
 * Every spelling of every needle (audit-forms.ts) goes into one automaton (audit-matcher.ts),
 * so each file is read once and the cost is linear in the output's bytes, whatever the number
 * of needles. A large output is scanned by worker threads, a batch of files at a time; the
 * findings come back in the order of the walk, needle by needle, as if scanned in one thread.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn-worker.ts';
import { auditForms } from './audit-forms.ts';
import { anchorsOf, compileMatcher } from './audit-matcher.ts';
import { scanFile, scanSmallFile } from './audit-scan.ts';
import { boundedTasks } from './bounded-tasks.ts';

export interface AuditNeedle {
  /** What is looked for (compared case-insensitively, in every escaped form). */
  text: string;
  /** Why it must not appear, e.g. `unpublished record x (DOI)`. */
  what: string;
  /** Output paths (relative, `/`-separated) under which the text is allowed. */
  allowedUnder?: string[];
  /**
   * An identifier (a DOI): not found where a letter or digit follows it, which makes it part
   * of a longer identifier (`10.5281/zenodo.123` inside `10.5281/zenodo.1234`).
   */
  identifier?: boolean;
  /**
   * Longer identifiers on the site by right that hold this one past a `.`, `-` or `/` (a public
   * `10.5072/abc.v2` beside a withheld `10.5072/abc`): not found inside them.
   */
  within?: string[];
}

export interface AuditFinding {
  file: string;
  what: string;
}

export interface AuditOptions {
  /** Worker threads for a large output (default: auditWorkers; 0 scans in this thread). */
  workers?: number;
  /** Files scanned in this thread before workers start (default 2,000), so a small site starts none. */
  inlineFiles?: number;
  /**
   * Only these files (relative to the output): an incremental build whose needles are the live
   * build's looks at the files it changed, since the others passed the same audit unchanged.
   */
  files?: readonly string[];
  /** Files of the walk not to scan (relative, `/`-separated): those another scan covers. */
  skip?: ReadonlySet<string>;
}

/**
 * Worker threads by default: four per core, up to eight. Most of a scan is waiting on small
 * files, not matching them: on this 2-core machine the 10,000-record output (422,000 files,
 * 4.4 GB) took 38.6 s with 2 workers, 16.0 s with 4 and 11.2 s with 8, for the same CPU.
 * Each worker compiles and holds its own automaton, so a large one (the 10,000-record `--mix`
 * catalogue's 470 withheld and withdrawn DOIs make 40 MB) keeps to one worker per core.
 */
export function auditWorkers(tableBytes: number, cores = os.availableParallelism()): number {
  return tableBytes > LARGE_TABLE ? cores : Math.min(8, 4 * cores);
}
const LARGE_TABLE = 16 * 1024 * 1024;

/** Files per message to a worker, and messages in flight per worker (so none waits for work). */
const BATCH = 64;
const IN_FLIGHT_PER_WORKER = 4;

/** Depth first, each folder in the order the file system lists it, as the audit always walked. */
function* walk(dir: string): Generator<string> {
  // Synchronous: a folder listing through the thread pool costs more than the listing itself.
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = dir + path.sep + entry.name;
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

interface Pool {
  scan(files: string[]): Promise<number[][]>;
  close(): Promise<void>;
}

function auditPool(size: number, compiled: CompiledNeedles): Pool {
  let next = 0;
  const slots = Array.from({ length: size }, () => {
    const worker = spawnWorker(import.meta.url, 'audit-worker', compiled);
    const pending = new Map<number, { resolve: (found: number[][]) => void; reject: (e: Error) => void }>();
    worker.on('message', (m: { id: number; found?: number[][]; error?: string }) => {
      const task = pending.get(m.id);
      pending.delete(m.id);
      if (m.found) task?.resolve(m.found);
      else task?.reject(new Error(`release audit: ${m.error}`));
    });
    // A worker that dies fails the audit: an unscanned file must never count as clean.
    const fail = (error: Error) => {
      for (const task of pending.values()) task.reject(error);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`release audit: a worker stopped (exit code ${code})`)));
    return { worker, pending };
  });
  return {
    scan(files) {
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = next++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, files });
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** What each audit worker compiles its automaton from (compileMatcher's arguments). */
export interface CompiledNeedles {
  forms: string[][];
  whole: boolean[];
  within: string[][];
  /** Byte strings one of which every occurrence of every needle holds (anchorsOf), or null. */
  anchors: string[] | null;
}

/** More anchors than this cost more to look for one by one than the automaton's single pass. */
const MAX_ANCHORS = 16;

/** The needles' anchors, when each needle has some and there are few of them in all. */
function anchorsFor(forms: string[][]): string[] | null {
  const all = new Set<string>();
  for (const f of forms) {
    const anchors = anchorsOf(f);
    if (!anchors) return null;
    for (const a of anchors) all.add(a);
  }
  return all.size <= MAX_ANCHORS ? [...all] : null;
}

/**
 * The spellings of the longer identifiers a needle is not found inside: those that begin with
 * one of the needle's own (the matcher discounts only occurrences it counted).
 */
function withinForms(needleForms: string[], within: string[] | undefined): string[] {
  if (!within?.length) return [];
  const starts = needleForms.map((f) => f.toLowerCase());
  return within.flatMap(auditForms).filter((f) => starts.some((start) => f.toLowerCase().startsWith(start)));
}

export async function auditOutput(outDir: string, needles: AuditNeedle[], options: AuditOptions = {}): Promise<AuditFinding[]> {
  const prepared = needles.map((needle) => ({ needle, forms: auditForms(needle.text) })).filter((p) => p.forms.length > 0);
  if (prepared.length === 0) return [];
  const compiled: CompiledNeedles = {
    forms: prepared.map((p) => p.forms),
    whole: prepared.map((p) => p.needle.identifier === true),
    within: prepared.map((p) => withinForms(p.forms, p.needle.within)),
    anchors: anchorsFor(prepared.map((p) => p.forms)),
  };
  const anchors = compiled.anchors?.map((a) => Buffer.from(a)) ?? null;
  const root = path.resolve(outDir);
  // Compiled here for the first files (and to size the pool); each worker compiles its own.
  const matcher = compileMatcher(compiled.forms, compiled.whole, compiled.within);
  const workers = options.workers ?? auditWorkers(matcher.tableBytes);
  const inlineFiles = options.inlineFiles ?? 2000;
  let pool: Pool | null = null;

  const hits: Array<{ seq: number; file: string; found: number[] }> = [];
  const record = (seq: number, file: string, found: number[]) => {
    if (found.length === 0) return;
    const relative = path.relative(root, file).split(path.sep).join('/');
    const kept = found.filter((n) => !prepared[n].needle.allowedUnder?.some((prefix) => relative.startsWith(prefix)));
    if (kept.length) hits.push({ seq, file: relative, found: kept });
  };
  const tasks = boundedTasks(Math.max(1, workers) * IN_FLIGHT_PER_WORKER);
  let batch: Array<{ seq: number; file: string }> = [];
  const flush = async () => {
    const files = batch;
    batch = [];
    pool ??= auditPool(workers, compiled);
    const p = pool;
    await tasks.add(async () => {
      const found = await p.scan(files.map((f) => f.file));
      files.forEach((f, i) => record(f.seq, f.file, found[i]));
    });
  };
  try {
    let seq = 0;
    const skip = options.skip?.size ? options.skip : null;
    for (const file of options.files ? options.files.map((f) => root + path.sep + f) : walk(root)) {
      if (skip?.has(file.slice(root.length + 1).split(path.sep).join('/'))) continue;
      const s = seq++;
      if (workers > 0 && s >= inlineFiles) {
        batch.push({ seq: s, file });
        if (batch.length === BATCH) await flush();
      } else {
        record(s, file, scanSmallFile(matcher, file, anchors) ?? (await scanFile(matcher, file, anchors)));
      }
    }
    if (batch.length) await flush();
    await tasks.drain();
  } finally {
    await (pool as Pool | null)?.close();
  }
  hits.sort((a, b) => a.seq - b.seq);
  return hits.flatMap((h) => h.found.map((n) => ({ file: h.file, what: prepared[n].needle.what })));
}
