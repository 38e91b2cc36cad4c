import { describe, expect, test } from 'vitest';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RecordCache } from '../../../src/build/record-cache.ts';

describe('pruning the record cache', () => {
  test('removes the entries a build did not use, and leaves the index’s cache kept beside the shards', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'record-cache-'));
    const used = 'ab' + '1'.repeat(62);
    const unused = 'ab' + '2'.repeat(62);
    for (const key of [used, unused]) await mkdir(path.join(dir, key.slice(0, 2), key), { recursive: true });
    await mkdir(path.join(dir, 'search'), { recursive: true });
    await writeFile(path.join(dir, 'search', 'inputs.jsonl'), '{}\n');

    expect(await new RecordCache(dir).prune(new Set([used]))).toBe(1);
    expect(await readdir(path.join(dir, 'ab'))).toEqual([used]);
    expect(await readdir(path.join(dir, 'search'))).toEqual(['inputs.jsonl']);
  });
});
