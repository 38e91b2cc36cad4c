/**
 * A rebuild whose inputs are all unchanged since the live build is that build: the same
 * records, configuration, code and day give the same bytes (every stage is a function of
 * them, and the tests compare incremental and clean builds file by file). So before any
 * stage runs, the build fingerprints its inputs and, when the fingerprint equals the one the
 * live build was made from, keeps the live build and says so.
 *
 * The catalogue is fingerprinted by file metadata, as git's index does: path, size,
 * modification and change times (nanoseconds) and inode of every input file — one stat
 * each, no bytes read. Change time cannot be set back by a program, so a rewritten file is
 * always seen. A file written in the second before the fingerprint was taken could be
 * written again in the same clock tick without its times moving ("racy git"). As git does
 * for such a file, a record folder modified that recently is compared by content instead:
 * the fingerprint names it without its stamp, the build saves the digest of what it read,
 * and the next build reads that record again and keeps the live build only if its digest
 * is the same (recordsAsBuilt). A curator's release, which builds right after the record was
 * edited, is then followed by an unchanged rebuild that reads one record, not the whole
 * catalogue's pass. Any other input modified that recently leaves the fingerprint unsaved,
 * and the next build runs in full.
 *
 * Inputs outside the catalogue: the site configuration and UTC day (as the record cache's
 * siteKey), the whole code (staging and renderer sources, Astro's config, dependency
 * versions), the published-DOI list read back from the live site, and the build options
 * that change the output. Object-storage verification reads the bucket, which no
 * fingerprint can see, so a site that verifies on build never takes this path.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { CatalogueSource } from '../catalogue/types.ts';
// A file modified this close to the fingerprint may change again unseen (see above); the record stamps use the same bound.
import { RACY_MS, type RecordStamps } from '../catalogue/record-stamps.ts';

/** Saved beside the site's work files when a build goes live. */
export const LAST_BUILD_FILE = 'last-build.json';


export interface InputFingerprint {
  value: string;
  /** False when an input other than a stamped record folder was modified too recently for its times to be trusted. */
  settled: boolean;
  /** Stamped record folders fingerprinted by name alone (FingerprintInputs.racy, or no stamp yet): their content is compared instead. */
  racy: string[];
}

export interface LastBuild<R> {
  fingerprint: string;
  /** The kept build that went live from these inputs. */
  live: string;
  report: R;
  /** Record id → content digest of the records the fingerprint names without a stamp (InputFingerprint.racy). */
  racy?: Record<string, string>;
}

export interface FingerprintInputs {
  catalogue: string;
  /** Project root: src/, astro.config.mjs and package-lock.json are the code. */
  projectRoot: string;
  /** Everything else that decides the output, JSON-serialisable (config, day, DOI list, options). */
  settings: unknown;
  /**
   * The experiment folders' stamps (src/catalogue/record-stamps.ts), taken by the build for
   * its stage anyway: a folder is then its stamp, and only the other files are stat'ed here,
   * so a 10,000-folder catalogue is not stat'ed twice.
   */
  stamps?: RecordStamps;
  /** Record folders named without their stamp whatever it is now: the last build's racy ones, to compare with its fingerprint. */
  racy?: ReadonlySet<string>;
}

export function fingerprintInputs(o: FingerprintInputs, now = Date.now()): InputFingerprint {
  const hash = createHash('sha256').update('aperture-inputs\0');
  hash.update(JSON.stringify(o.settings) ?? 'null').update('\0');
  hash.update(codeDigest(o.projectRoot)).update('\0');
  let settled = true;
  const racy: string[] = [];
  const stat = (relative: string, full: string) => {
    const s = statSync(full, { bigint: true });
    hash.update(`${relative}\0${s.size}\0${s.mtimeNs}\0${s.ctimeNs}\0${s.ino}\0`);
    if (Number(s.mtimeMs > s.ctimeMs ? s.mtimeMs : s.ctimeMs) > now - RACY_MS) settled = false;
  };
  for (const input of inputFiles(o.catalogue, o.stamps)) {
    if ('stamp' in input && (input.stamp === null || o.racy?.has(input.relative))) {
      hash.update(`${input.relative}/\0racy\0`);
      racy.push(input.relative);
    } else if ('stamp' in input) hash.update(`${input.relative}/\0${input.stamp}\0`);
    else stat(input.relative, input.full);
  }
  return { value: hash.digest('hex'), settled, racy };
}

