/**
 * Starts a worker thread, or a detached process, on a module beside the caller (`./name.ts`
 * or `./name.js`, whichever the caller itself is). Under tsx (vitest, `npm run bench`) a new
 * thread or process does not inherit tsx's loader, so it registers it before importing the module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';

/** The module beside the caller, and the code that imports it (registering tsx first when the caller is TypeScript). */
function besideCaller(callerUrl: string, name: string): { entry: string; typescript: boolean; boot: string } {
  const self = fileURLToPath(callerUrl);
  const entry = new URL(`./${name}${path.extname(self)}`, callerUrl).href;
  const typescript = self.endsWith('.ts');
  const boot = typescript ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });` : `import(${JSON.stringify(entry)});`;
  return { entry, typescript, boot };
}

export function spawnWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const { entry, typescript, boot } = besideCaller(callerUrl, name);
  return typescript ? new Worker(boot, { eval: true, workerData }) : new Worker(new URL(entry), { workerData });
}

/** A detached process that outlives its parent (which may exit at once), told what to do through `env`. */
export function spawnDetached(callerUrl: string, name: string, env: Record<string, string>): ChildProcess {
  const { boot } = besideCaller(callerUrl, name);
  const child = spawn(process.execPath, ['--input-type=module', '-e', boot], { detached: true, stdio: 'ignore', env: { ...process.env, ...env } });
  child.unref();
  return child;
}

/** What a one-answer worker (answerOnce) posts: its result, or its error with the code (ENOSPC is reported as a full disk). */
type Answer<T> = { result: T } | { error: { message: string; code?: string; stack?: string } };

/** The one answer of a worker started on a module that calls answerOnce; the worker's error is rethrown here, code and all. */
export function workerAnswer<T>(worker: Worker, what: string): Promise<T> {
  const answer = new Promise<T>((resolve, reject) => {
    worker.once('message', (m: Answer<T>) => {
      if ('result' in m) resolve(m.result);
      else reject(Object.assign(new Error(m.error.message), { code: m.error.code, stack: m.error.stack }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${what}: the worker stopped before it answered (exit code ${code})`)));
  });
  // Awaited later by the caller; until then a failure is not unhandled.
  answer.catch(() => {});
  return answer;
}

/** In a worker module: runs `work`, posts its result or error once (workerAnswer reads it) and lets the thread end. */
export async function answerOnce<T>(port: MessagePort, work: () => Promise<T>): Promise<void> {
  let answer: Answer<T>;
  try {
    answer = { result: await work() };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    answer = { error: { message: e?.message ?? String(error), code: e?.code, stack: e?.stack } };
  }
  port.postMessage(answer);
  port.close();
}
