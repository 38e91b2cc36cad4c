/** What a release changes, file by file: linked, copied, resized and rewritten files are told apart correctly. */
import { describe, expect, it } from 'vitest';
import { link, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diffSites } from '../../../src/publish/site-diff.ts';
import { tempDir } from '../../helpers/build-fixture.ts';

async function put(root: string, file: string, text: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

describe('diffSites', () => {
  it('names added, changed and removed pages and counts files and search entries', async () => {
    const root = await tempDir('site-diff-');
    const [a, b] = [path.join(root, 'a'), path.join(root, 'b')];
    await put(a, 'index.html', '<h1>Home</h1>');
    await put(b, 'index.html', '<h1>Home</h1>'); // a copy, same bytes: unchanged
    await put(a, 'doi/10.5072/linked/index.html', 'same inode');
    await mkdir(path.join(b, 'doi/10.5072/linked'), { recursive: true });
    await link(path.join(a, 'doi/10.5072/linked/index.html'), path.join(b, 'doi/10.5072/linked/index.html'));
    await put(a, 'doi/10.5072/retitled/index.html', '<h1>Title A</h1>');
    await put(b, 'doi/10.5072/retitled/index.html', '<h1>Title B</h1>'); // same size, other bytes
    await put(a, 'doi/10.5072/grown/index.html', 'short');
    await put(b, 'doi/10.5072/grown/index.html', 'longer text');
    await put(a, 'doi/10.5072/gone/index.html', 'withdrawn');
    await put(b, 'doi/10.5072/new/index.html', 'released');
    const big = Buffer.alloc(3 << 20, 1);
    await put(a, 'api/records.jsonl', big);
    await put(b, 'api/records.jsonl', Buffer.concat([big.subarray(0, -1), Buffer.from([2])]));
    // The search index: one shard of one page, then a second shard beside it.
    const shard = (name: string) => ({ name, pages: 1, from: '2025-01-01', to: '2025-01-01' });
    await put(a, 'pagefind/shards.json', JSON.stringify({ format: 1, shards: [shard('s1')] }));
    await put(b, 'pagefind/shards.json', JSON.stringify({ format: 1, shards: [shard('s1'), shard('s2')] }));
    await put(a, 'pagefind/s1/fragment/x.pf_fragment', 'x');
    await put(b, 'pagefind/s1/fragment/x.pf_fragment', 'x');
    await put(b, 'pagefind/s2/fragment/y.pf_fragment', 'y');

    const diff = await diffSites(a, b);
    expect(diff.pages).toEqual({ added: ['/doi/10.5072/new/'], changed: ['/doi/10.5072/grown/', '/doi/10.5072/retitled/'], removed: ['/doi/10.5072/gone/'] });
    expect(diff.files).toEqual({ added: 2, changed: 4, removed: 1, unchanged: 3 });
    expect(diff.searchEntries).toEqual({ before: 1, after: 2 });
    // No previous site: everything is new.
    expect((await diffSites(null, b)).files.added).toBe(9);
  });
});
