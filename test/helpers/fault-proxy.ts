/**
 * A fault-injecting HTTP proxy in front of the local S3-compatible server: each request is
 * passed through, answered 500, left hanging (a timeout for the client) or cut off (a
 * connection reset), as the test's plan says.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'pass' | '500' | 'hang' | 'reset';

export interface FaultProxy {
  url: string;
  /** Requests seen, with the fault each got. */
  log: Array<{ method: string; path: string; fault: Fault }>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, plan: (req: { method: string; path: string; n: number }) => Fault): Promise<FaultProxy> {
  const upstream = new URL(target);
  const log: FaultProxy['log'] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = plan({ method, path, n: n++ });
    log.push({ method, path, fault });
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      req.resume(); // read the body, never answer
      return;
    }
    if (fault === '500') {
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0"?><Error><Code>InternalError</Code><Message>injected</Message></Error>');
      });
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
