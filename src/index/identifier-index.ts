/**
 * The exact-identifier lookup: a static map from every DOI, related DOI, PDB ID, proposal
 * number, ORCID and file name in the catalogue to the pages that carry it, consulted by the
 * search page before pagefind's ranked search. Split into shards by a hash of the key
 * (src/index/lookup-key.ts), so a search fetches meta.json and one small shard however
 * large the catalogue; 200,000 file names of one dataset spread over all shards.
 *
 * Entries are spilled to bucket files as they come, so memory holds one bucket at a
 * time rather than every file name of the catalogue.
 */
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LOOKUP_DIR, fnv1a, shardFileName, type LookupHit, type LookupMeta } from './lookup-key.ts';
import { ShardKey, type KeptLookupShards } from './lookup-shards-kept.ts';
import { linkOrCopy } from '../files/link-tree.ts';

/** Buckets on disk; the final shard count is a power of two dividing it. */
const BUCKETS = 4096;
/** Aim for shards of about this many bytes (before compression). */
const TARGET_SHARD_BYTES = 48 * 1024;
/** Hits kept per key (a file name such as `XDS.INP` can be in every record); a `more` entry then says how many pages carry it. */
export const MAX_HITS_PER_KEY = 50;
/** Runs kept per file-name pattern: a 200,000-frame dataset at 250 a page has 800. */
export const MAX_RUNS_PER_KEY = 1000;
/**
 * Entries held in memory before they go to the bucket files (about 150 bytes each). A
 * 10,000-record catalogue has about 285,000: kept in memory, its lookup is written without
 * 8,000 appends to bucket files and 4,000 reads of them (about 1.5 s of CPU).
 */
const SPILL_LINES = 600_000;

export interface LookupIndexResult {
  keys: number;
  hits: number;
  shards: number;
  bytes: number;
  largestShardBytes: number;
}

export class LookupIndexWriter {
  private buffers = new Map<number, string[]>();
  private buffered = 0;
  private bytes = 0;
  private hits = 0;
  private spilled = false;

  /** `spillLines`: entries held in memory before they go to the bucket files. */
  constructor(
    private readonly workDir: string,
    private readonly spillLines = SPILL_LINES,
  ) {}

  async add(key: string, hit: LookupHit): Promise<void> {
    const bucket = fnv1a(key) % BUCKETS;
    const line = JSON.stringify([key, hit]);
    const lines = this.buffers.get(bucket) ?? [];
    lines.push(line);
    this.buffers.set(bucket, lines);
    this.buffered += 1;
    this.bytes += line.length;
    this.hits += 1;
    if (this.buffered >= this.spillLines) await this.spill();
  }

  private async spill(): Promise<void> {
    this.spilled = true;
    await mkdir(this.workDir, { recursive: true });
    for (const [bucket, lines] of this.buffers) await appendFile(path.join(this.workDir, `${bucket}.jsonl`), lines.join('\n') + '\n');
    this.buffers.clear();
    this.buffered = 0;
  }

  /**
   * Writes `<outDir>/search-ids/meta.json` and the shards; removes the bucket files. With
   * `kept` (src/index/lookup-shards-kept.ts), a shard whose entries are those of a kept one is
   * linked from it, and a shard built here is kept; `code` names the code that builds shards.
   */
  async write(outDir: string, kept?: { shards: KeptLookupShards; code: string }): Promise<LookupIndexResult> {
    // A catalogue whose lookup fits in one spill never touches the bucket files.
    const inMemory = !this.spilled;
    if (!inMemory) await this.spill();
    let shards = 1;
    while (shards < BUCKETS && this.bytes / shards > TARGET_SHARD_BYTES) shards *= 2;
    const dir = path.join(outDir, LOOKUP_DIR);
    await mkdir(dir, { recursive: true });
    let keys = 0;
    let written = 0;
    let largest = 0;
    const count = (shardKeys: number, bytes: number) => {
      keys += shardKeys;
      written += bytes;
      largest = Math.max(largest, bytes);
    };
    for (let shard = 0; shard < shards; shard++) {
      const buckets: string[][] = [];
      for (let bucket = shard; bucket < BUCKETS; bucket += shards) {
        const file = path.join(this.workDir, `${bucket}.jsonl`);
        const lines = inMemory ? (this.buffers.get(bucket) ?? []) : existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter(Boolean) : [];
        buckets.push(lines);
      }
      if (buckets.every((lines) => lines.length === 0)) continue;
      const target = path.join(dir, shardFileName(shard, shards));
      let digest: string | null = null;
      if (kept) {
        const key = new ShardKey(kept.code, shards, shard);
        for (const lines of buckets) key.add(lines);
        digest = key.digest();
        const found = kept.shards.find(digest);
        if (found) {
          await linkOrCopy(found.file, target);
          count(found.keys, found.bytes);
          continue;
        }
      }
      const map = new Map<string, LookupHit[]>();
      // The pages of each key that has more than a shard keeps: the search page says how many carry it.
      const overflow = new Map<string, Set<string>>();
      for (const lines of buckets) {
        for (const line of lines) {
          const [key, hit] = JSON.parse(line) as [string, LookupHit];
          const list = map.get(key) ?? [];
          map.set(key, list);
          if (list.some((h) => h.every((part, i) => part === hit[i]))) continue;
          if (list.length < (hit[0] === 'files' ? MAX_RUNS_PER_KEY : MAX_HITS_PER_KEY)) list.push(hit);
          else if (hit[0] !== 'files') {
            let pages = overflow.get(key);
            if (!pages) overflow.set(key, (pages = new Set(list.filter((h) => h[0] !== 'files').map((h) => h[1]))));
            pages.add(hit[1]);
          }
        }
      }
      for (const [key, pages] of overflow) map.get(key)!.push(['more', '', '', String(pages.size)]);
      // Sorted keys: the same catalogue writes the same bytes whatever order records staged in.
      const sorted = Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const text = JSON.stringify(sorted);
      const bytes = Buffer.byteLength(text);
      count(map.size, bytes);
      await writeFile(target, text);
      if (kept && digest) await kept.shards.keep(digest, map.size, bytes, target);
    }
    const meta: LookupMeta = { version: 1, shards, keys };
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
    this.buffers.clear();
    await rm(this.workDir, { recursive: true, force: true });
    return { keys, hits: this.hits, shards, bytes: written, largestShardBytes: largest };
  }
}
