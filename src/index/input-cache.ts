/**
 * The index-input cache: what each staged page gives the index (src/index/page-inputs.ts),
 * kept by the SHA-256 of the page's model file, so a build in which one record changed
 * reads and derives that record's models instead of every model of the site (about a
 * gigabyte of JSON at 10,000 records).
 *
 * One pack file, rewritten by every build with exactly the entries that build used, in the
 * order it used them, so the entries of changed and removed pages are pruned as they go.
 * Each line is `<kind>:<digest>\t<inputs as JSON>` after a header line naming the format
 * and the code version. Reading it back is one read and a scan for line ends; an entry is
 * parsed only when a page asks for it, and a reused entry is written back byte for byte.
 * The pack is written under a temporary name and renamed into place, so an interrupted
 * build leaves the previous pack whole, and two builds sharing a cache each leave a valid one.
 *
 * The code version is a hash of every file in this folder: the inputs are a function of
 * the model bytes and of page-inputs.ts, search-document.ts and lookup-key.ts, which import
 * nothing at run time from outside it (test/unit/index/input-cache.test.ts checks that).
 * A pack written by other code is ignored whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IndexedKind, PageInputs } from './page-inputs.ts';

/** Bump when the layout of the pack or of PageInputs changes. */
export const INPUT_CACHE_FORMAT = 1;
export const INPUT_PACK = 'inputs.jsonl';

let memoCodeVersion: string | null = null;

/** Hash of the index code this process runs (every file beside this module, by name and bytes). */
export function indexCodeVersion(): string {
  if (memoCodeVersion) return memoCodeVersion;
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const hash = createHash('sha256').update(`aperture-index-inputs\0${INPUT_CACHE_FORMAT}\0`);
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of files) hash.update(`${name}\0`).update(readFileSync(path.join(dir, name))).update('\0');
  memoCodeVersion = hash.digest('hex');
  return memoCodeVersion;
}

export interface InputCacheStats {
  /** Entries that came from the pack read back. */
  hits: number;
  /** Entries whose model was read and derived. */
  misses: number;
  /** Entries in the pack this build wrote (0 when it wrote none). */
  entries: number;
  bytes: number;
}

const NEWLINE = 0x0a;
const TAB = 0x09;

/** Entry key → the entry's whole line (newline included) in the pack read back. */
function scan(pack: Buffer, header: string): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  const first = pack.indexOf(NEWLINE);
  if (first < 0 || pack.toString('utf8', 0, first) !== header) return entries;
  for (let start = first + 1; start < pack.length; ) {
    const end = pack.indexOf(NEWLINE, start);
    // A line without its newline was never written whole: leave it out.
    if (end < 0) break;
    const tab = pack.indexOf(TAB, start);
    if (tab > start && tab < end) entries.set(pack.toString('latin1', start, tab), pack.subarray(start, end + 1));
    start = end + 1;
  }
  return entries;
}

/** An entry's inputs, or undefined when its line does not parse. */
function parseEntry(line: Buffer): PageInputs | undefined {
  try {
    return JSON.parse(line.toString('utf8', line.indexOf(TAB) + 1, line.length - 1)) as PageInputs;
  } catch {
    return undefined;
  }
}

export class InputCache {
  private readonly used = new Map<string, Buffer>();
  /** Entries of the pack read back, parsed ahead of being asked for (prefetch). */
  private readonly parsed = new Map<string, PageInputs>();
  private hits = 0;
  private misses = 0;

  private constructor(
    private readonly dir: string,
    private readonly header: string,
    private readonly previous: Map<string, Buffer>,
  ) {}

  /** The cache in `dir` (missing, unreadable or written by other code: empty). */
  static async open(dir: string): Promise<InputCache> {
    const header = JSON.stringify({ format: INPUT_CACHE_FORMAT, code: indexCodeVersion() });
    let pack: Buffer | null = null;
    try {
      pack = await readFile(path.join(dir, INPUT_PACK));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return new InputCache(dir, header, pack ? scan(pack, header) : new Map());
  }

  /** Parses every entry of the pack read back of this kind now, so asking for one later costs a lookup. */
  prefetch(kind: IndexedKind): void {
    const prefix = `${kind}:`;
    for (const [key, line] of this.previous) {
      if (!key.startsWith(prefix)) continue;
      const inputs = parseEntry(line);
      if (inputs) this.parsed.set(key, inputs);
    }
  }

  /** The inputs of a page whose model has this digest, if a build kept them; marks the entry used. */
  get(kind: IndexedKind, digest: string): PageInputs | undefined {
    const key = `${kind}:${digest}`;
    const again = this.used.get(key);
    const line = again ?? this.previous.get(key);
    if (!line) return undefined;
    // A prefetched entry is handed out once; asked again, it is parsed again, so no two pages share one object.
    const ready = this.parsed.get(key);
    if (ready) this.parsed.delete(key);
    // A damaged entry is a miss: the model is read again and the entry rewritten.
    const inputs = ready ?? parseEntry(line);
    if (!inputs) return undefined;
    // Asked again in the same build (the index reads landing pages twice): one hit, or one miss, per entry.
    if (!again) {
      this.used.set(key, line);
      this.hits += 1;
    }
    return inputs;
  }

  /** Keeps the inputs derived from a page's model. */
  set(kind: IndexedKind, digest: string, inputs: PageInputs): void {
    this.used.set(`${kind}:${digest}`, Buffer.from(`${kind}:${digest}\t${JSON.stringify(inputs)}\n`));
    this.misses += 1;
  }

  /** Writes the pack with the entries this build used, and only those. */
  async save(): Promise<InputCacheStats> {
    await mkdir(this.dir, { recursive: true });
    const pack = Buffer.concat([Buffer.from(`${this.header}\n`), ...this.used.values()]);
    const temporary = path.join(this.dir, `.${INPUT_PACK}.${process.pid}.${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(temporary, pack);
      await rename(temporary, path.join(this.dir, INPUT_PACK));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { ...this.stats(), entries: this.used.size, bytes: pack.length };
  }

  stats(): InputCacheStats {
    return { hits: this.hits, misses: this.misses, entries: 0, bytes: 0 };
  }
}
