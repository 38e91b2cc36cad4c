/**
 * The synthetic catalogue (scripts/synthetic-catalogue.ts, `npm run generate`): the same
 * arguments write the same bytes, valid records pass `aperture check` untouched, and each
 * record made invalid is reported, by its id, while the others stay clean.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_OPTIONS, orcidCheckCharacter, syntheticExperiment, type GenerateOptions } from '../../../scripts/synthetic-catalogue.ts';
import { isValidOrcid, isValidRor } from '../../../src/validate/identifiers.ts';
import { tempDir } from '../../helpers/build-fixture.ts';
import { runCli } from '../../helpers/cli.ts';

const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/generate-catalogue.ts');

async function generate(out: string, args: string[]): Promise<string> {
  const { stderr } = await promisify(execFile)(process.execPath, [SCRIPT, '--out', out, ...args]);
  return stderr;
}

async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)));
  }
  return files;
}

interface CheckJson {
  records: number;
  errors: number;
  diagnostics: Array<{ code: string; severity: string; record: string | null; pointer: string | null }>;
}

describe('npm run generate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('generate-');
  });

  test('the same arguments write byte-identical catalogues; another seed writes another', async () => {
    const args = ['--experiments', '30', '--seed', '5', '--mix', '--invalid', '0.1', '--giant-files', '1500'];
    await generate(path.join(dir, 'a'), args);
    await generate(path.join(dir, 'b'), args);
    const [a, b] = [await tree(path.join(dir, 'a')), await tree(path.join(dir, 'b'))];
    expect(a.size).toBeGreaterThan(30 * 5);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, bytes] of a) expect(bytes.equals(b.get(file)!), file).toBe(true);
    await generate(path.join(dir, 'c'), ['--experiments', '30', '--seed', '6']);
    const c = await tree(path.join(dir, 'c'));
    expect([...c.keys()].sort()).not.toEqual([...a.keys()].sort());
  });

  test('refuses to write into a folder that holds something, and bad arguments, with exit 2', async () => {
    await expect(generate(path.join(dir, 'a'), ['--experiments', '1'])).rejects.toMatchObject({ code: 2 });
    await expect(generate(path.join(dir, 'd'), ['--experiments', 'many'])).rejects.toMatchObject({ code: 2 });
  });

  test('records have the sizes of a facility archive, with valid ORCID and ROR check digits', () => {
    const e = syntheticExperiment(3, DEFAULT_OPTIONS);
    const datacite = JSON.parse(e.files.find(([f]) => f === 'datacite.json')![1]);
    expect(datacite.creators).toHaveLength(5);
    for (const c of datacite.creators) {
      expect(isValidOrcid(c.nameIdentifiers[0].nameIdentifier), c.nameIdentifiers[0].nameIdentifier).toBe(true);
      expect(isValidRor(c.affiliation[0].affiliationIdentifier)).toBe(true);
    }
    const related: Array<{ relatedIdentifier: string; relatedIdentifierType: string }> = datacite.relatedIdentifiers;
    expect(related).toHaveLength(20);
    expect(related.some((r) => /^10\.2210\/pdb[0-9][a-z0-9]{3}\/pdb$/.test(r.relatedIdentifier))).toBe(true);
    expect(related.some((r) => r.relatedIdentifierType === 'PMID')).toBe(true);
    expect(related.some((r) => r.relatedIdentifier.startsWith('10.1107/'))).toBe(true);
    expect(datacite.descriptions[0].description.length).toBeGreaterThan(1400);
    expect(datacite.descriptions[0].description.length).toBeLessThan(1900);
    const experiment = JSON.parse(e.files.find(([f]) => f === 'experiment.json')![1]);
    expect(experiment.datasets).toHaveLength(3);
    const lines = [...e.listings[0].lines()].map((l) => JSON.parse(l));
    expect(lines).toHaveLength(DEFAULT_OPTIONS.files);
    expect(experiment.datasets[0].fileCount).toBe(lines.length);
    expect(experiment.datasets[0].totalBytes).toBe(lines.reduce((n, l) => n + l.size, 0));
    for (const l of lines) expect(l.sha256).toMatch(/^[0-9a-f]{64}$/);
    // ORCID's own documented example: 0000-0002-1825-0097.
    expect(orcidCheckCharacter('000000021825009')).toBe('7');
  });

  test('an experiment depends only on (seed, index), so a catalogue of any size streams', () => {
    const materialise = (e: ReturnType<typeof syntheticExperiment>) => ({ ...e, listings: e.listings.map((l) => [l.file, [...l.lines()]]) });
    const small = materialise(syntheticExperiment(7, { ...DEFAULT_OPTIONS, experiments: 10 }));
    expect(materialise(syntheticExperiment(7, { ...DEFAULT_OPTIONS, experiments: 100_000 }))).toEqual(small);
    expect(syntheticExperiment(99_999, { ...DEFAULT_OPTIONS, experiments: 100_000 }).id).toMatch(/-099999$/);
  });

  test('a clean catalogue passes aperture check; each invalid record is reported by id, and only those', async () => {
    const clean = path.join(dir, 'clean');
    await generate(clean, ['--experiments', '20', '--seed', '2', '--mix']);
    const ok = await runCli(['check', '--catalogue', clean, '--json'], dir);
    expect(ok.code, ok.out).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ records: 20, errors: 0, warnings: 0 });

    const options: GenerateOptions = { ...DEFAULT_OPTIONS, experiments: 60, seed: 3, mix: true, invalid: 0.25, giantFiles: 1000 };
    const bad = path.join(dir, 'bad');
    await generate(bad, ['--experiments', '60', '--seed', '3', '--mix', '--invalid', '0.25', '--giant-files', '1000']);
    const report = await runCli(['check', '--catalogue', bad, '--json'], dir);
    expect(report.code).toBe(1);
    const json = JSON.parse(report.out) as CheckJson;
    expect(json.records).toBe(61);
    const expected = new Set<string>();
    let giant = '';
    for (let i = 0; i <= 60; i++) {
      const e = syntheticExperiment(i, options);
      if (e.invalid) expected.add(e.id);
      if (i === 60) giant = e.id;
    }
    expect(expected.size).toBeGreaterThan(5);
    const reported = new Set(json.diagnostics.filter((d) => d.severity === 'error').map((d) => d.record));
    expect(reported).toEqual(new Set([...expected, giant]));
    // The giant dataset's malformed lines are reported by line number: every 400th line.
    const lines = json.diagnostics.filter((d) => d.record === giant).map((d) => d.pointer?.split(':')[0]);
    expect(lines).toEqual(['400', '800']);
  });
});
