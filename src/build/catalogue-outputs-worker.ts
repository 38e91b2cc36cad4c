/**
 * The worker thread of catalogue-outputs-job.ts: writes the catalogue-wide outputs from the
 * staged lines at once, waits for the browse paths for the sitemap's tail, and answers with
 * the result (or the error, with its code).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeCatalogueOutputs } from '../exports/catalogue-outputs.ts';
import type { CatalogueOutputsStart } from './catalogue-outputs-job.ts';
import { answerOnce } from './spawn-worker.ts';

const port = parentPort!;
const browsePaths = new Promise<readonly string[]>((resolve) => port.once('message', (m: { browsePaths: readonly string[] }) => resolve(m.browsePaths)));
await answerOnce(port, () => writeCatalogueOutputs({ ...(workerData as CatalogueOutputsStart), browsePaths }));
