/**
 * Progress on the terminal (issue 14, point 7), as a user running the real command sees it
 * when stderr is not a terminal (CI, logs, pipes): exactly one line per stage, each with its
 * count, time and rate, no carriage returns; and with --json, stdout is the JSON document
 * alone even though a build and a publish ran.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { releasedMxSpec, withdrawnSpec, writeFixtureCatalogue } from '../helpers/catalogue-fixtures.ts';
import { spawnCli } from '../helpers/cli.ts';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';

const RECORD_IMPORTS = path.resolve(import.meta.dirname, '../helpers/record-imports.js');
const A = '10.5072/aperture-progress-a';
const B = '10.5072/aperture-progress-b';
const BUILD_STAGES = ['stage (load, validate, model)', 'browse pages', 'machine-readable outputs', 'render (astro)', 'public files', 'index (pagefind)', 'audit (release gate)'];

/** The progress lines on stderr, by stage name (a stage printed twice shows up as a longer list). */
function stageLines(stderr: string, names: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const line of stderr.split('\n')) {
    const name = names.find((n) => line.startsWith(`${n}: `));
    if (name) found.get(name)!.push(line);
  }
  return found;
}

describe('progress of the real command when stderr is not a terminal', () => {
  let root: string;
  let s3: RunningS3rver;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'site' }]);
    env = { APERTURE_STORAGE_ACCESS_KEY_ID: s3.credentials.accessKeyId, APERTURE_STORAGE_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey };
    root = await tempDir('progress-cli-');
    await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 2), releasedMxSpec('rec-b', B, 1), withdrawnSpec('rec-c')]);
    await writeFile(
      path.join(root, 'aperture.config.json'),
      JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', storage: { ...FIXTURE_CONFIG.storage, endpoint: s3.endpoint, bucket: 'site' } }),
    );
  }, 120_000);
  afterAll(() => s3?.stop());

  test('a build prints one line per stage, with counts, time and rate, and no carriage returns', async () => {
    const imports = path.join(root, 'imports.txt');
    const run = await spawnCli(['build'], root, { env: { ...env, APERTURE_IMPORT_LOG: imports }, nodeArgs: ['--import', RECORD_IMPORTS] });
    expect(run.code, run.err).toBe(0);
    // No bar is drawn, so the bar's library is never loaded.
    const urls = (await readFile(imports, 'utf8')).split('\n');
    expect(urls.some((url) => url.endsWith('/lib/report/progress.js')), 'the line display was loaded').toBe(true);
    expect(urls.filter((url) => /cli-progress|progress-bar/.test(url))).toEqual([]);
    expect(run.err).not.toContain('\r');
    expect(run.err).not.toMatch(/\x1b\[/);
    const lines = stageLines(run.err, BUILD_STAGES);
    for (const [stage, found] of lines) expect(found, `${stage} in:\n${run.err}`).toHaveLength(1);
    const line = (stage: string) => lines.get(stage)![0];
    expect(line('stage (load, validate, model)')).toMatch(/^stage \(load, validate, model\): 3 records in \d+\.\d+ s \([\d.,]+\/s\); 0 unchanged, from the cache; 2 published, 1 tombstones, 0 withheld; \d+ pages to render$/);
    const rendered = /^render \(astro\): ([\d,]+) pages in \d+\.\d+ s \([\d.,]+\/s\); ([\d,]+) pages in all, 0 reused from the previous build$/.exec(line('render (astro)'));
    expect(rendered, line('render (astro)')).not.toBeNull();
    expect(rendered![1]).toBe(rendered![2]);
    expect(line('index (pagefind)')).toMatch(/^index \(pagefind\): \d+ pages in \d+\.\d+ s \([\d.,]+\/s\); 2 searchable in 1 search shard, 1 indexed$/);
    expect(line('machine-readable outputs')).toMatch(/^machine-readable outputs: \d+\.\d+ s; \d+\.\d+ s in all, alongside the browse pages$/);
    // The old `name: 1.23 s` timing lines are folded into these, not printed beside them.
    expect(run.err).not.toMatch(/^\d+ records \(/m);
    expect(run.err).not.toMatch(/^\d+ pages: \d+ rendered/m);
  }, 240_000);

  test('release --json --publish: stdout is one JSON document; the build and publish lines go to stderr', async () => {
    const file = path.join(root, 'catalogue', 'rec-a', 'datacite.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.titles[0].title = 'A title changed while progress was watched';
    await writeFile(file, JSON.stringify(json));
    const run = await spawnCli(['release', A, '--json', '--publish'], root, { env });
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out);
    expect(report).toMatchObject({ doi: A, dryRun: false, publish: { bucket: 'site', ok: true } });
    expect(report.pages.changed).toContain(`/doi/${A}/`);
    expect(report.publish.uploaded).toBeGreaterThan(0);
    expect(run.err).not.toContain('\r');
    // A release starts its output from the live build's files instead of linking every public file (src/build/incremental-output.ts).
    const releaseStages = BUILD_STAGES.map((stage) => (stage === 'public files' ? 'output folder (from the live build)' : stage));
    const lines = stageLines(run.err, [...releaseStages, 'publish']);
    for (const [stage, found] of lines) expect(found, `${stage} in:\n${run.err}`).toHaveLength(1);
    expect(lines.get('publish')![0]).toMatch(new RegExp(`^publish: ${report.publish.uploaded} files in \\d+\\.\\d+ s \\([\\d.,]+/s\\); 0 stale objects deleted$`));
    // Only the changed record was rendered again.
    expect(lines.get('render (astro)')![0]).toMatch(/; [\d,]+ pages in all, [1-9][\d,]* reused from the previous build$/);
  }, 240_000);
});
