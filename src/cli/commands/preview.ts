/**
 * `aperture preview`: serve the built site locally as the static host it is published to
 * would (same content types as `aperture publish`, extension-less files included).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export const registerPreview: RegisterCommand = (program, io) => {
  program
    .command('preview')
    .description('Serve the built site (dist/) on http://127.0.0.1:4321')
    .option('--out <dir>', 'built site folder', 'dist')
    .option('--port <n>', 'port (0 picks a free one)', '4321')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { out: string; port: string; host: string }) => {
      const outDir = path.resolve(io.cwd, options.out);
      if (!existsSync(path.join(outDir, 'index.html'))) {
        throw new CliError(`${outDir} holds no built site; run \`aperture build\` first`, EXIT.usage);
      }
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not ${options.port}`, EXIT.usage);
      const { serveSite } = await import('../../preview/static-host.ts');
      const site = await serveSite(outDir, { host: options.host, port }).catch((error: Error) => {
        throw new CliError(`cannot listen on ${options.host}:${port}: ${error.message}`, EXIT.failure);
      });
      io.stderr(`serving ${outDir} at ${site.url}/ (Ctrl+C to stop)`);
      await new Promise<void>((resolve) => site.server.once('close', () => resolve()));
    });
};
