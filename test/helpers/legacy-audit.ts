/**
 * The release audit as it was before the one-automaton rewrite (`git log src/build/audit.ts`):
 * every needle's three forms searched with String.includes in every file read as Latin-1.
 * Kept as the reference the new audit must never be looser than (test/unit/build/audit.test.ts)
 * and as the "before" of `npm run bench -- audit`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type { AuditFinding, AuditNeedle } from '../../src/build/audit.ts';

async function* walk(dir: string, base = dir): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, base);
    else if (entry.isFile()) yield full;
  }
}

export function legacyDecoded(bytes: Buffer): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('latin1');
    } catch {
      return bytes.toString('latin1');
    }
  }
  return bytes.toString('latin1');
}

export function legacyVariants(text: string): string[] {
  const lower = text.toLowerCase();
  const html = lower.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const json = JSON.stringify(lower).slice(1, -1);
  return [...new Set([lower, html, json].map((v) => Buffer.from(v, 'utf8').toString('latin1').toLowerCase()))];
}

export async function legacyAuditOutput(outDir: string, needles: AuditNeedle[]): Promise<AuditFinding[]> {
  const findings: AuditFinding[] = [];
  const prepared = needles.filter((n) => n.text.trim().length >= 6).map((n) => ({ ...n, forms: legacyVariants(n.text) }));
  if (prepared.length === 0) return findings;
  for await (const file of walk(outDir)) {
    const relative = path.relative(outDir, file).split(path.sep).join('/');
    const text = legacyDecoded(await readFile(file)).toLowerCase();
    for (const needle of prepared) {
      if (needle.allowedUnder?.some((prefix) => relative.startsWith(prefix))) continue;
      if (needle.forms.some((form) => text.includes(form))) findings.push({ file: relative, what: needle.what });
    }
  }
  return findings;
}
