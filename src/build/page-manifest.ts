/**
 * The page manifest of a render: every page the site has, with the file Astro writes it to
 * and the cache key getStaticPaths gave it (src/integration/site-data.ts; null for pages
 * without one, which render on every build). A full render (render.ts) and a render of the
 * changed pages (render-changed.ts) both write one; the next render of changed pages reads
 * it to learn which pages it may leave as they are.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../files/atomic-write.ts';

const MANIFEST_FORMAT = 1;

export interface ManifestPage {
  /** The page's path as Astro gives it: `/doi/10.5072/x/`, `/404`, `/theme.css`. */
  url: string;
  /** Its file, relative to the output folder and `/`-separated: `doi/10.5072/x/index.html`, `404.html`. */
  file: string;
  key: string | null;
}

export interface PageManifest {
  /** The render kit (code and site URL, src/build/render-kit.ts) the pages were rendered with: a page of another kit is rendered again. */
  kit: string;
  pages: ManifestPage[];
}

export async function writePageManifest(file: string, manifest: PageManifest): Promise<void> {
  await writeFileAtomically(file, JSON.stringify({ format: MANIFEST_FORMAT, ...manifest }));
}

/** The manifest saved at `file`, or null when there is none (or one of another format). */
export async function readPageManifest(file: string): Promise<PageManifest | null> {
  let saved: { format?: number } & Partial<PageManifest>;
  try {
    saved = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
  if (saved?.format !== MANIFEST_FORMAT || typeof saved.kit !== 'string' || !Array.isArray(saved.pages)) return null;
  return { kit: saved.kit, pages: saved.pages };
}
