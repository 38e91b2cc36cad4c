/**
 * syncParts: an output folder brought up to date from freshly written files without writing
 * any file in place — same bytes keep their inode (small files read whole, large ones a chunk
 * at a time), changed and new files are linked anew, files gone are removed.
 */
import { describe, expect, test } from 'vitest';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syncParts } from '../../../src/files/sync-tree.ts';

const big = (last: string) => Buffer.concat([Buffer.alloc(2.5 * 1024 * 1024, 'x'), Buffer.from(last)]);

describe('syncParts', () => {
  test('keeps files whose bytes are the same, replaces changed and new ones, removes those gone', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'aperture-sync-'));
    const fresh = path.join(root, 'fresh');
    const target = path.join(root, 'target');
    for (const dir of [fresh, target]) await mkdir(path.join(dir, 'lists'), { recursive: true });
    const files: Record<string, [string | Buffer | null, string | Buffer | null]> = {
      'lists/same.json': ['{"a":1}', '{"a":1}'],
      'lists/changed.json': ['{"a":2}', '{"a":1}'],
      'lists/same-big.jsonl': [big('end'), big('end')],
      'lists/changed-big.jsonl': [big('new'), big('old')],
      'lists/new.json': ['{}', null],
      'lists/gone.json': [null, '{}'],
    };
    for (const [file, [now, before]] of Object.entries(files)) {
      if (now !== null) await writeFile(path.join(fresh, file), now);
      if (before !== null) await writeFile(path.join(target, file), before);
    }
    const inode = async (file: string) => (await stat(path.join(target, file))).ino;
    const kept = { same: await inode('lists/same.json'), big: await inode('lists/same-big.jsonl') };

    const changes = await syncParts(fresh, target, ['lists']);
    expect([...changes.written].sort()).toEqual(['lists/changed-big.jsonl', 'lists/changed.json', 'lists/new.json']);
    expect(changes.removed).toEqual(['lists/gone.json']);
    expect(await inode('lists/same.json')).toBe(kept.same);
    expect(await inode('lists/same-big.jsonl')).toBe(kept.big);
    expect((await readFile(path.join(target, 'lists/changed-big.jsonl'))).subarray(-3).toString()).toBe('new');
    expect(existsSync(path.join(target, 'lists/gone.json'))).toBe(false);
  });
});
