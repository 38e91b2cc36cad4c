/** `aperture preview`: serve the built site locally (Astro's static preview server). */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export const registerPreview: RegisterCommand = (program, io) => {
  program
    .command('preview')
    .description('Serve the built site (dist/) on http://127.0.0.1:4321')
    .option('--out <dir>', 'built site folder', 'dist')
    .option('--port <n>', 'port', '4321')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { out: string; port: string; host: string }) => {
      const outDir = path.resolve(io.cwd, options.out);
      if (!existsSync(path.join(outDir, 'index.html'))) {
        throw new CliError(`${outDir} holds no built site; run \`aperture build\` first`, EXIT.usage);
      }
      const [{ preview }, { PROJECT_ROOT }] = await Promise.all([import('astro'), import('../../build/build.ts')]);
      const server = await preview({ root: PROJECT_ROOT, outDir, server: { port: Number(options.port), host: options.host }, logLevel: 'warn' });
      io.stderr(`serving ${outDir} at http://${options.host}:${server.port}/ (Ctrl+C to stop)`);
      await server.closed();
    });
};
