/** linkTree: a folder mirrored as hard links, replacing what is at a target path, as `cp -r` would. */
import { describe, expect, test } from 'vitest';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { linkTree } from '../../../src/files/link-tree.ts';

describe('linkTree', () => {
  test('every file becomes a link to the same inode, folders are made, a file in the way is replaced', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'aperture-link-tree-'));
    const from = path.join(root, 'from');
    const to = path.join(root, 'to');
    await mkdir(path.join(from, 'doi/10.5072/a/datasets'), { recursive: true });
    await writeFile(path.join(from, 'index.html'), 'home');
    await writeFile(path.join(from, 'doi/10.5072/a/index.html'), 'landing');
    await writeFile(path.join(from, 'doi/10.5072/a/datasets/files.tsv'), 'name\tsize\n');
    await mkdir(path.join(to, 'doi/10.5072/a'), { recursive: true });
    await writeFile(path.join(to, 'doi/10.5072/a/index.html'), 'an older landing page');

    expect(await linkTree(from, to)).toBe(3);
    for (const file of ['index.html', 'doi/10.5072/a/index.html', 'doi/10.5072/a/datasets/files.tsv']) {
      expect((await stat(path.join(to, file))).ino).toBe((await stat(path.join(from, file))).ino);
    }
    expect(await readFile(path.join(to, 'doi/10.5072/a/index.html'), 'utf8')).toBe('landing');
  });
});
