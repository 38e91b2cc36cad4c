/** The built site as publish sees it: every file under dist/ with its size and SHA-256. */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import pLimit from 'p-limit';

export interface SiteFile {
  /** Path relative to the site root, POSIX separators. */
  path: string;
  absolute: string;
  size: number;
  sha256: string;
}

/** Lists and hashes every regular file under `dir` (sorted by path for stable plans). */
export async function readSiteFiles(dir: string, concurrency = 8): Promise<SiteFile[]> {
  const root = path.resolve(dir);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const limit = pLimit(concurrency);
  const files = await Promise.all(
    entries
      // _headers configures Netlify/Cloudflare-style hosts; an object store cannot use it.
      .filter((e) => e.isFile() && !(e.name === '_headers' && path.resolve(e.parentPath) === root))
      .map((e) =>
        limit(async () => {
          const absolute = path.join(e.parentPath, e.name);
          const [info, sha256] = await Promise.all([stat(absolute), hashFile(absolute)]);
          return { path: path.relative(root, absolute).split(path.sep).join('/'), absolute, size: info.size, sha256 };
        }),
      ),
  );
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
