/**
 * The HTTP object store of `startRangeServer`, on its own thread: the ranged HDF5 reader
 * blocks the calling thread while it waits for a block, so the server cannot share it.
 * Path prefixes pick a behaviour; every body byte handed to a socket is counted.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { root, counters } = workerData as { root: string; counters: SharedArrayBuffer };
/** [0] body bytes sent, [1] requests. */
const count = new Int32Array(counters);
/** Ranges ending past this byte misbehave on /norange/ and /stall/ (detection still works). */
const EARLY = 64 * 1024;

const server = createServer((req, res) => {
  Atomics.add(count, 1, 1);
  const [, mode, name] = /^\/(files|norange|stall|liar)\/([\w.-]+)$/.exec(req.url ?? '') ?? [];
  let size: number;
  try {
    size = mode ? statSync(join(root, name)).size : -1;
  } catch {
    size = -1;
  }
  if (size < 0) return res.writeHead(404).end();
  const announced = mode === 'liar' ? size * 2 : size;
  if (req.method === 'HEAD') return res.writeHead(200, { 'Content-Length': announced, 'Accept-Ranges': 'bytes' }).end();
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  const late = range !== null && Number(range[2]) >= EARLY;
  if (mode === 'stall' && late) return; // headers never come; the client's timeout must fire
  const send = (status: number, start: number, end: number, headers: Record<string, string | number>) => {
    res.writeHead(status, { ...headers, 'Content-Length': end - start + 1 });
    const stream = createReadStream(join(root, name), { start, end });
    stream.on('data', (chunk) => Atomics.add(count, 0, chunk.length));
    stream.pipe(res);
    res.on('close', () => stream.destroy());
  };
  if (!range || (mode === 'norange' && late)) return send(200, 0, size - 1, {});
  const start = Number(range[1]);
  if (start >= size) return res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
  const end = Math.min(Number(range[2]), size - 1);
  send(206, start, end, { 'Content-Range': `bytes ${start}-${end}/${size}` });
});

server.listen(0, '127.0.0.1', () => parentPort?.postMessage((server.address() as AddressInfo).port));
parentPort?.on('message', (message) => {
  if (message === 'close') server.close(() => process.exit(0));
});
