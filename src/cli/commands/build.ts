/** `aperture build`: catalogue → validate → pages → search index → audit, into dist/. */
import type { RegisterCommand } from './index.ts';
import { loadConfig } from '../load-config.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';

export const registerBuild: RegisterCommand = (program, io, setExit) => {
  program
    .command('build')
    .description('Build the static site: validate the catalogue, render pages, index search, audit the release gate')
    .option('--catalogue <path>', 'catalogue folder (default: the config’s, content/)')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .option('--work-dir <dir>', 'this site\'s working folder: published DOIs, previous build, reports (default: .aperture/sites/<out>-<id>)')
    .option('--offline', 'do not read the published-DOI list back from the live site or bucket (persistence.remote)')
    .option('--allow-unpublish <doi...>', 'let these previously published DOIs leave the site (by default a build keeps every published DOI)')
    .option('--no-progress', 'one line per stage on stderr instead of a live progress bar (the default when stderr is not a terminal)')
    .action(async (options: { catalogue?: string; out: string; config: string; workDir?: string; offline?: boolean; allowUnpublish?: string[]; progress: boolean }) => {
      // Loaded here, not at the top: `aperture --help` must not pay for the whole pipeline.
      const { runBuild } = await import('../run-build.ts');
      const config = await loadConfig(options.config, io);
      setExit((await runBuild({ ...options, config }, io)).exit);
    });
};
