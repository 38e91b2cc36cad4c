/**
 * A synchronous HTTP range read, for h5wasm: HDF5 reads its file through Emscripten's
 * synchronous FS, so a remote block must arrive before `read` returns. One worker thread
 * per process does the `fetch`; the caller blocks on `Atomics.wait` until the reply is on
 * the message port (the pattern `synckit` packages; written out here because the worker
 * must also own the timeout, the 206 check and the byte cap, and it is ~50 lines).
 *
 * The caller's thread is blocked while it waits: the HTTP server must not run on that
 * same thread (a server in another process, or a worker thread in tests).
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

export interface RangeJob {
  id: number;
  url: string;
  /** First and last byte, inclusive (as in the Range header). */
  start: number;
  end: number;
  timeoutMs: number;
  headers?: Record<string, string>;
}

export type RangeReply =
  | { id: number; ok: true; bytes: Uint8Array; total: number | null }
  | { id: number; ok: false; error: string; status?: number };

interface FetchThread {
  worker: Worker;
  port: MessagePort;
  counter: Int32Array;
}

let thread: FetchThread | undefined;
let nextId = 1;

/** Extra wait beyond the request timeout before the caller gives up on the worker. */
const GRACE_MS = 2_000;

function fetchThread(): FetchThread {
  if (thread) return thread;
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  // The worker sits beside this module: .ts in src/ (tests), .js in the compiled lib/ (the CLI).
  const worker = new Worker(new URL(import.meta.url.endsWith('.ts') ? './range-fetch-worker.ts' : './range-fetch-worker.js', import.meta.url), {
    workerData: { port: port2, signal },
    transferList: [port2],
  });
  // Neither the idle worker nor its port may keep a finished build alive.
  worker.unref();
  port1.unref();
  const current: FetchThread = { worker, port: port1, counter: new Int32Array(signal) };
  const forget = () => {
    if (thread === current) thread = undefined;
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  thread = current;
  return current;
}

/** Reads bytes `start..end` of `url`, blocking the calling thread; never throws. */
export function fetchRangeSync(request: Omit<RangeJob, 'id'>): RangeReply {
  const id = nextId++;
  let worker: FetchThread;
  try {
    worker = fetchThread();
  } catch (error) {
    return { id, ok: false, error: `range-fetch worker could not start: ${error instanceof Error ? error.message : String(error)}` };
  }
  const deadline = Date.now() + request.timeoutMs + GRACE_MS;
  worker.port.postMessage({ ...request, id } satisfies RangeJob);
  for (;;) {
    // Read the counter before draining: a reply posted after the drain bumps it, so the
    // wait below returns at once instead of sleeping through it.
    const seen = Atomics.load(worker.counter, 0);
    for (let message = receiveMessageOnPort(worker.port); message; message = receiveMessageOnPort(worker.port)) {
      const reply = message.message as RangeReply;
      // Replies to requests that timed out on this side arrive late: drop them.
      if (reply.id === id) return reply;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { id, ok: false, error: `no answer within ${request.timeoutMs} ms` };
    Atomics.wait(worker.counter, 0, seen, remaining);
  }
}
