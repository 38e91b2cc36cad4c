import { describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { discard, discardLeftovers } from '../../../src/files/discard.ts';
import { holdPriority, priorityMarkers, priorityWorkRunning } from '../../../src/files/priority-work.ts';
import { tempDir } from '../../helpers/build-fixture.ts';

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function folderOf(dir: string, files: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < files; i++) await writeFile(path.join(dir, `${i}.txt`), 'x');
  return dir;
}

describe('discarding a folder in the background', () => {
  test('the folder’s name is free at once and the folder is gone soon after', async () => {
    const holder = await tempDir('discard-');
    const dir = await folderOf(path.join(holder, 'old-build'), 50);
    await discard(dir);
    expect(existsSync(dir)).toBe(false);
    await until(async () => (await readdir(holder)).length === 0);
  });

  test('a leftover whose remover still runs is left to it; one whose remover is gone is removed', async () => {
    const holder = await tempDir('discard-');
    // A remover still at work (a live process named in the folder), and one that died.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const dead = spawnSync('true').pid!;
    try {
      const working = await folderOf(path.join(holder, `.discard-1-aaaa.by-${live.pid}`), 3);
      const orphan = await folderOf(path.join(holder, `.discard-1-bbbb.by-${dead}`), 3);
      const neverStarted = await folderOf(path.join(holder, '.discard-1-cccc'), 3);
      discardLeftovers(holder);
      await until(async () => !existsSync(orphan) && (await readdir(holder)).every((name) => !name.startsWith('.discard-1-cccc')));
      expect(existsSync(working)).toBe(true);
      expect(existsSync(neverStarted)).toBe(false);
      expect(await readdir(holder)).toEqual([path.basename(working)]);
    } finally {
      live.kill();
    }
  });

  test('a remover gives way while work a build waits for holds the disk, and finishes after', async () => {
    const holder = await tempDir('discard-');
    const dir = await folderOf(path.join(holder, 'old-build'), 1200);
    // This process stands for the standby maker the next release waits for.
    const release = holdPriority('test: a standby being made');
    try {
      await discard(dir);
      const aside = async () => (await readdir(holder)).map((name) => path.join(holder, name));
      await until(async () => (await aside()).some((d) => /\.by-\d+$/.test(d)));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const [paused] = await aside();
      expect((await readdir(paused)).length).toBeGreaterThan(800);
    } finally {
      release();
    }
    await until(async () => (await readdir(holder)).length === 0);
  });

  test('a priority marker left by a process that is gone holds nothing up', async () => {
    const dead = spawnSync('true').pid!;
    await mkdir(priorityMarkers(), { recursive: true });
    const marker = path.join(priorityMarkers(), `${dead}-test`);
    await writeFile(marker, 'standby');
    priorityWorkRunning();
    expect(existsSync(marker)).toBe(false);
  });
});
