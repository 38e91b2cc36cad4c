/**
 * `aperture rollback [BUILD]`: make an earlier kept build live again — locally by the same
 * atomic link swap a build uses, and with --publish in the bucket too (the ordinary publish:
 * changed files only, pages after assets, deletions last).
 */
import path from 'node:path';
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT, type ExitCode } from '../exit-codes.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';

export const registerRollback: RegisterCommand = (program, io, setExit) => {
  program
    .command('rollback')
    .description('Make an earlier kept build live again (default: the one before the live one); --list shows the kept builds')
    .argument('[build]', 'kept build name (see --list)')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--list', 'list the kept builds and change nothing')
    .option('--publish', 'also publish the rolled-back site to object storage')
    .option('--allow-unpublish <doi...>', 'let these DOIs stop resolving (the target build has no page for them)')
    .option('--config <file>', 'site config file (for --publish)', DEFAULT_CONFIG_FILE)
    .action(async (name: string | undefined, options: { out: string; list?: boolean; publish?: boolean; allowUnpublish?: string[]; config: string }) => {
      const { listBuilds, pointAt, doisLostByRollingBack } = await import('../../publish/local-release.ts');
      const outDir = path.resolve(io.cwd, options.out);
      const builds = await listBuilds(outDir);
      if (options.list) {
        if (!builds.length) io.stderr(`no kept builds beside ${options.out}`);
        for (const b of builds) io.stdout(`${b.live ? '*' : ' '} ${b.name}${b.builtAt ? `  built ${b.builtAt}` : ''}`);
        return;
      }
      const liveIndex = builds.findIndex((b) => b.live);
      const target = name ? builds.find((b) => b.name === name) : liveIndex > 0 ? builds[liveIndex - 1] : undefined;
      if (!target) {
        throw new CliError(name ? `no kept build named ${name} (aperture rollback --list)` : 'there is no earlier kept build to roll back to', EXIT.usage);
      }
      if (target.live) {
        io.stderr(`${target.name} is already live`);
      } else {
        const allowed = new Set((options.allowUnpublish ?? []).map((d) => d.trim().toLowerCase()));
        const lost = liveIndex >= 0 ? (await doisLostByRollingBack(builds[liveIndex].dir, target.dir)).filter((d) => !allowed.has(d)) : [];
        if (lost.length) {
          io.stderr(`rollback refused: ${target.name} has no page for ${lost.length} DOI(s) the live site publishes:`);
          for (const doi of lost) io.stderr(`  ${doi}`);
          io.stderr('Withdraw them in the catalogue and build instead, or pass --allow-unpublish with these DOIs.');
          setExit(EXIT.gate);
          return;
        }
        await pointAt(outDir, target.name);
        io.stderr(`${target.name} is live again in ${options.out}`);
      }
      if (options.publish) {
        const { main } = await import('../main.ts');
        setExit((await main(['publish', '--dir', options.out, '--config', options.config], io)) as ExitCode);
      }
    });
};