type InputFile = { relative: string; full: string } | { relative: string; stamp: string | null };

/**
 * Every visible regular file under the catalogue, in a stable order (hidden files are not
 * inputs, as for the record digest); a stamped experiment folder stands for its files. A
 * catalogue that is one file (a DataCite XML or JSON file) is that file.
 */
function* inputFiles(root: string, stamps?: RecordStamps, prefix = ''): Generator<InputFile> {
  let entries;
  try {
    entries = readdirSync(path.join(root, prefix), { withFileTypes: true });
  } catch (error) {
    if (!prefix && (error as NodeJS.ErrnoException).code === 'ENOTDIR') yield { relative: path.basename(root), full: root };
    return; // a missing catalogue is the build's to report
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !prefix && stamps?.has(entry.name)) yield { relative, stamp: stamps.get(entry.name)! };
    else if (entry.isDirectory()) yield* inputFiles(root, stamps, relative);
    else if (entry.isFile()) yield { relative, full: path.join(root, relative) };
  }
}

const CODE = ['src', 'astro.config.mjs', 'package-lock.json'];

/** The code that makes the site: its sources (renderer included), Astro's config and the locked dependency versions. */
export function codeDigest(root: string): string {
  const hash = createHash('sha256');
  const add = (relative: string) => {
    const full = path.join(root, relative);
    let s;
    try {
      s = statSync(full);
    } catch {
      return;
    }
    if (s.isDirectory()) {
      for (const name of readdirSync(full).sort()) add(`${relative}/${name}`);
    } else if (s.isFile()) {
      hash.update(`${relative}\0`).update(readFileSync(full)).update('\0');
    }
  };
  for (const part of CODE) add(part);
  return hash.digest('hex');
}

export async function readLastBuild<R>(workDir: string): Promise<LastBuild<R> | null> {
  try {
    const saved = JSON.parse(await readFile(path.join(workDir, LAST_BUILD_FILE), 'utf8')) as LastBuild<R>;
    return typeof saved?.fingerprint === 'string' && typeof saved.live === 'string' ? saved : null;
  } catch {
    return null;
  }
}

/**
 * Remembers what the live build was made from, with the content digests (`read`: record id →
 * digest, as the stage read them) of the records fingerprinted without a stamp. An unsettled
 * fingerprint, or a racy record the stage did not read, is forgotten instead.
 */
export async function saveLastBuild<R>(workDir: string, fingerprint: InputFingerprint, live: string, report: R, read: Readonly<Record<string, string>> = {}): Promise<void> {
  const racy = Object.fromEntries(fingerprint.racy.map((id) => [id, Object.hasOwn(read, id) ? read[id] : undefined]));
  const trusted = fingerprint.settled && Object.values(racy).every((digest) => typeof digest === 'string');
  const saved: LastBuild<R> | null = trusted ? { fingerprint: fingerprint.value, live, report, ...(fingerprint.racy.length ? { racy: racy as Record<string, string> } : {}) } : null;
  await writeFileAtomically(path.join(workDir, LAST_BUILD_FILE), JSON.stringify(saved));
}

/**
 * Whether each record the last build read without a trusted stamp still has the content it
 * read (`digests`: record id → digest): read again now, as the stage reads a record.
 */
export async function recordsAsBuilt(source: CatalogueSource, digests: Readonly<Record<string, string>>): Promise<boolean> {
  const left = new Map(Object.entries(digests));
  for await (const raw of source.experiments(new DiagnosticSink(), (id) => left.has(id))) {
    if (left.get(raw.id) !== raw.digest) return false;
    left.delete(raw.id);
  }
  return left.size === 0;
}
