/**
 * The worker thread of prepareIndex (index-job.ts): reads the index's input pack at once,
 * then indexes the staged site it is given and answers with the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexSite, prepareIndexInputs, type IndexOptions } from '../index/pagefind.ts';
import { answerOnce } from './spawn-worker.ts';

const { options } = workerData as { options: IndexOptions };
const prepared = prepareIndexInputs(options);
// Awaited once the site comes; a failure is answered then, as the index's own.
prepared.catch(() => undefined);
const { outDir, stageDir } = await new Promise<{ outDir: string; stageDir: string }>((resolve) => parentPort!.once('message', resolve));
await answerOnce(parentPort!, async () => indexSite(outDir, stageDir, undefined, options, await prepared));
