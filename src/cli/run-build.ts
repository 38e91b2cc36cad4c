/**
 * One build as the CLI runs it (`aperture build`, `aperture release`): work folders,
 * the build itself, its report on stderr and its exit code. Loaded only when a command
 * that builds runs.
 */
import path from 'node:path';
import type { CliIO } from './io.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { adoptLegacyDoiList, sharedCacheDir, siteWorkDir } from './work-folders.ts';
import type { SiteConfig } from '../config/site-config.ts';
import { buildSite, type BuildReport } from '../build/build.ts';
import { formatReport, summarise } from '../diagnostics/report.ts';
import { writeJson } from '../build/write-json.ts';
import { SiteListUnavailable } from '../persistence/site-doi-list.ts';
import { openProgress } from './progress.ts';
import type { RecordStamps } from '../catalogue/record-stamps.ts';

export interface BuildRunOptions {
  config: SiteConfig & { root: string };
  catalogue?: string;
  out: string;
  workDir?: string;
  offline?: boolean;
  allowUnpublish?: string[];
  /** See BuildOptions.borrowStageCache (a release's dry run). */
  borrowStageCache?: string;
  /** false (`--no-progress`): one line per stage even on a terminal. */
  progress?: boolean;
  /** See BuildOptions.stamps (a release has taken them to find its record). */
  stamps?: RecordStamps;
}

export function workFolders(io: Pick<CliIO, 'cwd'>, o: Pick<BuildRunOptions, 'out' | 'workDir'>): { outDir: string; workDir: string; cacheDir: string | undefined } {
  return {
    outDir: path.resolve(io.cwd, o.out),
    workDir: o.workDir ? path.resolve(io.cwd, o.workDir) : siteWorkDir(io.cwd, o.out),
    cacheDir: o.workDir ? undefined : sharedCacheDir(io.cwd),
  };
}

export async function runBuild(o: BuildRunOptions, io: CliIO): Promise<{ exit: ExitCode; report: BuildReport }> {
  const { outDir, workDir, cacheDir } = workFolders(io, o);
  if (!o.workDir && (await adoptLegacyDoiList(io.cwd, o.out, workDir))) io.stderr(`persistence: carried .aperture/published-dois.json over to ${path.relative(io.cwd, workDir)}`);
  let report: BuildReport;
  const progress = await openProgress(io, { live: o.progress });
  try {
    report = await buildSite({
      config: o.config,
      catalogue: o.catalogue ? path.resolve(io.cwd, o.catalogue) : undefined,
      outDir,
      workDir,
      cacheDir,
      offline: o.offline,
      keepBuilds: o.config.keepBuilds,
      log: (line) => progress.log(line),
      progress,
      allowUnpublish: o.allowUnpublish,
      borrowStageCache: o.borrowStageCache,
      stamps: o.stamps,
      // A dry run's scratch build is thrown away at once; APERTURE_STANDBY=0 turns it off (the test suite does).
      standby: !o.borrowStageCache && process.env.APERTURE_STANDBY !== '0',
    });
  } catch (error) {
    progress.close();
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
  progress.close();
  // The full report names withheld records, so it stays in the work folder, never in dist/.
  await writeJson(workDir, 'report.json', report);
  // "valid" as `aperture check` counts it: records without an error. The stage's own count is of
  // records the gate let through, which includes those published without a faulty value.
  const withErrors = new Set(report.diagnostics.filter((d) => d.severity === 'error' && d.record !== null).map((d) => d.record));
  const summary = summarise(report.stage.records, Math.max(0, report.stage.records - withErrors.size), report.diagnostics);
  if (summary.diagnostics.length) io.stderr(formatReport(summary));
  if (!report.ok) {
    for (const f of report.audit) io.stderr(`release gate: ${f.what} (${f.file})`);
    io.stderr(`aperture: build refused by the release gate; ${path.relative(io.cwd, outDir) || outDir} was left unchanged`);
    return { exit: EXIT.gate, report };
  }
  io.stderr(
    `built ${report.stage.published.length} landing pages and ${report.stage.tombstones.length} tombstones into ${path.relative(io.cwd, outDir) || outDir}` +
      ` (${report.indexedPages} pages searchable; report: ${path.relative(io.cwd, path.join(report.reportDir, 'report.html'))})`,
  );
  return { exit: summary.errors > 0 ? EXIT.inputErrors : EXIT.ok, report };
}
