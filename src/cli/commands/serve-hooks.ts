/** `aperture serve-hooks`: receive signed release notifications and rebuild the site, one build at a time. */
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export const registerServeHooks: RegisterCommand = (program, io) => {
  program
    .command('serve-hooks')
    .description('Listen for release notifications (Standard Webhooks, secret in APERTURE_WEBHOOK_SECRET) and rebuild the site')
    .option('--port <n>', 'port (0: any free port)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--catalogue <path>', 'catalogue folder (default: the config’s)')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--config <file>', 'site config file')
    .option('--work-dir <dir>', 'folder for staged models and caches')
    .option('--publish', 'publish to object storage after every successful build')
    .option('--settle <ms>', 'wait this long after a notification so a burst becomes one build', '1000')
    .action(async (options: { port: string; host: string; catalogue?: string; out: string; config?: string; workDir?: string; publish?: boolean; settle: string }) => {
      const secret = io.env.APERTURE_WEBHOOK_SECRET;
      if (!secret) throw new CliError('APERTURE_WEBHOOK_SECRET is not set (a Standard Webhooks secret, whsec_…)', EXIT.usage);
      const port = Number(options.port);
      const settle = Number(options.settle);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port ${options.port} is not a port`, EXIT.usage);
      if (!Number.isFinite(settle) || settle < 0) throw new CliError(`--settle ${options.settle} is not a number of milliseconds`, EXIT.usage);

      const [{ ReleaseVerifier }, { CoalescingBuildQueue }, { startHookServer }, { spawnBuilds }] = await Promise.all([
        import('../../hooks/verify-release.ts'),
        import('../../hooks/build-queue.ts'),
        import('../../hooks/hook-server.ts'),
        import('../../hooks/spawn-build.ts'),
      ]);
      let verifier;
      try {
        verifier = new ReleaseVerifier(secret);
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.usage);
      }
      const shared = [...(options.config ? ['--config', options.config] : [])];
      const buildArgs = [
        ...shared,
        '--out', options.out,
        ...(options.catalogue ? ['--catalogue', options.catalogue] : []),
        ...(options.workDir ? ['--work-dir', options.workDir] : []),
      ];
      const log = (line: string) => io.stderr(line);
      const queue = new CoalescingBuildQueue(
        spawnBuilds({ cwd: io.cwd, buildArgs, publishArgs: options.publish ? [...shared, '--dir', options.out] : undefined, log, env: io.env }),
        settle,
      );
      const server = await startHookServer({ host: options.host, port, verifier, queue, log });
      io.stderr(`serve-hooks: listening on ${server.url} (POST /release, GET /status; Ctrl+C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.stderr('serve-hooks: stopping after the current build');
      await server.close();
      queue.close();
      await queue.idle();
    });
};
