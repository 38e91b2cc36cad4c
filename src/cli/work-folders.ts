/**
 * Where a build keeps its state. Caches are keyed by content and shared by every site built
 * from this checkout (`.aperture/cache`); everything that describes one site — the
 * published-DOI list, the previous staged site, the curator reports — lives in a folder of
 * that site's own, named after its output folder, so building another catalogue into another
 * folder is never refused because of this one's history.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export const APERTURE_DIR = '.aperture';

export function sharedCacheDir(cwd: string): string {
  return path.join(cwd, APERTURE_DIR, 'cache');
}

/** `.aperture/sites/dist-1a2b3c4d` for `dist/`: readable, and unique per output folder. */
export function siteWorkDir(cwd: string, outDir: string): string {
  const resolved = path.resolve(cwd, outDir);
  const name = path.basename(resolved).replace(/[^A-Za-z0-9._-]+/g, '_') || 'site';
  const id = createHash('sha256').update(resolved).digest('hex').slice(0, 8);
  return path.join(cwd, APERTURE_DIR, 'sites', `${name}-${id}`);
}

/**
 * Before work folders were per site, the published-DOI list lived in `.aperture/` itself, for
 * the default `dist/` site. Carry it over once so upgrading never forgets a published DOI.
 */
export async function adoptLegacyDoiList(cwd: string, outDir: string, workDir: string): Promise<boolean> {
  const legacy = path.join(cwd, APERTURE_DIR, 'published-dois.json');
  const target = path.join(workDir, 'published-dois.json');
  if (path.resolve(cwd, outDir) !== path.join(cwd, 'dist') || !existsSync(legacy) || existsSync(target)) return false;
  await mkdir(workDir, { recursive: true });
  await copyFile(legacy, target);
  return true;
}
