/**
 * The search index built in a worker thread (index-worker.ts), for an incremental build: its
 * own work in this process (reading 40,000 cached page inputs, the lookup's buckets, saving
 * the input pack: about 1.5 s at 10,000 records) then runs beside the render on the other
 * core, and pagefind's process gets its shard as early as it can, instead of after the render.
 */
import { spawnWorker, workerAnswer } from './spawn-worker.ts';
import type { IndexOptions, IndexResult } from '../index/pagefind.ts';

export interface IndexJob {
  result: Promise<IndexResult>;
  /** Resolves once the worker has finished, either way: nothing writes into `outDir` or the cache after it. */
  settled: Promise<void>;
}

export function indexInWorker(outDir: string, stageDir: string, options: IndexOptions): IndexJob {
  const worker = spawnWorker(import.meta.url, 'index-worker', { outDir, stageDir, options });
  const result = workerAnswer<IndexResult>(worker, 'index');
  const settled = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return { result, settled };
}
