/**
 * vitest globalSetup: the folders tests make under test/.tmp (tempDir in build-fixture.ts:
 * built sites, work folders, catalogues) are removed when the run ends. Left behind, a few
 * dozen runs on a developer's machine filled 17 GB of disk. Folders an earlier run left (a
 * killed run) go once they are a day old; those of a run still going in the same checkout
 * are younger. The demo's object store (`demo-objects`) is a cache shared by runs and stays.
 * APERTURE_KEEP_TEST_TMP=1 keeps this run's folders, to look into a failure.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const TMP = path.resolve(import.meta.dirname, '..', '.tmp');
/** Every folder but the shared cache: tempDir's names are `<prefix><random>`, with any prefix. */
const SHARED = new Set(['demo-objects']);
const DAY_MS = 24 * 60 * 60 * 1000;

function folders(): string[] {
  try {
    return readdirSync(TMP).filter((name) => !SHARED.has(name));
  } catch {
    return [];
  }
}

function remove(name: string): void {
  rmSync(path.join(TMP, name), { recursive: true, force: true });
}

export default function tempFolders(): () => void {
  const before = new Set(folders());
  for (const name of before) {
    try {
      if (Date.now() - statSync(path.join(TMP, name)).mtimeMs > DAY_MS) remove(name);
    } catch {
      // gone already
    }
  }
  return () => {
    if (process.env.APERTURE_KEEP_TEST_TMP === '1') return;
    for (const name of folders()) if (!before.has(name)) remove(name);
  };
}
