/**
 * Making a build live on this machine, atomically, and keeping the last few for rollback.
 *
 * Complete builds live beside the output folder in `<out>.builds/<time>-<build>/`, and the
 * output folder itself (`dist`) is a symbolic link to the live one. Going live is one
 * rename(2) of a new link over the old, so at every instant — a SIGKILL, a full disk, a power
 * cut — `dist` is exactly the previous build or exactly the new one, never a mix and never
 * missing. Rollback is the same rename, pointed at an older build.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { discard } from '../files/discard.ts';
import { removeDeadProcessFolders } from '../files/process-folders.ts';

/** Builds kept for rollback unless the config says otherwise (the live one always is). */
export const DEFAULT_KEEP_BUILDS = 3;

export function buildsDir(outDir: string): string {
  return `${trimSlash(outDir)}.builds`;
}

/** Names sort by time: `20261129T044700Z-<build id>`. */
export function keptBuildName(buildId: string, at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${buildId}`;
}

export interface KeptBuild {
  name: string;
  dir: string;
  live: boolean;
  builtAt: string | null;
}

/** The kept builds, oldest first. */
export async function listBuilds(outDir: string): Promise<KeptBuild[]> {
  const dir = buildsDir(outDir);
  if (!existsSync(dir)) return [];
  const live = liveBuildName(outDir);
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      let builtAt: string | null = null;
      try {
        builtAt = (JSON.parse(await readFile(path.join(dir, name, 'build-manifest.json'), 'utf8')) as { builtAt?: string }).builtAt ?? null;
      } catch {
        /* a build without a manifest is still a build */
      }
      return { name, dir: path.join(dir, name), live: name === live, builtAt };
    }),
  );
}

/** The kept build `dist` points at, or null when `dist` is missing or a plain folder. */
export function liveBuildName(outDir: string): string | null {
  const out = trimSlash(outDir);
  try {
    if (!lstatSync(out).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  const target = path.resolve(path.dirname(out), readlinkSync(out));
  return path.dirname(target) === path.resolve(buildsDir(out)) ? path.basename(target) : null;
}

/**
 * Moves a finished build (a folder beside the output) into the kept builds and makes it live.
 * Returns the kept build's name.
 */
export async function goLive(outDir: string, finishedDir: string, name: string, keep = DEFAULT_KEEP_BUILDS): Promise<string> {
  const out = trimSlash(outDir);
  const kept = path.join(buildsDir(out), name);
  await rm(kept, { recursive: true, force: true });
  await mkdir(buildsDir(out), { recursive: true });
  await rename(finishedDir, kept);
  await pointAt(out, name);
  await prune(out, keep);
  return name;
}

/** Makes a kept build live again (rollback). */
export async function pointAt(outDir: string, name: string): Promise<void> {
  const out = trimSlash(outDir);
  const kept = path.join(buildsDir(out), name);
  if (!existsSync(kept)) throw new Error(`no kept build ${name} in ${buildsDir(out)}`);
  // An output folder from before builds were kept is a real folder: keep it as a build too
  // (once), since a link cannot be renamed over a folder.
  if (existsSync(out) && !lstatSync(out).isSymbolicLink()) {
    await rename(out, path.join(buildsDir(out), `00000000T000000Z-before-kept-builds-${Date.now().toString(36)}`));
  }
  const link = `${out}.link-${process.pid}-${Date.now().toString(36)}`;
  await symlink(path.relative(path.dirname(out), kept), link, 'dir');
  await rename(link, out);
}

/** Removes kept builds beyond the newest `keep` (never the live one). */
export async function prune(outDir: string, keep: number): Promise<string[]> {
  const builds = await listBuilds(outDir);
  const removable = builds.filter((b) => !b.live);
  const excess = builds.length - Math.max(1, keep);
  const removed: string[] = [];
  for (const build of removable.slice(0, Math.max(0, excess))) {
    // Set aside at once and deleted in the background: a build of 10,000 records is ~400,000 files.
    await discard(build.dir);
    removed.push(build.name);
  }
  return removed;
}

/**
 * Leftovers of builds that were killed (`<out>.next-<pid>-…`, `<out>.link-<pid>-…`): removed
 * when the process that made them is gone, so a crash never leaves folders behind for long.
 */
export async function removeLeftovers(outDir: string): Promise<string[]> {
  const out = trimSlash(outDir);
  return removeDeadProcessFolders(path.dirname(out), new RegExp(`^${escapeRegExp(path.basename(out))}\\.(?:next|link|old)-(\\d+)(?:-|$)`));
}


function trimSlash(p: string): string {
  return p.replace(/\/+$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * DOIs the live build publishes (page or tombstone) that `target` has no page for: rolling
 * back to it would make them stop resolving.
 */
export async function doisLostByRollingBack(live: string, target: string): Promise<string[]> {
  const read = async (dir: string): Promise<Record<string, unknown>> => {
    try {
      return (JSON.parse(await readFile(path.join(dir, '.well-known', 'aperture', 'published-dois.json'), 'utf8')) as { dois?: Record<string, unknown> }).dois ?? {};
    } catch {
      return {};
    }
  };
  const [now, then] = await Promise.all([read(live), read(target)]);
  return Object.keys(now)
    .filter((doi) => !(doi in then))
    .sort();
}
