import { describe, expect, test } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { INPUT_PACK, InputCache } from '../../../src/index/input-cache.ts';
import type { FilesInputs, LandingInputs } from '../../../src/index/page-inputs.ts';

const landing = (title: string): LandingInputs => ({
  url: `/doi/10.5072/${title}/`,
  released: '2025-03-01',
  document: `<h1 data-pagefind-meta="title">${title} – Å</h1>`,
  lookups: [['10.5072/x', ['doi', '/doi/10.5072/x/', title, 'DOI 10.5072/X']]],
  filters: [['facility', ['ESRF']]],
});
const files: FilesInputs = { lookups: [['xds.inp', ['file', '/doi/10.5072/x/datasets/a/', 'XDS.INP', '']]] };

describe('the index-input cache', () => {
  test('keeps what a build used, by kind and model digest, and nothing else', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'input-cache-'));
    const first = await InputCache.open(dir);
    expect(first.get('landing', 'a')).toBeUndefined();
    first.set('landing', 'a', landing('Lysozyme'));
    first.set('landing', 'b', landing('Thaumatin'));
    first.set('files', 'a', files);
    expect(await first.save()).toMatchObject({ hits: 0, misses: 3, entries: 3 });

    const second = await InputCache.open(dir);
    expect(second.get('landing', 'a')).toEqual(landing('Lysozyme'));
    expect(second.get('files', 'a')).toEqual(files);
    // b is not asked for: this build's pack leaves it out.
    second.set('landing', 'c', landing('Insulin'));
    expect(await second.save()).toMatchObject({ hits: 2, misses: 1, entries: 3 });

    const third = await InputCache.open(dir);
    expect(third.get('landing', 'b')).toBeUndefined();
    expect(third.get('landing', 'c')).toEqual(landing('Insulin'));
    expect(third.get('landing', 'a')).toEqual(landing('Lysozyme'));
    // Only the pack is left: the temporary file was renamed into place.
    expect(await readdir(dir)).toEqual([INPUT_PACK]);
  });

  test('entries parsed ahead (prefetch) answer as those parsed when asked, a damaged one still a miss, and each page gets its own object', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'input-cache-'));
    const cache = await InputCache.open(dir);
    cache.set('landing', 'a', landing('Lysozyme'));
    cache.set('landing', 'b', landing('Thaumatin'));
    cache.set('files', 'a', files);
    await cache.save();
    const lines = (await readFile(path.join(dir, INPUT_PACK), 'utf8')).split('\n');
    lines[2] = lines[2].replace('{', '{{');
    await writeFile(path.join(dir, INPUT_PACK), lines.join('\n'));
    const read = await InputCache.open(dir);
    read.prefetch('landing');
    const first = read.get('landing', 'a');
    expect(first).toEqual(landing('Lysozyme'));
    const again = read.get('landing', 'a');
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(read.get('landing', 'b')).toBeUndefined();
    expect(read.get('files', 'a')).toEqual(files);
    expect(read.stats()).toMatchObject({ hits: 2, misses: 0 });
  });

  test('a pack written by other index code is not used', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'input-cache-'));
    const cache = await InputCache.open(dir);
    cache.set('landing', 'a', landing('Lysozyme'));
    await cache.save();
    const pack = await readFile(path.join(dir, INPUT_PACK), 'utf8');
    await writeFile(path.join(dir, INPUT_PACK), pack.replace(/"code":"[0-9a-f]+"/, '"code":"other"'));
    expect((await InputCache.open(dir)).get('landing', 'a')).toBeUndefined();
  });

  test('a line cut short or damaged is a miss, and the others still serve', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'input-cache-'));
    const cache = await InputCache.open(dir);
    cache.set('landing', 'a', landing('Lysozyme'));
    cache.set('landing', 'b', landing('Thaumatin'));
    cache.set('landing', 'c', landing('Insulin'));
    await cache.save();
    const lines = (await readFile(path.join(dir, INPUT_PACK), 'utf8')).split('\n');
    lines[2] = lines[2].slice(0, 40);
    await writeFile(path.join(dir, INPUT_PACK), lines.join('\n').slice(0, -30));
    const read = await InputCache.open(dir);
    expect(read.get('landing', 'a')).toEqual(landing('Lysozyme'));
    expect(read.get('landing', 'b')).toBeUndefined();
    expect(read.get('landing', 'c')).toBeUndefined();
  });

  test('the code that derives the inputs imports nothing from outside src/index at run time, so the code version covers it', async () => {
    const dir = path.resolve(import.meta.dirname, '../../../src/index');
    for (const name of ['page-inputs.ts', 'search-document.ts', 'lookup-key.ts']) {
      const text = await readFile(path.join(dir, name), 'utf8');
      const runtime = [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(runtime.filter((from) => !from.startsWith('./')), name).toEqual([]);
    }
  });
});
