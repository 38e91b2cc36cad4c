// Astro only renders: the pipeline (src/build) stages page models into .aperture/site and
// Astro turns them into HTML. See docs/architecture.md.
import { defineConfig } from 'astro/config';
import parallelRender, { renderWorkers } from './src/integration/parallel-render.mjs';

export default defineConfig({
  // Absolute URLs in pages come from the staged site model, not from here, so one build
  // can be published under any origin given in aperture.config.json.
  site: process.env.APERTURE_SITE_URL || 'http://localhost:4321',
  output: 'static',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // External CSS and JS only: the site runs under a strict CSP without 'unsafe-inline'.
    inlineStylesheets: 'never',
    // Pages in flight at once: enough to keep every render worker busy while Astro writes files.
    concurrency: renderWorkers() > 1 ? renderWorkers() * 4 : 1,
  },
  // Pages render in worker threads, one per core (APERTURE_RENDER_WORKERS overrides).
  integrations: [parallelRender()],
  experimental: {
    // A page whose cacheKey (its staged model's bytes, src/integration/site-data.ts) and code
    // are unchanged is restored from the cache under the build's cacheDir, not rendered again.
    incrementalBuild: true,
  },
  vite: {
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
  compressHTML: true,
  server: { host: '127.0.0.1' },
});
