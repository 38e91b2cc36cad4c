/**
 * A small pool of staging worker threads (node:worker_threads). Records are handed to the
 * least busy worker; each worker keeps a couple in flight so file I/O overlaps formatting.
 * Results come back in completion order; stage.ts puts them back in catalogue order.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn-worker.ts';
import type { RawExperiment } from '../catalogue/types.ts';
import type { RecordRun, Runner, StageSettings } from './stage-runner.ts';
import { failed } from './record-failure.ts';

export interface Pool extends Runner {
  /** Starts one worker now, if none runs, so its start-up overlaps what comes before the first record. */
  warm(): void;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { raw: RawExperiment; resolve: (run: RecordRun) => void }>;
}

/**
 * A staging worker started before the build knows its settings, warming up meanwhile (a
 * release starts one before it stats the catalogue: stage-worker.ts). The next pool takes it
 * as its first worker; until then it does not keep the process alive.
 */
let spare: Worker | null = null;

export function prestartStageWorker(): void {
  if (spare) return;
  const worker = spawnWorker(import.meta.url, 'stage-worker', null);
  worker.unref();
  const gone = () => {
    if (spare === worker) spare = null;
  };
  worker.on('error', gone);
  worker.on('exit', gone);
  spare = worker;
}

/** The spare worker, if one is alive, given its settings; null otherwise. */
function takeSpare(settings: StageSettings, catalogue: string): Worker | null {
  const worker = spare;
  spare = null;
  if (!worker) return null;
  worker.ref();
  worker.postMessage({ init: { settings, catalogue } });
  return worker;
}

/**
 * Workers start when records need them: none for an unchanged rebuild, one for a release that
 * changed one record (a worker's start-up, loading citation-js and the schema, costs more
 * than staging a record), and another only while every started one is busy.
 */
export function stagePool(size: number, settings: StageSettings, catalogue: string): Pool {
  let next = 0;
  const slots: Slot[] = [];
  const start = (): Slot => {
    const worker = takeSpare(settings, catalogue) ?? spawnWorker(import.meta.url, 'stage-worker', { settings, catalogue });
    const slot: Slot = { worker, pending: new Map() };
    slot.worker.on('message', (message: { id: number; run: RecordRun }) => {
      const task = slot.pending.get(message.id);
      slot.pending.delete(message.id);
      task?.resolve(message.run);
    });
    // A worker that dies takes only its records with it: each becomes a failure diagnostic,
    // and the records after them go to another worker.
    const fail = (error: unknown) => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      for (const [id, task] of slot.pending) {
        slot.pending.delete(id);
        task.resolve({ cached: null, result: failed(task.raw, error) });
      }
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`the staging worker stopped (exit code ${code})`)));
    slots.push(slot);
    return slot;
  };
  return {
    run(raw: RawExperiment, key: string, leaveOut: readonly string[] = []) {
      const idle = slots.find((s) => s.pending.size === 0);
      const slot = idle ?? (slots.length < size ? start() : slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a)));
      const id = next++;
      return new Promise<RecordRun>((resolve) => {
        slot.pending.set(id, { raw, resolve });
        slot.worker.postMessage({ id, raw, key, leaveOut });
      });
    },
    warm() {
      if (slots.length === 0) start();
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
