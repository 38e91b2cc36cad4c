/**
 * Runs one build with the pipeline of another copy of the project, in its own process:
 * `node --import tsx test/helpers/build-runner.ts PROJECT OPTIONS-JSON`. Prints the
 * BuildReport as JSON on stdout; build logs go to stderr.
 *
 * A test that edits the project's code (test/build/incremental.test.ts) builds through this,
 * because a module once loaded stays loaded in the test's process, and the caches it tests
 * (the per-record cache's code version, Astro's incremental cache) must see the edit the way
 * a user's next `aperture build` would: from a fresh process over the edited files.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { buildSite as BuildSite } from '../../src/build/build.ts';
import type { loadSiteConfig as LoadSiteConfig } from '../../src/config/site-config.ts';

export interface RunnerOptions {
  configFile: string;
  outDir: string;
  workDir: string;
  now: string;
  allowUnpublish?: string[];
  workers?: number;
  renderWorkers?: number;
}

const [project, json] = process.argv.slice(2);
if (!project || !json) {
  process.stderr.write('usage: node --import tsx test/helpers/build-runner.ts PROJECT OPTIONS-JSON\n');
  process.exit(2);
}
const o = JSON.parse(json) as RunnerOptions;
const from = (relative: string) => pathToFileURL(path.join(project, relative)).href;
const { buildSite } = (await import(from('src/build/build.ts'))) as { buildSite: typeof BuildSite };
const { loadSiteConfig } = (await import(from('src/config/site-config.ts'))) as { loadSiteConfig: typeof LoadSiteConfig };
const report = await buildSite({
  config: await loadSiteConfig(o.configFile, {}),
  outDir: o.outDir,
  workDir: o.workDir,
  log: (line) => process.stderr.write(`${line}\n`),
  now: new Date(o.now),
  allowUnpublish: o.allowUnpublish,
  workers: o.workers,
  renderWorkers: o.renderWorkers,
});
process.stdout.write(JSON.stringify(report));
