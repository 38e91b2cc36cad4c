/**
 * Keeps what Astro's build deletes: its prerender bundle (the entry and every chunk it
 * imports), with the build state a render worker is given and the few settings Astro's page
 * generation reads, in a folder src/build/render-kit.ts makes a render kit of once the build
 * has succeeded. Files are hard-linked (Astro writes them once and removes them; a link
 * outlives the removal), copied where linking is refused.
 */
import { copyFile, link, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped when a kit's layout changes: an older kit is then never used (src/build/render-kit.ts). */
export const KIT_FORMAT = 1;

async function linkTree(from, to) {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isFile()) await link(source, target).catch(() => copyFile(source, target));
  }
}

/**
 * bundleDir: Astro's prerender output folder (URL); entry: the prerender entry's URL inside it;
 * state: parallel-render.mjs's buildState; config: Astro's resolved config.
 */
export async function saveKitSnapshot(dir, { bundleDir, entry, state, config }) {
  const bundle = fileURLToPath(bundleDir);
  await linkTree(bundle, path.join(dir, 'bundle'));
  const kit = {
    format: KIT_FORMAT,
    entry: `bundle/${path.relative(bundle, fileURLToPath(entry)).split(path.sep).join('/')}`,
    state,
    // What Astro's page generation reads of the config after a page renders (generate.js renderPath).
    astro: {
      base: config.base,
      site: config.site ?? null,
      trailingSlash: config.trailingSlash,
      format: config.build.format,
      redirects: config.build.redirects,
      compressHTML: config.compressHTML,
      publicDir: path.relative(fileURLToPath(config.root), fileURLToPath(config.publicDir)).split(path.sep).join('/'),
      port: config.server.port,
    },
  };
  await writeFile(path.join(dir, 'kit.json'), JSON.stringify(kit));
}
