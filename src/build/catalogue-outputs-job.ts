/**
 * The catalogue-wide outputs (src/exports/catalogue-outputs.ts), started as soon as the stage has written
 * the record lines they are made from, and finished when the build hands over the browse
 * paths (the sitemap's last part, which the stage makes after the lines).
 *
 * A large catalogue's outputs run in a worker thread: they are a pass over every staged line
 * (175 MB at 10,000 records), and meanwhile this thread stages the browse pages and renders
 * the changed pages, so on two cores the pass costs a release little or nothing. A small
 * catalogue's full build writes them in this thread: starting a thread would cost more than
 * the pass. Either way the files are the same (test/build/catalogue-outputs-job.test.ts).
 */
import { spawnWorker, workerAnswer } from './spawn-worker.ts';
import type { CatalogueOutputsOptions, CatalogueOutputsResult } from '../exports/catalogue-outputs.ts';

export type CatalogueOutputsStart = Omit<CatalogueOutputsOptions, 'browsePaths'>;

export interface CatalogueOutputsJob {
  /** Hands over the browse paths and waits for every file. */
  finish(browsePaths: readonly string[]): Promise<CatalogueOutputsResult>;
  /** Stops the pass (a failed build): once this resolves, nothing writes into `publicDir` any more. */
  stop(): Promise<void>;
}

/** A full build of fewer published records than this writes them in this thread. */
export const RECORDS_PER_THREAD = 1000;

/**
 * `records`: the public records (lines). An incremental build (`reuse`) always uses the
 * thread, whatever its size: the pass overlaps its browse pages and render, and the thread's
 * start (tens of milliseconds) is small beside a release; so the incremental tests cover it.
 */
export function startCatalogueOutputs(o: CatalogueOutputsStart, records: number, thread = o.reuse !== undefined || records >= RECORDS_PER_THREAD): CatalogueOutputsJob {
  return thread ? inWorker(o) : inThisThread(o);
}

function inThisThread(o: CatalogueOutputsStart): CatalogueOutputsJob {
  let give!: (paths: readonly string[]) => void;
  const browsePaths = new Promise<readonly string[]>((resolve) => (give = resolve));
  const running = import('../exports/catalogue-outputs.ts').then(({ writeCatalogueOutputs }) => writeCatalogueOutputs({ ...o, browsePaths }));
  // Awaited by finish or stop; until then a failure is not unhandled.
  running.catch(() => {});
  return {
    finish(paths) {
      give(paths);
      return running;
    },
    async stop() {
      give([]);
      await running.catch(() => {});
    },
  };
}

function inWorker(o: CatalogueOutputsStart): CatalogueOutputsJob {
  const worker = spawnWorker(import.meta.url, 'catalogue-outputs-worker', o);
  const done = workerAnswer<CatalogueOutputsResult>(worker, 'catalogue outputs');
  return {
    finish(paths) {
      worker.postMessage({ browsePaths: paths });
      return done;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
