/**
 * Incremental staging (src/build/stage-ledger.ts): a build that starts from the last build's
 * staged site keeps the records whose files did not change in place, and ends with exactly
 * the staged site a full stage of the same catalogue gives; a build that fails puts the
 * previous staged site back as it was.
 */
import { describe, expect, test } from 'vitest';
import { cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { siteFiles } from '../helpers/compare-sites.ts';
import { tempDir, FIXTURE_CONFIG } from '../helpers/build-fixture.ts';
import { writeFixtureCatalogue, releasedMxSpec, withdrawnSpec, unpublishedSpec, duplicateDoiSpec } from '../helpers/catalogue-fixtures.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { openCatalogue } from '../../src/catalogue/open-catalogue.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { stageSite } from '../../src/build/stage.ts';
import { commitLedger, ledgerHints, restorePrevious } from '../../src/build/stage-ledger.ts';
import { findRecord } from '../../src/release/find-record.ts';
import { RACY_MS } from '../../src/catalogue/record-stamps.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

async function setup() {
  const root = await tempDir('ledger-');
  const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [
    releasedMxSpec('a-first', '10.5072/a-first', 3),
    releasedMxSpec('b-second', '10.5072/b-second', 4),
    releasedMxSpec('c-third', '10.5072/c-third', 2),
    withdrawnSpec('d-withdrawn'),
    unpublishedSpec('e-unpublished'),
    duplicateDoiSpec('10.5072/B-SECOND', 'f-duplicate'),
    releasedMxSpec('z-last', '10.5072/z-last', 2),
  ]);
  await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
  const config = await loadSiteConfig(path.join(root, 'aperture.config.json'), {});
  const stage = async (dir: string, previous: boolean) => {
    const sink = new DiagnosticSink();
    const result = await stageSite({
      config,
      source: openCatalogue(catalogue),
      catalogue,
      stageDir: path.join(dir, 'models'),
      publicDir: path.join(dir, 'public'),
      cacheDir: path.join(root, 'cache'),
      sink,
      now: NOW,
      workers: 1,
      ledger: { dir, previous },
    });
    return { result, diagnostics: sink.list };
  };
  /** The staged site proper (models and public files), as the renderer and the output see it. */
  const staged = async (dir: string) => {
    const files = new Map<string, Buffer>();
    for (const part of ['models', 'public']) for (const [file, bytes] of await siteFiles(path.join(dir, part))) files.set(`${part}/${file}`, bytes);
    return files;
  };
  const edit = async (id: string, change: (datacite: Record<string, unknown>) => void) => {
    const file = path.join(catalogue, id, 'datacite.json');
    const datacite = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    change(datacite);
    await writeFile(file, JSON.stringify(datacite));
  };
  return { root, catalogue, stage, staged, edit };
}

function expectSame(a: Map<string, Buffer>, b: Map<string, Buffer>) {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  expect([...a].filter(([file, bytes]) => !bytes.equals(b.get(file)!)).map(([file]) => file)).toEqual([]);
}

const settle = () => sleep(RACY_MS + 100);

describe('incremental staging', () => {
  test('keeps unchanged records in place, stages the rest, and ends as a full stage would', async () => {
    const t = await setup();
    await settle();
    const site = path.join(t.root, 'site');
    const first = await t.stage(site, false);
    expect(first.result.kept).toBe(0);
    await commitLedger(site);

    await t.edit('b-second', (d) => ((d.titles as Array<{ title: string }>)[0].title = 'A changed title for the second record'));
    await rm(path.join(t.catalogue, 'c-third'), { recursive: true });
    await cp(path.join(t.catalogue, 'a-first'), path.join(t.catalogue, 'g-new'), { recursive: true });
    await t.edit('g-new', (d) => (d.doi = '10.5072/g-new'));
    await settle();

    const next = path.join(t.root, 'next');
    await rename(site, next);
    const incremental = await t.stage(next, true);
    // a-first, d-withdrawn, e-unpublished and z-last stay; b-second changed, g-new is new; the duplicate is always read again.
    expect(incremental.result.kept).toBe(4);
    const full = await t.stage(path.join(t.root, 'full'), false);
    expectSame(await t.staged(next), await t.staged(path.join(t.root, 'full')));
    expect({ ...incremental.result, cached: 0, kept: 0, placed: [] }).toEqual({ ...full.result, cached: 0, kept: 0, placed: [] });
    expect(incremental.diagnostics.map((d) => `${d.code} ${d.record}`).sort()).toEqual(full.diagnostics.map((d) => `${d.code} ${d.record}`).sort());
  });

  test('aperture release finds a record by DOI from the ledger: the record that had it, then the records that changed', async () => {
    const t = await setup();
    await settle();
    const site = path.join(t.root, 'site');
    await t.stage(site, false);
    await commitLedger(site);
    await cp(path.join(t.catalogue, 'a-first'), path.join(t.catalogue, 'g-new'), { recursive: true });
    await t.edit('g-new', (d) => (d.doi = '10.5072/g-new'));
    const stamps = await openCatalogue(t.catalogue).stamps!();
    const hints = (await ledgerHints(site, '10.5072/z-last', stamps))!;
    expect([...hints.claimed]).toEqual(['z-last']);
    expect([...hints.changed]).toEqual(['f-duplicate', 'g-new']); // the duplicate is never in the ledger
    expect((await findRecord(t.catalogue, '10.5072/G-NEW', site)).id).toBe('g-new');
    expect((await findRecord(t.catalogue, 'https://doi.org/10.5072/b-second', site)).id).toBe('b-second');
    expect((await findRecord(t.catalogue, '10.5072/nowhere', site)).id).toBeNull();
  });

  test('a failed build puts the previous staged site back exactly', async () => {
    const t = await setup();
    await settle();
    const site = path.join(t.root, 'site');
    await t.stage(site, false);
    await commitLedger(site);
    const before = await t.staged(site);

    await t.edit('a-first', (d) => ((d.titles as Array<{ title: string }>)[0].title = 'Changed'));
    await rm(path.join(t.catalogue, 'z-last'), { recursive: true });
    // A new record citing a PDB entry no other record cites: a browse model the old site never had.
    await cp(path.join(t.catalogue, 'b-second'), path.join(t.catalogue, 'h-new'), { recursive: true });
    await t.edit('h-new', (d) => {
      d.doi = '10.5072/h-new';
      d.relatedIdentifiers = [{ relatedIdentifier: '10.2210/pdb9zzz/pdb', relatedIdentifierType: 'DOI', relationType: 'References', resourceTypeGeneral: 'Dataset' }];
    });
    await settle();
    const next = path.join(t.root, 'next');
    await rename(site, next);
    await t.stage(next, true);
    expect(await t.staged(next)).not.toEqual(before);
    await restorePrevious(next, { models: path.join(next, 'models'), public: path.join(next, 'public') });
    expectSame(await t.staged(next), before);
  });

  test('a record that takes the DOI of a kept record after it makes the stage keep nothing, and still end as a full stage', async () => {
    const t = await setup();
    await settle();
    const site = path.join(t.root, 'site');
    await t.stage(site, false);
    await commitLedger(site);
    await t.edit('a-first', (d) => (d.doi = '10.5072/z-last'));
    await settle();
    const next = path.join(t.root, 'next');
    await rename(site, next);
    const incremental = await t.stage(next, true);
    expect(incremental.result.kept).toBe(0);
    await t.stage(path.join(t.root, 'full'), false);
    expectSame(await t.staged(next), await t.staged(path.join(t.root, 'full')));
  });
});
