/** The shared fixture factories do what their names promise (other suites rely on it). */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { filesystemSource } from '../../../src/catalogue/filesystem-source.ts';
import { validateDatafile, validateExperimentJson } from '../../../src/validate/experiment.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';
import * as F from '../../helpers/catalogue-fixtures.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function check(spec: F.FixtureSpec) {
  const dir = await mkdtemp(path.join(tmpdir(), 'aperture-fixtures-'));
  dirs.push(dir);
  await F.writeFixtureCatalogue(dir, [spec]);
  const sink = new DiagnosticSink();
  const source = filesystemSource(dir);
  let state: string | undefined;
  let files = 0;
  for await (const raw of source.experiments(sink)) {
    validateDataCite(raw.datacite, sink.scoped({ record: raw.id, file: raw.files.datacite }));
    const experiment = validateExperimentJson(raw.experiment, { record: raw.id, file: raw.files.experiment }, sink);
    state = experiment?.release.state;
    for (const d of experiment?.datasets ?? []) {
      for await (const line of source.datafiles(raw.id, d.id, sink)) if (validateDatafile(line.value, { record: raw.id, file: line.file, line: line.position }, sink)) files++;
    }
  }
  return { state, files, errors: sink.errors().map((d) => d.code), codes: sink.list.map((d) => d.code) };
}

describe('catalogue fixture factories', () => {
  test.each([
    ['releasedMxSpec', F.releasedMxSpec(), 'released', 10],
    ['metadataOnlySpec', F.metadataOnlySpec(), 'metadata-only', 3],
    ['withdrawnSpec', F.withdrawnSpec(), 'withdrawn', 3],
    ['unpublishedSpec', F.unpublishedSpec(), 'unpublished', 3],
    ['hostileSpec (valid, so it is rendered)', F.hostileSpec(), 'released', 2],
    ['duplicateDoiSpec (valid on its own)', F.duplicateDoiSpec(), 'released', 2],
  ])('%s is a valid record in its state', async (_, spec, state, files) => {
    const result = await check(spec);
    expect(result.errors).toEqual([]);
    expect(result.state).toBe(state);
    expect(result.files).toBe(files);
  });

  test.each([
    ['hostileLinksSpec', F.hostileLinksSpec()],
    ['schemaViolatingSpec', F.schemaViolatingSpec()],
    ['unknownLicenceSpec', F.unknownLicenceSpec()],
    ['malformedJsonSpec', F.malformedJsonSpec()],
  ])('%s gives errors', async (_, spec) => {
    expect((await check(spec)).errors.length).toBeGreaterThan(0);
  });

  test('malformedJsonSpec is reported as malformed JSON', async () => {
    expect((await check(F.malformedJsonSpec())).codes).toContain('catalogue/malformed-json');
  });

  test('the unpublished fixture carries the grep-able markers', () => {
    const spec = F.unpublishedSpec();
    expect(JSON.stringify(spec.datacite)).toContain(F.UNRELEASED_DOI);
    expect(JSON.stringify(spec.datacite)).toContain(F.UNRELEASED_TITLE);
  });

  test('bigDatasetSpec streams N files whose totals match experiment.json', async () => {
    const result = await check(F.bigDatasetSpec(2_000));
    expect(result.errors).toEqual([]);
    expect(result.files).toBe(2_000);
  });
});
