/**
 * Worker thread of `fetchRangeSync`: performs one HTTP `Range` GET per job with a
 * timeout, checks the 206 answer and its Content-Range, and hands the bytes back to the
 * blocked main thread (reply on the port first, then bump the shared counter it waits on).
 * Runs as plain Node (type stripping), so it imports node built-ins only.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { RangeJob, RangeReply } from './sync-range-fetch.ts';

const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const counter = new Int32Array(signal);

/** `bytes first-last/total` → numbers; total is null for `*`. */
function contentRange(header: string | null): { first: number; last: number; total: number | null } | null {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header?.trim() ?? '');
  if (!m) return null;
  return { first: Number(m[1]), last: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

async function run(job: RangeJob): Promise<RangeReply> {
  const fail = (error: string, status?: number): RangeReply => ({ id: job.id, ok: false, error, status });
  try {
    const response = await fetch(job.url, {
      headers: { ...job.headers, Range: `bytes=${job.start}-${job.end}` },
      signal: AbortSignal.timeout(job.timeoutMs),
    });
    if (response.status !== 206) {
      // A 200 here is the whole object: stop it instead of downloading it.
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 200) return fail('the server ignored the Range header (HTTP 200 instead of 206)', 200);
      if (response.status === 416) return fail(`bytes ${job.start}-${job.end} are past the end of the object (HTTP 416)`, 416);
      return fail(`HTTP ${response.status}`, response.status);
    }
    const range = contentRange(response.headers.get('content-range'));
    const asked = job.end - job.start + 1;
    if (!range || range.first !== job.start || range.last < range.first || range.last - range.first + 1 > asked) {
      await response.body?.cancel().catch(() => undefined);
      return fail(`unexpected Content-Range "${response.headers.get('content-range') ?? ''}" for bytes ${job.start}-${job.end}`, 206);
    }
    const expected = range.last - range.first + 1;
    const out = new Uint8Array(expected);
    let filled = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      if (filled + chunk.value.length > expected) {
        await reader?.cancel().catch(() => undefined);
        return fail(`the server sent more than the ${expected} bytes of its Content-Range`, 206);
      }
      out.set(chunk.value, filled);
      filled += chunk.value.length;
    }
    if (filled !== expected) return fail(`the response ended after ${filled} of ${expected} bytes`, 206);
    return { id: job.id, ok: true, bytes: out, total: range.total };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return fail(`no complete answer within ${job.timeoutMs} ms`);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return fail(`${error instanceof Error ? error.message : String(error)}${cause}`);
  }
}

port.on('message', (job: RangeJob) => {
  void run(job).then((reply) => {
    port.postMessage(reply, reply.ok ? [reply.bytes.buffer as ArrayBuffer] : []);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  });
});
