/**
 * The demo catalogue (content/) built once into a temporary folder, with its synthetic
 * image objects, for browser tests. Uses the real pipeline and the project's config.
 */
import path from 'node:path';
import { buildSite, type BuildReport } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { generateDemoObjects } from '../../scripts/generate-demo-objects.ts';
import { tempDir } from './build-fixture.ts';

export interface DemoSite {
  dist: string;
  report: BuildReport;
}

export async function buildDemoSite(overrides: { siteUrl?: string } = {}): Promise<DemoSite> {
  const root = await tempDir('demo-');
  const config = await loadSiteConfig('aperture.config.json', overrides.siteUrl ? { APERTURE_SITE_URL: overrides.siteUrl } : {});
  const objects = path.join(root, 'objects');
  await generateDemoObjects(objects, path.resolve(config.root, config.catalogue));
  const dist = path.join(root, 'dist');
  const report = await buildSite({
    config: { ...config, enrich: { ...config.enrich, imageRoot: objects } },
    outDir: dist,
    workDir: path.join(root, 'work'),
    log: () => {},
  });
  return { dist, report };
}
