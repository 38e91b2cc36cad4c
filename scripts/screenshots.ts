/**
 * `npm run screenshots`: PNGs of each page type at desktop width and at 320 px, so anyone
 * can look at the site without building it. Serves dist/ itself (build first).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser } from '../test/helpers/browser.ts';
import { serveStatic } from '../test/helpers/static-server.ts';

const out = path.resolve(process.argv[2] ?? 'screenshots');
const dist = path.resolve(process.argv[3] ?? 'dist');

const PAGES: Array<{ name: string; path: string }> = [
  { name: 'home', path: '/' },
  { name: 'landing-released', path: '/doi/10.5072/aperture-demo.esrf-id23-1-lyso/' },
  { name: 'landing-serial', path: '/doi/10.5072/aperture-demo.swissfel-pyp/' },
  { name: 'landing-metadata-only', path: '/doi/10.15151/esrf-es-2210534378/' },
  { name: 'tombstone', path: '/doi/10.5072/aperture-demo.diamond-i04-gfp/' },
  { name: 'dataset-files', path: '/doi/10.5072/aperture-demo.lcls-cxi-ps1/' },
  { name: 'search', path: '/search/?q=lysozyme' },
  { name: 'browse', path: '/browse/' },
  { name: 'statistics', path: '/statistics/' },
];

const server = await serveStatic(dist);
const browser = await launchBrowser();
await mkdir(out, { recursive: true });
try {
  for (const width of [1280, 320]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const p of PAGES) {
      await page.goto(server.url + p.path, { waitUntil: 'networkidle' });
      if (p.name === 'dataset-files') {
        const link = page.locator('table.data a').first();
        if (await link.count()) {
          await link.click();
          await page.waitForLoadState('networkidle');
        }
      }
      const file = path.join(out, `${p.name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
