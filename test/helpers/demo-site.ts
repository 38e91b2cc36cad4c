/**
 * The demo catalogue (content/) built with the real pipeline into a temporary folder,
 * with the synthetic image objects its previews are read from (generated here, so a
 * clean checkout needs nothing prepared).
 */
import path from 'node:path';
import { buildSite, type BuildReport } from '../../src/build/build.ts';
import { loadSiteConfig, type SiteConfig } from '../../src/config/site-config.ts';
import { generateDemoObjects } from '../../scripts/generate-demo-objects.ts';
import { tempDir } from './build-fixture.ts';

export type LoadedConfig = SiteConfig & { root: string };

export interface DemoSite {
  dist: string;
  report: BuildReport;
}

/** The project's config with enrichment reading the generated demo objects. */
export async function demoConfig(root: string, env: NodeJS.ProcessEnv = {}): Promise<LoadedConfig> {
  const config = await loadSiteConfig('aperture.config.json', env);
  // Shared by every build of the demo in the test run: existing objects of the right size
  // are kept, so only the first build pays for writing the 26,000 objects.
  const objects = path.join(import.meta.dirname, '..', '.tmp', 'demo-objects');
  await generateDemoObjects(objects, path.resolve(config.root, config.catalogue));
  return { ...config, enrich: { ...config.enrich, imageRoot: objects } };
}

export async function buildDemoSite(
  options: { root?: string; dist?: string; env?: NodeJS.ProcessEnv; override?: (c: LoadedConfig) => LoadedConfig } = {},
): Promise<DemoSite> {
  const root = options.root ?? (await tempDir('demo-'));
  const config = (options.override ?? ((c) => c))(await demoConfig(root, options.env));
  const dist = options.dist ?? path.join(root, 'dist');
  const report = await buildSite({ config, outDir: dist, workDir: path.join(root, 'work'), log: () => {} });
  return { dist, report };
}
