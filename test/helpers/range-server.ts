/**
 * A local object store for ranged-read tests: serves files from `root` on 127.0.0.1 in a
 * worker thread (the reader under test blocks the test's own thread while it fetches).
 *   /files/NAME    honours Range (206 with Content-Range)
 *   /norange/NAME  answers 200 with the whole file to ranges past the first 64 KiB
 *   /stall/NAME    never answers ranges past the first 64 KiB
 *   /liar/NAME     HEAD announces twice the real Content-Length
 *   anything else  404
 */
import { Worker } from 'node:worker_threads';

export interface RangeServer {
  base: string;
  /** Body bytes handed to sockets and requests served since the last reset. */
  sent(): { bytes: number; requests: number };
  reset(): void;
  stop(): Promise<void>;
}

export async function startRangeServer(root: string): Promise<RangeServer> {
  const counters = new SharedArrayBuffer(8);
  const count = new Int32Array(counters);
  const worker = new Worker(new URL('./range-server-worker.ts', import.meta.url), { workerData: { root, counters } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    sent: () => ({ bytes: Atomics.load(count, 0), requests: Atomics.load(count, 1) }),
    reset: () => {
      Atomics.store(count, 0, 0);
      Atomics.store(count, 1, 0);
    },
    stop: async () => {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      await worker.terminate();
    },
  };
}
