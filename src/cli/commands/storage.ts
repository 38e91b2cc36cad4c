/**
 * `aperture storage cors [--apply] [--json]`: the bucket CORS rules the site needs,
 * printed as S3 XML (default) or JSON (for `aws s3api put-bucket-cors`), or applied.
 * Verification runs as `aperture check --storage` (src/storage/verify.ts).
 */
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { ConfigError, DEFAULT_CONFIG_FILE, loadSiteConfig } from '../../config/site-config.ts';
import { createStorageClient, credentialsFromEnv } from '../../storage/client.ts';
import { applyCors, corsRules, corsXml } from '../../storage/cors.ts';

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
};

export async function loadConfig(file: string, io: { cwd: string; env: NodeJS.ProcessEnv }) {
  try {
    return await loadSiteConfig(file, io.env, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT.usage, { cause: error });
    throw error;
  }
}
