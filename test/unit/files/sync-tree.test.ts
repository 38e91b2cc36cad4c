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
import { applySync, planSync, syncParts } from '../../../src/files/sync-tree.ts';
import { linkTree } from '../../../src/files/link-tree.ts';

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

  test('a plan made against a folder of the same files under other names (the live build) brings the output up to date as syncParts does', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'aperture-sync-'));
    const fresh = path.join(root, 'fresh');
    const live = path.join(root, 'live');
    for (const dir of [fresh, live]) await mkdir(path.join(dir, 'index', 'a'), { recursive: true });
    await writeFile(path.join(live, 'index/a/same'), 'same');
    await writeFile(path.join(fresh, 'index/a/same'), 'same');
    await writeFile(path.join(live, 'index/a/old'), 'old');
    await writeFile(path.join(fresh, 'index/a/new'), 'new');
    await writeFile(path.join(live, 'index/changed'), 'one');
    await writeFile(path.join(fresh, 'index/changed'), 'two');
    // The output starts as hard links to the live build, as an incremental build's does.
    const out = path.join(root, 'out');
    await linkTree(live, out);
    const sameInode = (await stat(path.join(out, 'index/a/same'))).ino;

    const plan = await planSync(fresh, live, ['index']);
    expect([...plan.replace].sort()).toEqual(['index/a/new', 'index/changed']);
    expect(plan.remove).toEqual(['index/a/old']);
    const changes = await applySync(fresh, out, plan);
    expect(changes).toEqual({ written: plan.replace, removed: ['index/a/old'] });
    expect(await readFile(path.join(out, 'index/changed'), 'utf8')).toBe('two');
    expect(existsSync(path.join(out, 'index/a/old'))).toBe(false);
    expect((await stat(path.join(out, 'index/a/same'))).ino).toBe(sameInode);
    // The live build is untouched.
    expect(await readFile(path.join(live, 'index/changed'), 'utf8')).toBe('one');
    expect(existsSync(path.join(live, 'index/a/old'))).toBe(true);
  });
});
