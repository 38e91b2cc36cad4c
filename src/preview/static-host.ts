/**
 * The built site served the way the object store it is published to serves it: every file
 * under its own name with the Content-Type and Cache-Control `aperture publish` uploads it
 * with (src/publish/content-types.ts), so extension-less files such as SHA256SUMS answer
 * 200 and a preview never disagrees with production. Folders answer their index.html,
 * a folder without its trailing slash is redirected, anything else is the site's 404 page.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { cacheControlFor, contentTypeFor } from '../publish/content-types.ts';

export interface StaticHost {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Resolves a request path to a file inside `root`, or null when it would leave it. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.join(root, decoded);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

export async function serveSite(root: string, options: { host?: string; port?: number; headers?: Record<string, string> } = {}): Promise<StaticHost> {
  const base = path.resolve(root);
  const extra = options.headers ?? {};
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const file = resolveInside(base, url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!file) {
      res.writeHead(400).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      if (await isFile(path.join(file, 'index.html'))) return send(path.join(file, 'index.html'), 200);
    } else if (info?.isFile()) return send(file, 200);
    const notFound = path.join(base, '404.html');
    if (await isFile(notFound)) return send(notFound, 404);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');

    async function send(target: string, status: number): Promise<void> {
      const relative = path.relative(base, target).split(path.sep).join('/');
      const size = (await stat(target)).size;
      res.writeHead(status, {
        'Content-Type': contentTypeFor(relative),
        'Content-Length': String(size),
        'Cache-Control': status === 200 ? cacheControlFor(relative) : 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...extra,
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(target).pipe(res);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
