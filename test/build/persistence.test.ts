/**
 * A published DOI never silently disappears (conventions A4.3). One fixture site, rebuilt
 * after each curator mistake: an invalid record keeps its previous page, an unpublished one
 * disappears with an error naming it, a deleted one makes the release gate refuse the
 * build (exit 3) until --allow-unpublish names it.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { releasedMxSpec } from '../helpers/catalogue-fixtures.ts';
import { buildSite } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { main } from '../../src/cli/main.ts';
import { DOI_MANIFEST_FILE, type DoiManifest } from '../../src/persistence/doi-manifest.ts';
import { modelDir, type StagedPage } from '../../src/build/stage-types.ts';

const A = '10.5072/aperture-a-fixture';
const B = '10.5072/aperture-b-fixture';
const C = '10.5072/aperture-c-fixture';
const page = (doi: string) => `doi/${doi}/index.html`;

describe('DOI persistence between builds', () => {
  let site: FixtureSite;
  const manifest = async () => JSON.parse(await readFile(path.join(site.work, DOI_MANIFEST_FILE), 'utf8')) as DoiManifest;
  const editJson = async (record: string, file: string, edit: (json: Record<string, unknown>) => void) => {
    const full = path.join(site.catalogue, record, file);
    const json = JSON.parse(await readFile(full, 'utf8')) as Record<string, unknown>;
    edit(json);
    await writeFile(full, JSON.stringify(json));
  };

  /**
   * Makes the staged landing model of `doi` one an earlier version wrote: no Files fact and no
   * "1 file" text, only the totals. Persistence renders a kept model with today's templates.
   */
  const ageLandingModel = async (doi: string) => {
    const models = path.join(site.work, 'site', 'models');
    const file = path.join(models, modelDir(doi), 'landing.json');
    const model = JSON.parse(await readFile(file, 'utf8')) as { filesFact?: string; totals: { bytes: number; sizeText: string } };
    delete model.filesFact;
    model.totals = { files: 1, bytes: model.totals.bytes, filesText: '1', sizeText: model.totals.sizeText } as typeof model.totals;
    // New files, not writes through the hard links the record cache shares.
    await rm(file);
    await writeFile(file, JSON.stringify(model));
    const pagesFile = path.join(models, 'pages.jsonl');
    const pages = (await readFile(pagesFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as StagedPage);
    // Without its digest the page's render key is the model's new bytes.
    for (const p of pages) if (p.model === `${modelDir(doi)}/landing.json`) delete p.digest;
    await rm(pagesFile);
    await writeFile(pagesFile, pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
    return model.totals.sizeText;
  };

  beforeAll(async () => {
    site = await buildFixtureSite([releasedMxSpec('rec-a', A, 1), releasedMxSpec('rec-b', B, 1), releasedMxSpec('rec-c', C, 1)]);
    expect(site.report.ok).toBe(true);
  });

  test('the first build records every published DOI in the work folder', async () => {
    const m = await manifest();
    expect(Object.keys(m.dois).sort()).toEqual([A, B, C]);
    expect(m.dois[A]).toMatchObject({ path: `/doi/${A}/`, status: 'live' });
  });

  test('a record that became invalid keeps its previous page (and its exports), with a warning', async () => {
    const size = await ageLandingModel(B);
    await editJson('rec-b', 'datacite.json', (j) => delete j.creators);
    const report = await site.rebuild();
    expect(report.ok).toBe(true);
    expect(report.diagnostics.find((d) => d.code === 'persistence/kept-previous')?.message).toContain(B);
    expect(await site.read(page(B))).toContain('Lysozyme rotation data rec-b');
    // The kept model, from before the Files fact was in the model, states it as a new one does (filesFactOf).
    expect(await site.read(page(B))).toContain(`<dt>Files</dt><dd>1 file, ${size}</dd>`);
    expect(await site.read(page(B))).toContain(`1 file, ${size} in total.`);
    expect(JSON.parse(await site.read(`doi/${B}/linkset.json`)).linkset[0].anchor).toContain(B);
    const built = JSON.parse(await site.read('build-manifest.json')) as { published: Array<{ doi: string }> };
    expect(built.published.map((p) => p.doi)).toContain(B);
    expect((await manifest()).dois[B]!.status).toBe('kept');
  });

  test('a record marked unpublished disappears from every output, and an error names its DOI', async () => {
    await editJson('rec-c', 'experiment.json', (j) => ((j.release as Record<string, unknown>).state = 'unpublished'));
    const report = await site.rebuild();
    expect(report.ok).toBe(true);
    const error = report.diagnostics.find((d) => d.code === 'persistence/unpublished');
    expect(error?.severity).toBe('error');
    expect(error?.message).toContain(C);
    expect(existsSync(path.join(site.dist, page(C)))).toBe(false);
    expect(await site.read('records.jsonl')).not.toContain(C);
    // Kept pages survive a second build too.
    expect(existsSync(path.join(site.dist, page(B)))).toBe(true);
  });

  test('a record deleted from the catalogue makes the build refuse (exit 3) and the live site stays', async () => {
    await rm(path.join(site.catalogue, 'rec-a'), { recursive: true });
    const err: string[] = [];
    const code = await main(['build', '--config', 'aperture.config.json', '--out', 'dist', '--work-dir', 'work'], {
      stdout: () => {},
      stderr: (t) => err.push(t),
      cwd: site.root,
      env: {},
    });
    expect(code).toBe(3);
    expect(err.join('\n')).toContain(`published DOI ${A} would be dropped`);
    expect(existsSync(path.join(site.dist, page(A)))).toBe(true);
    expect((await manifest()).dois[A]!.status).toBe('live');
  });

  test('--allow-unpublish lets the named DOI go, and the manifest remembers it as removed', async () => {
    const config = await loadSiteConfig(path.join(site.root, 'aperture.config.json'), {});
    const report = await buildSite({ config, outDir: site.dist, workDir: site.work, log: () => {}, allowUnpublish: [A.toUpperCase(), C] });
    expect(report.ok).toBe(true);
    expect(report.diagnostics.filter((d) => d.code === 'persistence/unpublish-allowed').map((d) => d.message).join(' ')).toContain(A);
    expect(report.diagnostics.some((d) => d.code === 'persistence/unpublished' || d.code === 'persistence/dropped')).toBe(false);
    expect(existsSync(path.join(site.dist, page(A)))).toBe(false);
    const m = await manifest();
    expect(m.dois[A]!.status).toBe('removed');
    expect(m.dois[C]!.status).toBe('removed');
  });
});
