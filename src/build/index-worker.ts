/**
 * The worker thread of prepareIndex (index-job.ts): reads the index's input pack at once,
 * then indexes the staged site it is given, compares the files written with those of the
 * folder it is told to, and answers with both.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexSite, INDEX_OUTPUTS, prepareIndexInputs, type IndexOptions } from '../index/pagefind.ts';
import { planSync } from '../files/sync-tree.ts';
import { answerOnce } from './spawn-worker.ts';
import type { IndexedInWorker } from './index-job.ts';

const { options } = workerData as { options: IndexOptions };
const prepared = prepareIndexInputs(options);
// Awaited once the site comes; a failure is answered then, as the index's own.
prepared.catch(() => undefined);
const site = await new Promise<{ outDir: string; stageDir: string; compareWith: string }>((resolve) => parentPort!.once('message', resolve));
await answerOnce(parentPort!, async (): Promise<IndexedInWorker> => {
  const index = await indexSite(site.outDir, site.stageDir, undefined, options, await prepared);
  return { index, plan: await planSync(site.outDir, site.compareWith, INDEX_OUTPUTS) };
});
