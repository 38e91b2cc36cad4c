/**
 * Shared set-up for the browser tests: one build of the demo catalogue per test file, served
 * by the static test server at the very origin the build was told it lives at (so canonical
 * links, absolute URLs and Lighthouse's SEO audit agree with the page URL).
 *
 * Each test file builds once (about 10 s) and launches one browser; nothing is shared between
 * files, so each file can also run alone.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { buildDemoSite, type LoadedConfig } from '../helpers/demo-site.ts';
import { contentSecurityPolicy } from '../../src/exports/csp.ts';
import { CHROMIUM_PATH, launchBrowser } from '../helpers/browser.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { tempDir } from '../helpers/build-fixture.ts';

export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

/** Every page type of the demo site, with a representative URL. */
export const DEMO_PAGES = {
  home: '/',
  landingReleased: '/doi/10.5072/aperture-demo.esrf-id23-1-lyso/',
  landingSerial: '/doi/10.5072/aperture-demo.swissfel-pyp/',
  landingMetadataOnly: '/doi/10.15151/esrf-es-2210534378/',
  tombstone: '/doi/10.5072/aperture-demo.diamond-i04-gfp/',
  datasetLong: '/doi/10.5072/aperture-demo.p11-ssx-lyso/datasets/chip-07/',
  datasetLongPage2: '/doi/10.5072/aperture-demo.p11-ssx-lyso/datasets/chip-07/page/2/',
  browse: '/browse/',
  browseValue: '/browse/technique/macromolecular-crystallography/',
  experiments: '/experiments/',
  pdbEntry: '/pdb/1lyz/',
  search: '/search/',
  searchResults: '/search/?q=lysozyme',
  searchFiltered: '/search/?q=lysozyme&f.facility=ESRF',
  statistics: '/statistics/',
  about: '/about/',
  notFound: '/no-such-page/',
} as const;

export const STORAGE_ORIGIN = 'https://data.example.org';

/** The policy of issue 6, as a response header (frame-ancestors only works there). */
export const STRICT_CSP = contentSecurityPolicy({ storageOrigin: STORAGE_ORIGIN });

export interface DemoSite {
  dist: string;
  url: string;
  server: StaticServer;
  close(): Promise<void>;
}

/**
 * Builds the demo catalogue into a temporary folder and serves it. The build is told its
 * site URL is the server's, so every absolute URL in the output points at the test server.
 */
export async function buildAndServeDemo(
  headers: Record<string, string> = {},
  override: (config: LoadedConfig) => LoadedConfig = (c) => c,
): Promise<DemoSite> {
  const root = await tempDir('browser-');
  const dist = path.join(root, 'dist');
  // Serve first (the folder appears when the build swaps it into place), so the build
  // can be told the server's origin as its site URL.
  const server = await serveStatic(dist, headers);
  const url = server.url;
  const { report } = await buildDemoSite({ root, dist, env: { ...process.env, APERTURE_SITE_URL: url }, override });
  if (!report.ok) throw new Error(`demo build failed its audit: ${JSON.stringify(report.audit.slice(0, 3))}`);
  return { dist, url, server, close: () => server.close() };
}

export { launchBrowser };
export type { Browser, BrowserContextOptions, Page };

/** Waits until the search page has run its first query (results or "no datasets" announced). */
export async function waitForSearch(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-search-status]')?.textContent ?? '';
    return /found|No experiment|carr|named/.test(status);
  });
}
