import { describe, expect, test, beforeAll } from 'vitest';
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { runCli } from '../../helpers/cli.ts';
import { tempDir, FIXTURE_CONFIG } from '../../helpers/build-fixture.ts';
import { writeFixtureCatalogue, releasedMxSpec, malformedJsonSpec, unknownLicenceSpec, unpublishedSpec, fixtureDataCite, fixtureExperiment, sweepDataset, UNRELEASED_DOI } from '../../helpers/catalogue-fixtures.ts';


describe('aperture check', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir('cli-');
    await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'good' }));
    await writeFixtureCatalogue(path.join(root, 'good'), [releasedMxSpec()]);
    await writeFixtureCatalogue(path.join(root, 'bad'), [releasedMxSpec(), malformedJsonSpec(), unknownLicenceSpec()]);
    const names = releasedMxSpec('names-unreleased', '10.5072/aperture-names-unreleased', 2);
    await writeFixtureCatalogue(path.join(root, 'related'), [
      { ...names, datacite: fixtureDataCite('10.5072/aperture-names-unreleased', 'Thaumatin rotation data', { relatedIdentifiers: [{ relatedIdentifier: UNRELEASED_DOI, relatedIdentifierType: 'DOI', relationType: 'IsPartOf' }] }) },
      unpublishedSpec(),
    ]);
    // Two datasets each under 2^53 - 1 bytes, over it together (as the build refuses it: test/build/stage.test.ts).
    const big = releasedMxSpec('big-record', '10.5072/big-record', 1);
    const file = (dataset: string, n: number, size: number) => ({ path: `f${n}.cbf`, size, sha256: 'ab'.repeat(32), mediaType: 'application/x-cbf', key: `big/${dataset}/f${n}.cbf` });
    big.experiment = fixtureExperiment({ state: 'released' }, [sweepDataset('sweep-1', 1, { totalBytes: 8.5e15 }), sweepDataset('sweep-2', 1, { totalBytes: 1e15 })]);
    big.listings = { 'sweep-1': [file('sweep-1', 1, 8.5e15)], 'sweep-2': [file('sweep-2', 1, 1e15)] };
    await writeFixtureCatalogue(path.join(root, 'big'), [big]);
    await mkdir(path.join(root, 'bare'), { recursive: true });
    await writeFile(path.join(root, 'bare', 'one.json'), JSON.stringify(fixtureDataCite('10.5072/aperture-bare-one', 'A bare DataCite record for checking')));
    await writeFile(path.join(root, 'bare', 'two.json'), JSON.stringify({ data: { attributes: { ...fixtureDataCite('10.5072/aperture-bare-two', 'Enveloped'), rightsList: [{ rights: 'x', rightsUri: 'javascript:alert(1)' }] } } }));
  });

  test('exits 0 and says so when the catalogue is clean', async () => {
    const io = await runCli(['check'], root);
    expect(io.code).toBe(0);
    expect(io.out).toMatch(/1 records, 1 valid, 0 errors/);
  });

  test('--json prints the report shape and exits 1 when there are errors', async () => {
    const io = await runCli(['check', '--catalogue', 'bad', '--json'], root);
    expect(io.code).toBe(1);
    const report = JSON.parse(io.out);
    expect(report).toMatchObject({ records: 3, valid: 1 });
    expect(report.errors).toBeGreaterThanOrEqual(2);
    expect(Object.keys(report).sort()).toEqual(['diagnostics', 'errors', 'records', 'valid', 'warnings']);
    for (const d of report.diagnostics) expect(Object.keys(d).sort()).toEqual(['code', 'file', 'hint', 'message', 'pointer', 'record', 'severity']);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['catalogue/malformed-json', 'licence/unknown']));
  });

  test("refuses the line that takes a record's datasets together past 2^53 - 1 bytes, as the build does", async () => {
    const io = await runCli(['check', '--catalogue', 'big', '--json'], root);
    expect(io.code).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.diagnostics.filter((d: { code: string }) => d.code === 'catalogue/datafile-invalid')).toEqual([
      expect.objectContaining({ record: 'big-record', file: 'big-record/datasets/sweep-2.jsonl', pointer: '1:1' }),
    ]);
  });

  test('the human report groups diagnostics by record with file and place', async () => {
    const io = await runCli(['check', '--catalogue', 'bad'], root);
    expect(io.out).toMatch(/^fixture-malformed\n {2}error {3}catalogue\/malformed-json .*\(fixture-malformed\/datacite\.json \d+:\d+\)/m);
    expect(io.out).toMatch(/hint: /);
  });

  test('accepts a folder of bare DataCite JSON files, with or without the REST envelope', async () => {
    const io = await runCli(['check', '--catalogue', 'bare', '--json'], root);
    expect(io.code).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.records).toBe(2);
    expect(report.valid).toBe(1);
    expect(report.diagnostics.find((d: { code: string }) => d.code === 'link/unsafe-scheme')).toMatchObject({ pointer: '/rightsList/0/rightsUri' });
  });

  test('tells what a build would leave out: a public record’s relation to an unreleased record, at its pointer', async () => {
    const io = await runCli(['check', '--catalogue', 'related', '--json'], root);
    expect(io.code).toBe(0);
    const told = JSON.parse(io.out).diagnostics.filter((d: { code: string }) => d.code === 'stage/relation-to-unreleased');
    expect(told).toEqual([expect.objectContaining({ record: 'names-unreleased', severity: 'warning', file: 'names-unreleased/datacite.json', pointer: '/relatedIdentifiers/0/relatedIdentifier' })]);
  });

  test('a build counts valid records as check does: a record published without a faulty value still has an error', async () => {
    const checked = (await runCli(['check', '--catalogue', 'bad'], root)).out.trim().split('\n').at(-1);
    const built = await runCli(['build', '--catalogue', 'bad', '--out', 'dist-bad', '--work-dir', 'work-bad', '--offline', '--no-progress'], root);
    expect(built.code).toBe(1);
    expect(checked).toMatch(/^3 records, 1 valid, \d+ errors/);
    expect(built.err).toContain(checked!.replace(/, \d+ warnings$/, ''));
  });

  test('a catalogue path that does not exist is an error, not a crash', async () => {
    const io = await runCli(['check', '--catalogue', 'nowhere', '--json'], root);
    expect(io.code).toBe(1);
    expect(JSON.parse(io.out).diagnostics[0].code).toBe('catalogue/not-found');
  });

  test('usage errors exit 2; --help and --version exit 0', async () => {
    expect((await runCli(['check', '--frobnicate'], root)).code).toBe(2);
    expect((await runCli(['--version'], root)).code).toBe(0);
    const help = await runCli(['--help'], root);
    expect(help.code).toBe(0);
    for (const command of ['build', 'check', 'preview', 'enrich', 'inspect', 'convert', 'storage', 'publish']) expect(help.out).toContain(command);
  });
});
