/** Loads the site config for a command; a bad config is a usage error with the problems listed. */
import { CliError, EXIT } from './exit-codes.ts';

export async function loadConfig(file: string, io: { cwd: string; env: NodeJS.ProcessEnv }) {
  // The schema (zod) loads with the first command that reads a config, not with `--help`.
  const { ConfigError, loadSiteConfig } = await import('../config/site-config.ts');
  try {
    return await loadSiteConfig(file, io.env, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT.usage, { cause: error });
    throw error;
  }
}
