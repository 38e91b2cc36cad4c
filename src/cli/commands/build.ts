/** `aperture build`: catalogue → validate → pages → search index → audit, into dist/. */
import path from 'node:path';
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { adoptLegacyDoiList, sharedCacheDir, siteWorkDir } from '../work-folders.ts';
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
    .action(async (options: { catalogue?: string; out: string; config: string; workDir?: string; offline?: boolean; allowUnpublish?: string[] }) => {
      // Loaded here, not at the top: `aperture --help` must not pay for the whole pipeline.
      const [{ buildSite }, { formatReport, summarise }, { writeJson }, { SiteListUnavailable }] = await Promise.all([
        import('../../build/build.ts'),
        import('../../diagnostics/report.ts'),
        import('../../build/write-json.ts'),
        import('../../persistence/site-doi-list.ts'),
      ]);
      const config = await loadConfig(options.config, io);
      const outDir = path.resolve(io.cwd, options.out);
      const workDir = options.workDir ? path.resolve(io.cwd, options.workDir) : siteWorkDir(io.cwd, options.out);
      if (!options.workDir && (await adoptLegacyDoiList(io.cwd, options.out, workDir))) io.stderr(`persistence: carried .aperture/published-dois.json over to ${path.relative(io.cwd, workDir)}`);
      let report;
      try {
        report = await buildSite({
          config,
          catalogue: options.catalogue ? path.resolve(io.cwd, options.catalogue) : undefined,
          outDir,
          workDir,
          cacheDir: options.workDir ? undefined : sharedCacheDir(io.cwd),
          offline: options.offline,
          keepBuilds: config.keepBuilds,
          log: (line) => io.stderr(line),
          allowUnpublish: options.allowUnpublish,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') {
          throw new CliError(`out of disk space while building (${(error as Error).message}); the live site was left unchanged and the unfinished build removed`, EXIT.failure);
        }
        if (error instanceof SiteListUnavailable) {
          throw new CliError(
            `cannot read the published-DOI list (${error.message}); the build stopped so no published DOI can be dropped. Build with --offline to use this machine's list only.`,
            EXIT.failure,
          );
        }
        throw error;
      }
      // The full report names withheld records, so it stays in the work folder, never in dist/.
      await writeJson(workDir, 'report.json', report);
      const summary = summarise(report.stage.records, report.stage.valid, report.diagnostics);
      if (summary.diagnostics.length) io.stderr(formatReport(summary));
      if (!report.ok) {
        for (const f of report.audit) io.stderr(`release gate: ${f.what} (${f.file})`);
        io.stderr(`aperture: build refused by the release gate; ${path.relative(io.cwd, outDir) || outDir} was left unchanged`);
        setExit(EXIT.gate);
        return;
      }
      io.stderr(
        `built ${report.stage.published.length} landing pages and ${report.stage.tombstones.length} tombstones into ${path.relative(io.cwd, outDir) || outDir}` +
          ` (${report.indexedPages} pages searchable; report: ${path.relative(io.cwd, path.join(report.reportDir, 'report.html'))})`,
      );
      setExit(summary.errors > 0 ? EXIT.inputErrors : EXIT.ok);
    });
};
