/**
 * `aperture storage cors [--apply] [--json]`: the bucket CORS rules the site needs,
 * printed as S3 XML (default) or JSON (for `aws s3api put-bucket-cors`), or applied.
 * `aperture storage verify`: every released datafile is in the store with its size.
 */
import path from 'node:path';
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';
import { loadConfig } from '../load-config.ts';

export const registerStorage: RegisterCommand = (program, io, setExit) => {
  const storage = program.command('storage').description('Object storage: bucket CORS rules for downloads and range requests');
  storage
    .command('cors')
    .description('Print the bucket CORS configuration Aperture needs (S3 XML, or --json), or --apply it to storage.bucket')
    .option('--json', 'print JSON for `aws s3api put-bucket-cors --cors-configuration file://cors.json`')
    .option('--apply', 'apply with PutBucketCors (needs credentials in the environment)')
    .option('--origin <url...>', 'extra allowed origins besides siteUrl (e.g. a staging site)')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .action(async (options: { json?: boolean; apply?: boolean; origin?: string[]; config: string }) => {
      const config = await loadConfig(options.config, io);
      const [{ createStorageClient, credentialsFromEnv }, { applyCors, corsRules, corsXml }] = await Promise.all([
        import('../../storage/client.ts'),
        import('../../storage/cors.ts'),
      ]);
      let rules;
      try {
        rules = corsRules(config.siteUrl, options.origin ?? []);
      } catch {
        throw new CliError(`--origin must be absolute http(s) URLs`, EXIT.usage);
      }
      if (!options.apply) {
        io.stdout(options.json ? JSON.stringify(rules, null, 2) : corsXml(rules));
        return;
      }
      const bucket = config.storage.bucket;
      if (!bucket) throw new CliError('storage.bucket is not configured (aperture.config.json or APERTURE_STORAGE_BUCKET)', EXIT.usage);
      const credentials = credentialsFromEnv(io.env);
      if (!credentials) {
        throw new CliError('applying CORS needs credentials: set APERTURE_STORAGE_ACCESS_KEY_ID and APERTURE_STORAGE_SECRET_ACCESS_KEY (or AWS_*)', EXIT.usage);
      }
      const client = createStorageClient(config.storage, credentials);
      try {
        await applyCors(client, bucket, rules);
      } catch (error) {
        throw new CliError(`PutBucketCors on ${bucket} failed: ${(error as Error).name}: ${(error as Error).message}`, EXIT.failure, { cause: error });
      } finally {
        client.destroy();
      }
      io.stderr(`applied CORS rules to bucket ${bucket} (origins: ${rules.CORSRules[0].AllowedOrigins.join(', ')})`);
      setExit(EXIT.ok);
    });

  storage
    .command('verify')
    .description('HEAD every datafile and bundle of released records: missing, forbidden, wrong size, unreachable')
    .option('--catalogue <path>', 'catalogue folder (default: the config\'s catalogue)')
    .option('--concurrency <n>', 'HEAD requests in flight', '16')
    .option('--json', 'print the report as JSON')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .action(async (options: { catalogue?: string; concurrency: string; json?: boolean; config: string }) => {
      const config = await loadConfig(options.config, io);
      const [{ DiagnosticSink }, { formatReport, summarise }, { openCatalogue }, { verifyCatalogue }] = await Promise.all([
        import('../../diagnostics/diagnostic.ts'),
        import('../../diagnostics/report.ts'),
        import('../../catalogue/open-catalogue.ts'),
        import('../../storage/verify-catalogue.ts'),
      ]);
      const bucket = config.storage.bucket;
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliError('--concurrency must be a positive integer', EXIT.usage);
      const catalogue = options.catalogue ? path.resolve(io.cwd, options.catalogue) : path.resolve(config.root, config.catalogue);
      const sink = new DiagnosticSink();
      const verification = await verifyCatalogue(config.storage, openCatalogue(catalogue), sink, { concurrency, env: io.env });
      if (!verification) throw new CliError('storage.bucket is not configured (aperture.config.json or APERTURE_STORAGE_BUCKET)', EXIT.usage);
      const { report, records } = verification;
      const skipped = verification.catalogueErrors;
      if (options.json) {
        const { sizes: _sizes, problems, ...counts } = report;
        io.stdout(JSON.stringify({ bucket, ...counts, problems: Object.fromEntries(problems), catalogueErrors: skipped, diagnostics: sink.list }, null, 2));
      } else {
        io.stdout(formatReport(summarise(records, records - new Set(sink.errors().map((d) => d.record)).size, sink.list)));
        io.stdout(
          `${report.checked} objects checked in ${(report.elapsedMs / 1000).toFixed(1)} s: ${report.missing} missing, ${report.forbidden} forbidden, ` +
            `${report.mismatched} wrong size, ${report.unreachable} unreachable` + (report.stopped ? ` (stopped early: ${report.stopped})` : ''),
        );
        if (skipped) io.stderr(`${skipped} catalogue errors left records or files out; run aperture check for details.`);
      }
      setExit(report.stopped || report.unreachable ? EXIT.failure : sink.hasErrors() ? EXIT.inputErrors : EXIT.ok);
    });
};
