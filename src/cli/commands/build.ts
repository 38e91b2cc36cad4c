/** `aperture build`: catalogue → validate → pages → search index → audit, into dist/. */
import path from 'node:path';
import type { RegisterCommand } from './index.ts';
import { EXIT } from '../exit-codes.ts';
import { loadConfig } from '../load-config.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';

export const registerBuild: RegisterCommand = (program, io, setExit) => {
  program
    .command('build')
    .description('Build the static site: validate the catalogue, render pages, index search, audit the release gate')
    .option('--catalogue <path>', 'catalogue folder (default: the config’s, content/)')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .option('--work-dir <dir>', 'folder for staged models and caches', '.aperture')
    .option('--allow-unpublish <doi...>', 'let these previously published DOIs leave the site (by default a build keeps every published DOI)')
    .action(async (options: { catalogue?: string; out: string; config: string; workDir: string; allowUnpublish?: string[] }) => {
      // Loaded here, not at the top: `aperture --help` must not pay for the whole pipeline.
      const [{ buildSite }, { formatReport, summarise }, { writeJson }] = await Promise.all([
        import('../../build/build.ts'),
        import('../../diagnostics/report.ts'),
        import('../../build/write-json.ts'),
      ]);
      const config = await loadConfig(options.config, io);
      const outDir = path.resolve(io.cwd, options.out);
      const workDir = path.resolve(io.cwd, options.workDir);
      const report = await buildSite({
        config,
        catalogue: options.catalogue ? path.resolve(io.cwd, options.catalogue) : undefined,
        outDir,
        workDir,
        log: (line) => io.stderr(line),
        allowUnpublish: options.allowUnpublish,
      });
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
          ` (${report.indexedPages} pages searchable; report: ${path.relative(io.cwd, path.join(workDir, 'report.json'))})`,
      );
      setExit(summary.errors > 0 ? EXIT.inputErrors : EXIT.ok);
    });
};
