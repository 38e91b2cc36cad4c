/**
 * The index stage: pagefind over the rendered landing pages (only elements marked
 * data-pagefind-body are indexed, so tombstones, file pages and browse pages stay out).
 * Every response is checked and the index is always closed, as Starlight does.
 */
import { createIndex, close } from 'pagefind';

export interface IndexResult {
  pages: number;
  seconds: number;
}

export class IndexError extends Error {}

export async function indexSite(outDir: string): Promise<IndexResult> {
  const started = performance.now();
  try {
    const { index, errors } = await createIndex({ forceLanguage: 'en' });
    if (!index || errors.length) throw new IndexError(`pagefind could not start: ${errors.join('; ')}`);
    // Only landing pages carry data-pagefind-body; the glob keeps pagefind from parsing
    // every file page (hundreds of MB for a 200,000-file dataset) just to skip them.
    const added = await index.addDirectory({ path: outDir, glob: 'doi/*/*/index.html' });
    if (added.errors.length) throw new IndexError(`pagefind could not index ${outDir}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
    if (written.errors.length) throw new IndexError(`pagefind could not write its index: ${written.errors.join('; ')}`);
    return { pages: added.page_count, seconds: (performance.now() - started) / 1000 };
  } finally {
    await close();
  }
}
