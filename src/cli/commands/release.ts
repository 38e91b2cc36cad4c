/**
 * `aperture release <doi>`: a curator releases one record. It validates that record, says
 * what will change on the site (with --dry-run, and nothing else), builds, and with
 * --publish publishes. Exit codes as everywhere: 1 the record has errors (nothing built),
 * 3 a gate refused, 4 an outside failure.
 */
import type { RegisterCommand } from './index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { loadConfig } from '../load-config.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';

export const registerRelease: RegisterCommand = (program, io, setExit) => {
  program
    .command('release')
    .description('Release one record: validate it, show what will change on the site, build, and with --publish publish')
    .argument('<doi>', 'the record’s DOI')
    .option('--dry-run', 'build aside and print what would change; the live site and its history are untouched')
    .option('--publish', 'publish to object storage after the build')
    .option('--catalogue <path>', 'catalogue folder (default: the config’s)')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .option('--work-dir <dir>', 'this site\'s working folder (default: .aperture/sites/<out>-<id>)')
    .option('--offline', 'do not read the published-DOI list back from the live site or bucket')
    .option('--json', 'print what changed as JSON on stdout')
    .option('--no-progress', 'one line per stage on stderr instead of a live progress bar (the default when stderr is not a terminal)')
    .action(async (doi: string, options: { dryRun?: boolean; publish?: boolean; catalogue?: string; out: string; config: string; workDir?: string; offline?: boolean; json?: boolean; progress: boolean }) => {
      const [{ findRecord }, { runBuild, workFolders }, { diffSites, formatSiteDiff }, { listBuilds }, { formatReport, summarise }, fs, os, path] = await Promise.all([
        import('../../release/find-record.ts'),
        import('../run-build.ts'),
        import('../../publish/site-diff.ts'),
        import('../../publish/local-release.ts'),
        import('../../diagnostics/report.ts'),
        import('node:fs/promises'),
        import('node:os'),
        import('node:path'),
      ]);
      const config = await loadConfig(options.config, io);
      // A release stages at least its record: a staging worker warms up while the catalogue is
      // searched and stamped and the ledger read (most of a second each at 10,000 records).
      (await import('../../build/stage-pool.ts')).prestartStageWorker();
      const catalogue = path.resolve(config.root, options.catalogue ?? config.catalogue);
      const { outDir, workDir } = workFolders(io, options);
      const named = await findRecord(catalogue, doi, path.join(workDir, 'site'));
      if (!named.id) {
        io.stderr(`aperture: no record in ${catalogue} has the DOI ${doi} (pull it from the archive catalogue first: aperture pull)`);
        setExit(EXIT.inputErrors);
        return;
      }
      if (named.diagnostics.length) {
        const { mirrorOrigins, nameOrigins } = await import('../../pull/mirror-origins.ts');
        io.stderr(formatReport(summarise(1, named.record ? 1 : 0, nameOrigins(named.diagnostics, await mirrorOrigins(catalogue)))));
      }
      if (!named.record) {
        io.stderr(`aperture: record "${named.id}" (${doi}) has errors; nothing was built`);
        setExit(EXIT.inputErrors);
        return;
      }
      const state = named.record.release.state;
      io.stderr(`record "${named.id}" (${named.record.doi}) is valid; release state: ${state}`);
      if (state === 'unpublished') io.stderr('note: the record is marked unpublished, so the build leaves it out of the site');

      const before = (await listBuilds(outDir)).find((b) => b.live)?.dir ?? null;
      if (options.dryRun) {
        // A build aside: its own output and a throwaway copy of the DOI list, so the live site,
        // its kept builds and its history stay exactly as they are.
        const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'aperture-release-'));
        try {
          const scratchWork = path.join(scratch, 'work');
          await fs.mkdir(scratchWork, { recursive: true });
          await fs.cp(path.join(workDir, 'published-dois.json'), path.join(scratchWork, 'published-dois.json')).catch(() => {});
          const { exit, report } = await runBuild(
            // The live site's record cache: a dry run stages what the release would, not the whole catalogue again.
            { config, catalogue, out: path.join(scratch, 'site'), workDir: scratchWork, offline: options.offline, progress: options.progress, borrowStageCache: path.join(workDir, 'cache'), stamps: named.stamps ?? undefined },
            io,
          );
          if (!report.ok) return setExit(exit);
          // The live build, or an output folder from before builds were kept (diffSites skips a missing one).
          const diff = await diffSites(before ?? outDir, path.join(scratch, 'site'));
          io.stdout(options.json ? JSON.stringify({ doi: named.record.doi, dryRun: true, ...diff }, null, 2) : `Dry run — what releasing ${named.record.doi} would change:\n${formatSiteDiff(diff)}`);
          setExit(exit);
        } finally {
          await fs.rm(scratch, { recursive: true, force: true });
        }
        return;
      }
      // The stamps findRecord took: a release stats the catalogue once, not twice.
      const { exit, report } = await runBuild({ config, catalogue, out: options.out, workDir: options.workDir, offline: options.offline, progress: options.progress, stamps: named.stamps ?? undefined }, io);
      if (!report.ok) return setExit(exit);
      const diff = await diffSites(before, outDir, report.changes && { ...report.changes, files: report.files });
      const released = { doi: named.record.doi, dryRun: false, ...diff };
      if (!options.json) io.stdout(`Released ${named.record.doi}:\n${formatSiteDiff(diff)}`);
      let published: ExitCode = EXIT.ok;
      if (options.publish) {
        const { main } = await import('../main.ts');
        const args = ['publish', '--dir', options.out, '--config', options.config, ...(options.progress ? [] : ['--no-progress'])];
        // With --json, stdout stays one JSON document: the publish report goes inside it.
        let report = '';
        const publishIO = options.json ? { ...io, stdout: (text: string) => void (report += text) } : io;
        published = (await main(options.json ? [...args, '--json'] : args, publishIO)) as ExitCode;
        if (options.json) Object.assign(released, { publish: report.trim() ? JSON.parse(report) : null });
      }
      if (options.json) io.stdout(JSON.stringify(released, null, 2));
      setExit(published !== EXIT.ok ? published : exit);
    });
};
