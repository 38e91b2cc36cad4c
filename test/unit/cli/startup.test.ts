/**
 * The compiled command line (bin/aperture.js → lib/, compiled from src/ by `prepare`):
 * it says what the source says, `--version`/`--help` load none of the pipeline, and the
 * commands that read files beside their modules (CSL styles, JSON schema) still find them.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, spawnCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/build-fixture.ts';
import { dataciteRecord } from '../citation/factory.ts';
import { miniCbfBytes, syntheticFrame } from '../../../src/images/synthetic.ts';
import { VIEW_SIZE } from '../../../src/images/preview.ts';
import { DEFAULT_PREVIEW_SIZE } from '../../../src/cli/commands/inspect.ts';

const RECORD_IMPORTS = path.resolve(import.meta.dirname, '../../helpers/record-imports.js');
/** What a start-up must not load: the pipeline's big libraries and stages (small pure helpers such as publish/plan.ts may load). */
const HEAVY = /node_modules\/(astro|@astrojs|vite|@citation-js|citeproc|h5wasm|sharp|@aws-sdk|ajv|zod|pagefind|unified|cli-progress)\/|\/lib\/(build|citation|validate|images|model|exports|index|enrich|fair)\//;

async function importsOf(args: string[], dir: string): Promise<{ code: number; urls: string[] }> {
  const log = path.join(dir, `imports-${args.join('_').replace(/\W/g, '')}.txt`);
  const r = await spawnCli(args, dir, { env: { APERTURE_IMPORT_LOG: log }, nodeArgs: ['--import', RECORD_IMPORTS] });
  return { code: r.code, urls: (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
}

describe('the compiled aperture command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('startup-');
  });

  test('--help lists the same commands and options as the source, for every command', async () => {
    const top = await spawnCli(['--help'], dir);
    expect(top.code).toBe(0);
    expect(top.out).toBe((await runCli(['--help'], dir)).out);
    const commands = [...top.out.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands).toEqual(['build', 'check', 'preview', 'enrich', 'inspect', 'storage', 'publish', 'convert', 'pull', 'release', 'serve-hooks', 'rollback']);
    for (const command of [...commands, 'storage cors', 'storage verify']) {
      const args = [...command.split(' '), '--help'];
      const compiled = await spawnCli(args, dir);
      expect(compiled.code, command).toBe(0);
      expect(compiled.out, command).toBe((await runCli(args, dir)).out);
      expect(compiled.out, command).toMatch(/Options:\n {2}-/);
    }
  });

  test('--version and --help load none of the pipeline', async () => {
    for (const args of [['--version'], ['--help'], ['build', '--help']]) {
      const { code, urls } = await importsOf(args, dir);
      expect(code).toBe(0);
      expect(urls.some((u) => u.endsWith('/lib/cli/main.js')), 'ran the compiled main').toBe(true);
      expect(urls.filter((u) => u.endsWith('.ts')), 'compiled nothing').toEqual([]);
      expect(urls.filter((u) => HEAVY.test(u)), args.join(' ')).toEqual([]);
    }
  });

  test('inspect reads a CBF frame and writes its preview without loading h5wasm', async () => {
    await writeFile(path.join(dir, 'frame.cbf'), miniCbfBytes(syntheticFrame({ width: 256, height: 256, seed: 3 })));
    const { code, urls } = await importsOf(['inspect', 'frame.cbf', '--preview', 'frame.png', '--json'], dir);
    expect(code).toBe(0);
    const png = await readFile(path.join(dir, 'frame.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(urls.some((u) => u.includes('/lib/images/cbf.js'))).toBe(true);
    expect(urls.filter((u) => /h5wasm/.test(u))).toEqual([]);
  });

  test('convert finds the CSL style and JSON schema that sit beside the compiled modules', async () => {
    await writeFile(path.join(dir, 'record.json'), JSON.stringify(dataciteRecord()));
    const chicago = await spawnCli(['convert', 'record.json', '--to', 'chicago'], dir);
    expect(chicago.code, chicago.err).toBe(0);
    expect(chicago.out).toBe((await runCli(['convert', 'record.json', '--to', 'chicago'], dir)).out);
    expect(chicago.out).toContain('Garcia, Ana');
    const bad = await spawnCli(['convert', 'record.json', '--to', 'nonsense'], dir);
    expect(bad.code).toBe(2);
  });

  test('the preview size --help shows is the one the image code uses', () => {
    expect(DEFAULT_PREVIEW_SIZE).toBe(VIEW_SIZE);
  });
});
