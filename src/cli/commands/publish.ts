/**
 * `aperture publish [--dir dist] [--prefix P] [--dry-run] [--json]`: upload the built
 * site to object storage (src/publish/publish.ts). Exit 3 (gate) when any upload
 * failed: nothing was deleted and pages whose assets failed were not uploaded.
 */
import path from 'node:path';
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';
import type { PublishReport } from '../../publish/publish.ts';
import { planTotals } from '../../publish/plan.ts';
import { formatBytes } from '../../storage/manifest-formats.ts';
import { loadConfig } from '../load-config.ts';

export const registerPublish: RegisterCommand = (program, io, setExit) => {
  program
    .command('publish')
    .description('Upload the built site to object storage: changed files only, pages last, stale objects removed after success')
    .option('--dir <dir>', 'built site folder', 'dist')
    .option('--bucket <name>', 'target bucket (default: storage.bucket)')
    .option('--prefix <prefix>', 'key prefix inside the bucket, e.g. site/ or releases/2026-05-01/', '')
    .option('--dry-run', 'print the plan (uploads, unchanged, deletions with bytes) and change nothing')
    .option('--concurrency <n>', 'uploads in flight', '8')
    .option('--json', 'print the report as JSON')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .option('--no-progress', 'one line per stage on stderr instead of a live progress bar (the default when stderr is not a terminal)')
    .action(async (options: { dir: string; bucket?: string; prefix: string; dryRun?: boolean; concurrency: string; json?: boolean; config: string; progress: boolean }) => {
      const config = await loadConfig(options.config, io);
      const bucket = options.bucket ?? config.storage.bucket;
      if (!bucket) throw new CliError('no bucket: pass --bucket or set storage.bucket', EXIT.usage);
      const [{ createStorageClient, credentialsFromEnv }, { publishSite }, { openProgress }] = await Promise.all([
        import('../../storage/client.ts'),
        import('../../publish/publish.ts'),
        import('../progress.ts'),
      ]);
      const credentials = credentialsFromEnv(io.env);
      if (!credentials && !options.dryRun) {
        throw new CliError('publishing needs credentials: set APERTURE_STORAGE_ACCESS_KEY_ID and APERTURE_STORAGE_SECRET_ACCESS_KEY (or AWS_*)', EXIT.usage);
      }
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliError('--concurrency must be a positive integer', EXIT.usage);
      const client = createStorageClient(config.storage, credentials, { requestTimeoutMs: 120_000 });
      let report: PublishReport;
      const progress = await openProgress(io, { live: options.progress });
      try {
        report = await publishSite(client, {
          dir: path.resolve(io.cwd, options.dir),
          bucket,
          prefix: options.prefix,
          dryRun: options.dryRun,
          concurrency,
          log: options.json ? undefined : (line) => progress.log(line),
          progress,
        });
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (e.code === 'ENOENT') throw new CliError(`no built site at ${options.dir} (run aperture build first)`, EXIT.usage, { cause: error });
        throw new CliError(`publishing to ${bucket} failed before any upload: ${e.name}: ${e.message}`, EXIT.failure, { cause: error });
      } finally {
        progress.close();
        client.destroy();
      }
      io.stdout(options.json ? JSON.stringify(toJson(report, bucket), null, 2) : formatPublishReport(report, bucket));
      setExit(report.ok ? EXIT.ok : EXIT.gate);
    });
};

function toJson(report: PublishReport, bucket: string) {
  const { plan } = report;
  return {
    bucket,
    prefix: plan.prefix,
    dryRun: report.dryRun,
    ok: report.ok,
    totals: { uploads: plan.uploads.length, unchanged: plan.unchanged.length, deletes: plan.deletes.length, foreign: plan.foreign.length, ...planTotals(plan) },
    uploads: plan.uploads.map((u) => ({ key: u.key, size: u.size, reason: u.reason, contentType: u.contentType, cacheControl: u.cacheControl })),
    deletes: plan.deletes,
    foreign: plan.foreign,
    uploaded: report.uploaded.length,
    deleted: report.deleted,
    failed: report.failed,
  };
}

export function formatPublishReport(report: PublishReport, bucket: string): string {
  const { plan } = report;
  const totals = planTotals(plan);
  const target = `s3://${bucket}/${plan.prefix}`;
  const lines = [report.dryRun ? `Plan for ${target} (dry run, nothing changed):` : `Published to ${target}:`];
  for (const u of plan.uploads) lines.push(`  upload  ${u.key}  ${formatBytes(u.size)}  ${u.reason}  ${u.contentType}`);
  for (const d of plan.deletes) lines.push(`  delete  ${d.key}  ${formatBytes(d.size)}`);
  lines.push(
    `${plan.uploads.length} to upload (${formatBytes(totals.uploadBytes)}), ${plan.unchanged.length} unchanged (${formatBytes(totals.unchangedBytes)}), ` +
      `${plan.deletes.length} to delete (${formatBytes(totals.deleteBytes)})` +
      (plan.foreign.length ? `, ${plan.foreign.length} objects not written by aperture publish left alone` : ''),
  );
  if (!report.dryRun && !report.ok) {
    lines.push(`FAILED: ${report.failed.length} operations failed; no stale objects were deleted unless all uploads succeeded.`);
    for (const f of report.failed) lines.push(`  ${f.key}: ${f.error}`);
  }
  return lines.join('\n');
}
