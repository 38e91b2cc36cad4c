/**
 * A local HTTP server on 127.0.0.1 (random port) that answers pull sources from a route
 * function, the way the recorded APIs answered: bodies built from the real shapes,
 * statuses and headers (Retry-After, truncated bodies) as a test needs them. Every request
 * is logged so tests can assert what the client asked for.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (UTF-8); a Buffer as these bytes. */
  body?: unknown;
  /** Send only the first n bytes of the body, then end the response: a truncated page. */
  truncateAt?: number;
}

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  url: string;
  body: string;
}

export interface Replay {
  url: string;
  requests: Request[];
  stop(): Promise<void>;
}

export async function startReplay(route: (req: Request, replay: { url: string }) => Reply | undefined): Promise<Replay> {
  const requests: Request[] = [];
  const state = { url: '' };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', state.url);
      const request: Request = { method: req.method ?? 'GET', path: parsed.pathname, query: parsed.searchParams, url: parsed.toString(), body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      let reply: Reply | undefined;
      try {
        reply = route(request, state);
      } catch (error) {
        reply = { status: 500, body: { error: String(error) } };
      }
      reply ??= { status: 404, body: { errors: [{ status: '404', title: 'The resource you are looking for doesn\'t exist.' }] } };
      const bytes = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null), 'utf8');
      const sent = reply.truncateAt === undefined ? bytes : bytes.subarray(0, reply.truncateAt);
      res.writeHead(reply.status ?? 200, {
        'content-type': typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8',
        ...reply.headers,
      });
      res.end(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: state.url,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
