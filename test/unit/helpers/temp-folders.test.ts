/**
 * The end of a test run never waits for deleting the folders tests made under test/.tmp
 * (test/helpers/temp-folders.ts): in CI they hold a 10,000-record site, and deleting it in
 * vitest's process held the run for minutes. The folders are set aside and another process
 * deletes them. Each test here works in a root of its own: the real test/.tmp holds the
 * folders of test files running beside it.
 */
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { tempDir } from '../../helpers/build-fixture.ts';
import { removeRunFolders } from '../../helpers/temp-folders.ts';

function folderOf(dir: string, files: number): string {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(path.join(dir, `${i}.txt`), 'x');
  return dir;
}

/** Files still waiting in the folders set aside for deleting (`.discard-…`, renamed `….by-<pid>` by their remover). */
function filesAside(root: string): number {
  return readdirSync(root)
    .filter((name) => name.startsWith('.discard-'))
    .reduce((sum, name) => sum + readdirSync(path.join(root, name), { recursive: true }).length, 0);
}

describe('removeRunFolders(root)', () => {
  test('the teardown frees the names of the run’s folders at once and leaves the deleting to another process', async () => {
    const root = await tempDir('temp-folders-');
    const earlier = folderOf(path.join(root, 'aperture-earlier'), 1);
    const teardown = await removeRunFolders(root);
    const made = folderOf(path.join(root, 'scale-abc123'), 1000);
    await teardown();
    expect(existsSync(made)).toBe(false);
    // Deleted in this process, the files would be gone by now; the remover has not started yet.
    expect(filesAside(root)).toBeGreaterThan(0);
    await vi.waitFor(() => expect(readdirSync(root)).toEqual(['aperture-earlier']), { timeout: 30_000, interval: 50 });
    expect(existsSync(earlier)).toBe(true);
  });

  test('folders an earlier run left are removed once they are a day old; the shared object store stays', async () => {
    const root = await tempDir('temp-folders-');
    const stale = folderOf(path.join(root, 'aperture-killed-run'), 3);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    const store = folderOf(path.join(root, 'demo-objects'), 1);
    utimesSync(store, twoDaysAgo, twoDaysAgo);
    folderOf(path.join(root, 'aperture-running'), 1);
    await removeRunFolders(root);
    expect(existsSync(stale)).toBe(false);
    await vi.waitFor(() => expect(readdirSync(root).sort()).toEqual(['aperture-running', 'demo-objects']), { timeout: 30_000, interval: 50 });
  });
});
