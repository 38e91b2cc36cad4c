/**
 * `npm run screenshots`: PNGs of every page type at desktop width (1280) and at 320 px, plus
 * the dark colour scheme at desktop width, so anyone can look at the site without building it.
 * Serves dist/ itself (build first). Usage: tsx scripts/screenshots.ts [outDir] [distDir]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser } from '../test/helpers/browser.ts';
import { serveStatic } from '../test/helpers/static-server.ts';

const out = path.resolve(process.argv[2] ?? 'screenshots');
const dist = path.resolve(process.argv[3] ?? 'dist');
/** Very long pages (a 500-row file table) are cut here: the rest repeats. */
const MAX_HEIGHT = 4000;

const PAGES: Array<{ name: string; path: string; dark?: boolean; viewer?: boolean }> = [
  { name: 'home', path: '/', dark: true },
  { name: 'landing-released', path: '/doi/10.5072/aperture-demo.esrf-id23-1-lyso/', dark: true },
  { name: 'landing-serial', path: '/doi/10.5072/aperture-demo.swissfel-pyp/' },
  { name: 'landing-metadata-only', path: '/doi/10.15151/esrf-es-2210534378/' },
  { name: 'tombstone', path: '/doi/10.5072/aperture-demo.diamond-i04-gfp/' },
  { name: 'dataset-files', path: '/doi/10.5072/aperture-demo.p11-ssx-lyso/datasets/chip-07/', dark: true },
  { name: 'dataset-hits', path: '/doi/10.5072/aperture-demo.p11-ssx-lyso/datasets/chip-07-hits/' },
  { name: 'viewer', path: '/doi/10.5072/aperture-demo.esrf-id23-1-lyso/', viewer: true, dark: true },
  { name: 'dataset-files-page-2', path: '/doi/10.5072/aperture-demo.p11-ssx-lyso/datasets/chip-07/page/2/' },
  { name: 'search', path: '/search/?q=lysozyme', dark: true },
  { name: 'search-filtered', path: '/search/?q=lysozyme&f.facility=ESRF' },
  { name: 'browse', path: '/browse/' },
  { name: 'browse-value', path: '/browse/technique/macromolecular-crystallography/' },
  { name: 'experiments', path: '/experiments/' },
  { name: 'pdb-entry', path: '/pdb/2ptn/' },
  { name: 'statistics', path: '/statistics/', dark: true },
  { name: 'about', path: '/about/' },
  { name: 'not-found', path: '/no-such-page/' },
];

const server = await serveStatic(dist);
const browser = await launchBrowser();
await mkdir(out, { recursive: true });
try {
  const runs = [
    { width: 1280, scheme: 'light' as const, suffix: '1280' },
    { width: 320, scheme: 'light' as const, suffix: '320' },
    { width: 1280, scheme: 'dark' as const, suffix: '1280-dark' },
  ];
  for (const run of runs) {
    const context = await browser.newContext({ viewport: { width: run.width, height: 900 }, colorScheme: run.scheme });
    const page = await context.newPage();
    for (const p of PAGES) {
      if (run.scheme === 'dark' && !p.dark) continue;
      await page.goto(server.url + p.path, { waitUntil: 'networkidle' });
      if (p.path.startsWith('/search/')) {
        await page.waitForFunction(() => /found|No datasets/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
      }
      const file = path.join(out, `${p.name}-${run.suffix}.png`);
      if (p.viewer) {
        // The image viewer open, as a reader sees it after selecting the preview.
        await page.locator('[data-viewer-open]').first().click();
        await page.locator('dialog[open]').waitFor();
        await page.screenshot({ path: file });
        await page.keyboard.press('Escape');
        console.log(file);
        continue;
      }
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: run.width, height: Math.min(height, MAX_HEIGHT) } });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
