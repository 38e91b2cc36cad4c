/**
 * Render kits (src/build/render-kit.ts) are found only for the code and site URL that made
 * them, appear whole or not at all, and only the newest two code versions' kits are kept.
 * Kits here are folders with a kit.json; test/build/render-changed.test.ts renders with real ones.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/build-fixture.ts';
import { commitKit, findRenderKit, newKitFolder, renderKitId, renderKitsDir } from '../../../src/build/render-kit.ts';
import { KIT_FORMAT } from '../../../src/integration/kit-snapshot.mjs';

let root: string;

beforeEach(async () => {
  root = await tempDir('render-kit-');
  await mkdir(path.join(root, 'src'), { recursive: true });
  await writeFile(path.join(root, 'src', 'page.ts'), 'export const version = 1;\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A finished temporary kit folder, as the render's snapshot leaves it. */
async function madeKit(format = KIT_FORMAT): Promise<string> {
  const temp = newKitFolder(root);
  await mkdir(path.join(temp, 'bundle'), { recursive: true });
  await writeFile(path.join(temp, 'bundle', 'prerender-entry.mjs'), 'export const app = {};\n');
  await writeFile(path.join(temp, 'kit.json'), JSON.stringify({ format, entry: 'bundle/prerender-entry.mjs', state: { pages: [], scripts: [] }, astro: {} }));
  return temp;
}

const SITE = 'https://data.example.org';

describe('render kits', () => {
  it('are found for the code and site URL that made them, and for no other', async () => {
    expect(findRenderKit(root, SITE)).toBeNull();
    await commitKit(root, await madeKit(), renderKitId(root, SITE));
    const kit = findRenderKit(root, SITE);
    expect(kit?.entryUrl).toMatch(/\/bundle\/prerender-entry\.mjs$/);
    expect(findRenderKit(root, 'https://elsewhere.example.org')).toBeNull();
    await writeFile(path.join(root, 'src', 'page.ts'), 'export const version = 2;\n');
    expect(findRenderKit(root, SITE)).toBeNull();
  });

  it('a kit of another format, or a temporary folder a killed build left, is never used', async () => {
    await commitKit(root, await madeKit(KIT_FORMAT + 1), renderKitId(root, SITE));
    expect(findRenderKit(root, SITE)).toBeNull();
    await rm(renderKitsDir(root), { recursive: true });
    // A killed build's half kit stays under its temporary name, which no lookup reads.
    const half = await madeKit();
    expect(findRenderKit(root, SITE)).toBeNull();
    expect(existsSync(half)).toBe(true);
    // Once its process is gone, the next kit made removes it.
    const dead = path.join(renderKitsDir(root), '.tmp-2147480-dead-kit');
    await mkdir(dead);
    await commitKit(root, await madeKit(), renderKitId(root, SITE));
    expect(existsSync(dead)).toBe(false);
    expect(findRenderKit(root, SITE)).not.toBeNull();
  });

  it('a second kit for the same code and site keeps the first and leaves no temporary folder', async () => {
    const id = renderKitId(root, SITE);
    await commitKit(root, await madeKit(), id);
    await commitKit(root, await madeKit(), id);
    expect(await readdir(renderKitsDir(root))).toEqual([id]);
  });

  it('keeps every site’s kit of the newest two code versions and removes older ones', async () => {
    const ids: string[][] = [];
    for (let version = 1; version <= 3; version++) {
      await writeFile(path.join(root, 'src', 'page.ts'), `export const version = ${version};\n`);
      const pair = [renderKitId(root, SITE), renderKitId(root, 'https://other.example.org')];
      for (const id of pair) {
        await commitKit(root, await madeKit(), id);
        // Ordered by when each was made, whatever the clock's resolution.
        const at = new Date(Date.UTC(2026, 0, version));
        await utimes(path.join(renderKitsDir(root), id, 'kit.json'), at, at);
      }
      ids.push(pair);
    }
    expect((await readdir(renderKitsDir(root))).sort()).toEqual([...ids[1], ...ids[2]].sort());
  });
});
