/**
 * The local mirror a pull writes: a filesystem catalogue (docs/catalogue.md) plus a hidden
 * `.aperture-pull/` folder (ignored by the catalogue reader) holding the state file, the
 * staging area and files that could not be listed. Record folders are written aside in
 * staging and renamed into place only when the whole pull has succeeded, so a pull that
 * fails half-way leaves the previous mirror exactly as it was, and a record folder is
 * never half-written. Every path is checked to stay inside the mirror.
 */
import { mkdir, readFile, rename, rm, writeFile, mkdtemp, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.ts';
import { createHash } from 'node:crypto';
import { ID_PATTERN } from '../validate/experiment.ts';

export const STATE_DIR = '.aperture-pull';

export interface RecordState {
  /** Source key (PullSource.key) that owns the record. */
  source: string;
  originId: string;
  originUrl: string;
  /** Origin.fetchId, kept when it differs from originId: what the direct fetch of a vanished record asks for. */
  fetchId?: string;
  doi: string | null;
  /** Digest of the mapped record: unchanged digest → folder not rewritten. */
  digest: string;
  /** Consecutive full pulls in which the record was neither listed nor fetchable. */
  misses: number;
  state: string;
}

export interface SourceState {
  type: string;
  /** Instant the last complete pull started: the next incremental pull asks for changes since then (less the overlap). */
  watermark: string | null;
  lastFull: string | null;
  /**
   * Records the last pull left out for a failed or unreadable answer (record-failure.ts): an
   * incremental pull asks for them directly, since a listing of changes since the watermark
   * would not bring them again until they change.
   */
  retry?: Array<{ id: string; url: string; fetchId?: string }>;
}

export interface MirrorState {
  version: 1;
  sources: Record<string, SourceState>;
  records: Record<string, RecordState>;
}

export class Mirror {
  readonly root: string;
  private staging: string | null = null;
  private readonly staged = new Map<string, string>();
  private readonly unlisted = new Map<string, string>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get stateFile(): string {
    return path.join(this.root, STATE_DIR, 'state.json');
  }

  async readState(): Promise<MirrorState> {
    try {
      const parsed = JSON.parse(await readFile(this.stateFile, 'utf8')) as MirrorState;
      if (parsed && parsed.version === 1 && parsed.sources && parsed.records) return parsed;
    } catch {
      // No state yet (first pull) or an unreadable one: start over with a full pull.
    }
    return { version: 1, sources: {}, records: {} };
  }

  async writeState(state: MirrorState): Promise<void> {
    await mkdir(path.dirname(this.stateFile), { recursive: true });
    await writeFileAtomically(this.stateFile, JSON.stringify(state, null, 2) + '\n');
  }

  hasRecord(id: string): boolean {
    return ID_PATTERN.test(id) && existsSync(this.recordPath(id));
  }

  async readRecordFile(id: string, name: string): Promise<string | null> {
    try {
      return await readFile(this.inside(this.recordPath(id), name), 'utf8');
    } catch {
      return null;
    }
  }

  /** Writes a record folder into staging; nothing in the mirror changes until commit(). */
  async stage(id: string, files: ReadonlyMap<string, string>): Promise<void> {
    if (!ID_PATTERN.test(id)) throw new Error(`not a record id: ${JSON.stringify(id)}`);
    if (!this.staging) {
      await mkdir(path.join(this.root, STATE_DIR), { recursive: true });
      this.staging = await mkdtemp(path.join(this.root, STATE_DIR, 'staging-'));
    }
    const folder = this.inside(this.staging, id);
    await rm(folder, { recursive: true, force: true });
    for (const [name, text] of files) {
      const target = this.inside(folder, name);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    this.staged.set(id, folder);
  }

  /** Takes back a folder staged in this pull (a later answer says the record is not public after all); true when one was staged. */
  async unstage(id: string): Promise<boolean> {
    const folder = this.staged.get(id);
    if (folder === undefined) return false;
    this.staged.delete(id);
    for (const key of [...this.unlisted.keys()]) if (key.startsWith(path.join(this.root, STATE_DIR, 'unlisted', id) + path.sep)) this.unlisted.delete(key);
    await rm(folder, { recursive: true, force: true });
    return true;
  }

  /** Keeps files the catalogue cannot list (no SHA-256) beside the mirror, so nothing the source said is lost. */
  async stageUnlisted(id: string, datasetId: string, lines: string[]): Promise<void> {
    if (lines.length === 0 || !ID_PATTERN.test(id)) return;
    // Written at commit time, with the record folders: a failed pull changes nothing.
    this.unlisted.set(this.inside(path.join(this.root, STATE_DIR, 'unlisted', id), `${datasetId}.jsonl`), lines.join('\n') + '\n');
  }

  /** Moves every staged folder into place: old folder aside, new one in, old one removed. */
  async commit(): Promise<number> {
    let moved = 0;
    for (const [id, folder] of this.staged) {
      const target = this.recordPath(id);
      const aside = path.join(path.dirname(folder), `.old-${id}`);
      if (existsSync(target)) await rename(target, aside);
      await rename(folder, target);
      await rm(aside, { recursive: true, force: true });
      moved++;
    }
    for (const [target, text] of this.unlisted) {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    await this.discard();
    return moved;
  }

  /** Drops staging: the mirror stays as it was before the pull. */
  async discard(): Promise<void> {
    if (this.staging) await rm(this.staging, { recursive: true, force: true });
    this.staging = null;
    this.staged.clear();
    this.unlisted.clear();
  }

  /** Leftover staging folders from a pull that was killed. */
  async sweep(): Promise<void> {
    const dir = path.join(this.root, STATE_DIR);
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names.filter((n) => n.startsWith('staging-'))) await rm(path.join(dir, name), { recursive: true, force: true });
  }

  private recordPath(id: string): string {
    return this.inside(this.root, id);
  }

  /** Resolves `name` under `folder` and refuses anything that would land outside it. */
  private inside(folder: string, name: string): string {
    const target = path.resolve(folder, name);
    if (target !== folder && !target.startsWith(folder + path.sep)) throw new Error(`refusing to write outside the mirror: ${name}`);
    if (!target.startsWith(this.root + path.sep)) throw new Error(`refusing to write outside the mirror: ${name}`);
    return target;
  }
}

/** SHA-256 over a record's files, each framed by its name and length (the same idea as the catalogue's folder digest). */
export function filesDigest(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const name of [...files.keys()].sort()) {
    const bytes = Buffer.from(files.get(name) ?? '', 'utf8');
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
