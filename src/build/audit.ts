/**
 * The release-gate audit: after everything is written, search every output file
 * (pagefind's gzip fragments included) for anything withheld. A withdrawn record may
 * appear only on its own tombstone page. Any hit fails the build before it is published.
 */
import { readdir, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';

export interface AuditNeedle {
  /** What is looked for (compared case-insensitively). */
  text: string;
  /** Why it must not appear, e.g. `unpublished record x (DOI)`. */
  what: string;
  /** Output paths (relative, `/`-separated) under which the text is allowed. */
  allowedUnder?: string[];
}

export interface AuditFinding {
  file: string;
  what: string;
}

async function* walk(dir: string, base = dir): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, base);
    else if (entry.isFile()) yield full;
  }
}

function decoded(bytes: Buffer): string {
  // pagefind writes its index and fragments gzip-compressed.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('latin1');
    } catch {
      return bytes.toString('latin1');
    }
  }
  return bytes.toString('latin1');
}

/** Variants a text takes in HTML, JSON and XML output, lower-cased. */
function variants(text: string): string[] {
  const lower = text.toLowerCase();
  const html = lower.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const json = JSON.stringify(lower).slice(1, -1);
  // Haystacks are read as latin1 and lower-cased there, so needles get the same treatment.
  return [...new Set([lower, html, json].map((v) => Buffer.from(v, 'utf8').toString('latin1').toLowerCase()))];
}

export async function auditOutput(outDir: string, needles: AuditNeedle[]): Promise<AuditFinding[]> {
  const findings: AuditFinding[] = [];
  const prepared = needles.filter((n) => n.text.trim().length >= 6).map((n) => ({ ...n, forms: variants(n.text) }));
  if (prepared.length === 0) return findings;
  for await (const file of walk(outDir)) {
    const relative = path.relative(outDir, file).split(path.sep).join('/');
    const text = decoded(await readFile(file)).toLowerCase();
    for (const needle of prepared) {
      if (needle.allowedUnder?.some((prefix) => relative.startsWith(prefix))) continue;
      if (needle.forms.some((form) => text.includes(form))) findings.push({ file: relative, what: needle.what });
    }
  }
  return findings;
}
