/** The worker thread of indexInWorker (index-job.ts): indexes the staged site and answers with the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { indexSite, type IndexOptions } from '../index/pagefind.ts';
import { answerOnce } from './spawn-worker.ts';

const { outDir, stageDir, options } = workerData as { outDir: string; stageDir: string; options: IndexOptions };
await answerOnce(parentPort!, () => indexSite(outDir, stageDir, undefined, options));
