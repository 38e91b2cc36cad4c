/** Header-only reads over HTTP ranges against a real local server that honours Range. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRangeSource } from '../../../src/images/byte-source.ts';
import { readImage } from '../../../src/images/read-image.ts';
import { miniCbfBytes, smvBytes, syntheticFrame } from '../../../src/images/synthetic.ts';

const frame = syntheticFrame({ width: 512, height: 512, seed: 11 });
const files: Record<string, Uint8Array> = { '/a.cbf': miniCbfBytes(frame), '/a.img': smvBytes(frame) };
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files[req.url?.replace(/^\/norange/, '') ?? ''];
    if (!body) return res.writeHead(404).end();
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (req.method === 'HEAD') return res.writeHead(200, { 'Content-Length': body.length, 'Accept-Ranges': 'bytes' }).end();
    if (!range || req.url?.startsWith('/norange')) return res.writeHead(200, { 'Content-Length': body.length }).end(body);
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), body.length - 1);
    if (start >= body.length) return res.writeHead(416).end();
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 });
    res.end(body.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpRangeSource', () => {
  it.each(['/a.cbf', '/a.img'])('reads %s metadata from the header without downloading the pixels', async (path) => {
    const source = httpRangeSource(base + path, { timeoutMs: 5000 });
    const read = await readImage(source);
    expect(read.technical.wavelength_angstrom).toBe(0.9763);
    expect(read.technical.width_px).toBe(512);
    expect(source.bytesRead).toBeGreaterThan(0);
    expect(source.bytesRead).toBeLessThan(files[path].length / 10);
  });

  it('reads a whole frame through ranges when a preview needs it', async () => {
    const source = httpRangeSource(`${base}/a.cbf`);
    const read = await readImage(source, { frame: true });
    expect(read.frame?.data[1000]).toBe(frame.values[1000]);
    expect(source.bytesRead).toBeLessThanOrEqual(files['/a.cbf'].length);
  });

  it('refuses a server that ignores Range instead of downloading the whole object', async () => {
    const read = await readImage(httpRangeSource(`${base}/norange/a.cbf`));
    expect(read.diagnostics.map((d) => d.code)).toEqual(['image/unreadable']);
  });

  it('reports an unreachable object as unreadable within the timeout', async () => {
    const read = await readImage(httpRangeSource(`${base}/missing.cbf`, { timeoutMs: 2000 }));
    expect(read.diagnostics.map((d) => d.code)).toEqual(['image/unreadable']);
  });
});
