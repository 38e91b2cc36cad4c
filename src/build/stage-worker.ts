/**
 * A staging worker thread: receives raw records with their cache keys, stages each inside
 * its failure boundary (stage-runner.ts) and answers with what it stored.
 *
 * Its settings come with it (workerData) or, for a worker started before the build knew them
 * (stage-pool.ts, prestartStageWorker), in a first `init` message. Either way it warms the
 * stager first: the schema compiled and a citation engine built per style, the part of a
 * first record that does not depend on the record.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordRunner, sourceFor, warmStager, type Runner, type StageSettings } from './stage-runner.ts';
import { failed } from './record-failure.ts';
import type { RawExperiment } from '../catalogue/types.ts';

interface Setup {
  settings: StageSettings;
  catalogue: string;
}

const given = workerData as Setup | null;
let runner: Promise<Runner> | null = given ? recordRunner(given.settings, sourceFor(given.catalogue, given.settings)) : null;

parentPort!.on('message', (message: { init: Setup } | { id: number; raw: RawExperiment; key: string; leaveOut: string[] }) => {
  if ('init' in message) {
    runner = recordRunner(message.init.settings, sourceFor(message.init.catalogue, message.init.settings));
    return;
  }
  const task = message;
  if (!runner) throw new Error('a staging worker was given a record before its settings');
  runner
    .then((r) => r.run(task.raw, task.key, task.leaveOut))
    .catch((error: unknown) => ({ cached: null, result: failed(task.raw, error) }))
    .then((run) => parentPort!.postMessage({ id: task.id, run }));
});

warmStager();
