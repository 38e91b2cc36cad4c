/**
 * Starts a worker thread on a module beside the caller (`./name.ts` or `./name.js`, whichever
 * the caller itself is). Under tsx (vitest, `npm run bench`) a new thread does not inherit
 * tsx's loader, so the thread registers it before importing the module.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export function spawnWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const self = fileURLToPath(callerUrl);
  const entry = new URL(`./${name}${path.extname(self)}`, callerUrl).href;
  if (!self.endsWith('.ts')) return new Worker(new URL(entry), { workerData });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
