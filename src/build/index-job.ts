/**
 * The search index built in a worker thread (index-worker.ts), for an incremental build: its
 * own work in this process (reading 40,000 cached page inputs, the lookup's buckets, saving
 * the input pack: about 1.5 s at 10,000 records) then runs beside the render on the other
 * core, and pagefind's process gets its shard as early as it can, instead of after the render.
 *
 * The worker starts before the stage (prepareIndex), while the build cannot yet tell whether
 * it will be incremental: it loads the index code and reads the input pack, parsing the
 * landing pages' entries, while the record is staged. Given the staged site (start), it
 * indexes it; a build that turns out to need no worker cancels it.
 */
import { spawnWorker, workerAnswer } from './spawn-worker.ts';
import type { IndexOptions, IndexResult } from '../index/pagefind.ts';
import type { SyncPlan } from '../files/sync-tree.ts';

export interface IndexedInWorker {
  index: IndexResult;
  /** What bringing `compareWith`'s index files to the new ones changes (planSync). */
  plan: SyncPlan;
}

export interface IndexJob {
  result: Promise<IndexedInWorker>;
  /** Resolves once the worker has finished, either way: nothing writes into `outDir` or the cache after it. */
  settled: Promise<void>;
}

export interface PreparedIndex {
  /**
   * Indexes the staged site in `stageDir` into `outDir` (INDEX_OUTPUTS), then compares the files
   * with those of `compareWith` (the live build, whose files the output starts as), so the build
   * only links what changed. Once only.
   */
  start(outDir: string, stageDir: string, compareWith: string): IndexJob;
  /** Stops the worker if it was never started; a started one runs to its end (IndexJob.settled). */
  cancel(): Promise<void>;
}

export function prepareIndex(options: IndexOptions): PreparedIndex {
  const worker = spawnWorker(import.meta.url, 'index-worker', { options });
  const result = workerAnswer<IndexedInWorker>(worker, 'index');
  const settled = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let started = false;
  return {
    start(outDir, stageDir, compareWith) {
      if (started) throw new Error('the index worker was started twice');
      started = true;
      worker.postMessage({ outDir, stageDir, compareWith });
      return { result, settled };
    },
    async cancel() {
      if (!started) await worker.terminate();
    },
  };
}
