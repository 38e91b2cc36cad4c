/**
 * `aperture serve-hooks`: a small HTTP endpoint for release notifications from the archive
 * catalogue. `POST /release` with a Standard Webhooks signature queues a build (202);
 * anything forged, stale, replayed or unsigned gets 401 and starts nothing. `GET /status`
 * says what the builder is doing. Bound to 127.0.0.1 unless told otherwise: put it behind
 * the facility's reverse proxy rather than on a public interface.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDoi, normaliseDoi } from '../record/doi.ts';
import type { CoalescingBuildQueue } from './build-queue.ts';
import type { ReleaseVerifier } from './verify-release.ts';

/** A notification is a DOI or nothing; anything larger is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HookServerOptions {
  host?: string;
  port?: number;
  verifier: ReleaseVerifier;
  queue: CoalescingBuildQueue;
  log?: (line: string) => void;
}

export interface HookServer {
  url: string;
  close(): Promise<void>;
}

export async function startHookServer(o: HookServerOptions): Promise<HookServer> {
  const log = o.log ?? (() => {});
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log(`serve-hooks: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const route = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (route === '/status') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: 'use GET' }, { allow: 'GET, HEAD' });
      return reply(res, 200, o.queue.status());
    }
    if (route !== '/release') return reply(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' }, { allow: 'POST' });

    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return reply(res, 413, { error: `body over ${MAX_BODY_BYTES} bytes` });
    const verdict = o.verifier.verify(body, req.headers);
    if (!verdict.ok) {
      log(`serve-hooks: refused a notification: ${verdict.reason}`);
      return reply(res, 401, { error: 'invalid signature', reason: verdict.reason });
    }
    const parsed = parseRelease(body);
    if ('error' in parsed) return reply(res, 400, { error: parsed.error });
    o.queue.enqueue(verdict.id, parsed.doi);
    log(`serve-hooks: ${verdict.id} queued ${parsed.doi ?? 'a full rebuild'}`);
    return reply(res, 202, { accepted: verdict.id, doi: parsed.doi ?? null, status: o.queue.status().state });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `{"doi": "10.…"}` names one record; an empty body (or `{}`) asks for a full rebuild. */
export function parseRelease(body: Buffer): { doi?: string } | { error: string } {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'body is not JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'body must be a JSON object' };
  const doi = (value as { doi?: unknown }).doi;
  if (doi === undefined || doi === null) return {};
  if (typeof doi !== 'string' || !isDoi(normaliseDoi(doi))) return { error: 'doi is not a DOI' };
  return { doi: normaliseDoi(doi) };
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body) + '\n');
}
