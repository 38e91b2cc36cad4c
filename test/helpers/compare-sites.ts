/**
 * Compares two built sites file for file: every path of either, by bytes. Each difference is
 * named by path with a short account of it (missing on one side, or the first differing
 * line of both), so a failing test says what differs, not only that something does.
 */
import { readdir, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';

/** Every file under `dir` (a symbolic link to the live build is followed), relative and `/`-separated. */
export async function siteFiles(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return out;
}

function text(bytes: Buffer): string {
  // pagefind's files are gzip-compressed: compare what they hold.
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return plain.toString('utf8');
}

function clip(line: string, at: number): string {
  const from = Math.max(0, at - 60);
  return `${from > 0 ? '…' : ''}${line.slice(from, from + 160)}${line.length > from + 160 ? '…' : ''}`;
}

/** The first place two files differ, in a line or two. */
function firstDifference(left: Buffer, right: Buffer): string {
  const a = text(left).split('\n');
  const b = text(right).split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const [x = '', y = ''] = [a[i], b[i]];
    let at = 0;
    while (at < x.length && x[at] === y[at]) at++;
    return `line ${i + 1}:\n    - ${clip(x, at)}\n    + ${clip(y, at)}`;
  }
  return `${left.length} bytes vs ${right.length} bytes (same text after decompression)`;
}

/**
 * The differences between site `a` (shown as `-`) and site `b` (`+`), one string per
 * differing path, sorted by path; empty when the two are identical.
 */
export async function siteDifferences(a: string, b: string): Promise<string[]> {
  const [left, right] = await Promise.all([siteFiles(a), siteFiles(b)]);
  const out: string[] = [];
  for (const name of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const x = left.get(name);
    const y = right.get(name);
    if (!x) out.push(`${name}: only in ${b}`);
    else if (!y) out.push(`${name}: only in ${a}`);
    else if (!x.equals(y)) out.push(`${name}: ${firstDifference(x, y)}`);
  }
  return out;
}
