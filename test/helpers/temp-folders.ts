/**
 * vitest globalSetup: the folders tests make under test/.tmp (tempDir in build-fixture.ts:
 * built sites, work folders, catalogues) are removed when the run ends. Left behind, a few
 * dozen runs on a developer's machine filled 17 GB of disk. Folders an earlier run left (a
 * killed run) go once they are a day old; those of a run still going in the same checkout
 * are younger. The demo's object store (`demo-objects`) is a cache shared by runs and stays.
 * APERTURE_KEEP_TEST_TMP=1 keeps this run's folders, to look into a failure.
 *
 * The run does not wait for the deleting: in CI the scale test alone leaves a 10,000-record
 * site (about 400,000 files), and deleting it in vitest's own process held the end of the run
 * for about five minutes — with vitest's event loop blocked, the last test file's worker was
 * reported as "Timeout terminating forks worker". The folders are set aside at once and a
 * detached process deletes them, as a build discards an old site (src/files/discard.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { discardAll, discardLeftovers } from '../../src/files/discard.ts';

const TMP = path.resolve(import.meta.dirname, '..', '.tmp');
/** Every folder but the shared cache: tempDir's names are `<prefix><random>`, with any prefix. */
const SHARED = new Set(['demo-objects']);
const DAY_MS = 24 * 60 * 60 * 1000;

/** Folders tests made; names with a leading dot are folders already set aside for deleting. */
function folders(root: string): string[] {
  try {
    return readdirSync(root).filter((name) => !SHARED.has(name) && !name.startsWith('.'));
  } catch {
    return [];
  }
}

function olderThanADay(folder: string): boolean {
  try {
    return Date.now() - statSync(folder).mtimeMs > DAY_MS;
  } catch {
    return false; // gone already
  }
}

/** Removes, in the background, day-old folders under `root` now and this run's folders when the returned teardown is called. */
export async function removeRunFolders(root: string): Promise<() => Promise<void>> {
  discardLeftovers(root);
  const before = new Set(folders(root));
  await discardAll([...before].map((name) => path.join(root, name)).filter(olderThanADay), root);
  return async () => {
    if (process.env.APERTURE_KEEP_TEST_TMP === '1') return;
    const made = folders(root).filter((name) => !before.has(name));
    await discardAll(made.map((name) => path.join(root, name)), root);
  };
}

export default function tempFolders(): Promise<() => Promise<void>> {
  return removeRunFolders(TMP);
}
