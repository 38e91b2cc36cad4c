/**
 * A staging worker thread: receives raw records with their cache keys, stages each inside
 * its failure boundary (stage-runner.ts) and answers with what it stored.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordRunner, sourceFor, type StageSettings } from './stage-runner.ts';
import { failed } from './record-failure.ts';
import type { RawExperiment } from '../catalogue/types.ts';

const { settings, catalogue } = workerData as { settings: StageSettings; catalogue: string };
const runner = await recordRunner(settings, sourceFor(catalogue));

parentPort!.on('message', (task: { id: number; raw: RawExperiment; key: string }) => {
  runner
    .run(task.raw, task.key)
    .catch((error: unknown) => ({ cached: null, result: failed(task.raw, error) }))
    .then((run) => parentPort!.postMessage({ id: task.id, run }));
});
