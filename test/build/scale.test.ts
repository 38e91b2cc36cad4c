/**
 * Issue 9, point 8: the synthetic catalogue of 10,000 experiments (`npm run generate`'s
 * generator, with its mix of metadata-only, withdrawn and unpublished records) builds, in CI,
 * with the real pipeline. Not timed: scale regressions (a listing that grows quadratically, a
 * stage that holds the catalogue in memory) show up here as a failure of memory or
 * correctness. It builds 10,000 in CI (CI=true) and 1,000 elsewhere, where a developer runs
 * the suite often; APERTURE_SCALE_RECORDS sets another size. Point 7's budget is a size, so
 * it is checked here too: a first search fetches at most 400 KB (in Chromium, as readers do;
 * CI always has it).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_OPTIONS, generateCatalogue, syntheticExperiment } from '../../scripts/synthetic-catalogue.ts';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { buildSite } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { CHROMIUM_PATH } from '../helpers/browser.ts';
import { firstSearchQueries } from '../../scripts/bench/build.bench.ts';
import { firstSearchLines, measureFirstSearches } from '../../scripts/bench/first-search.ts';

const RECORDS = Number(process.env.APERTURE_SCALE_RECORDS ?? (process.env.CI === 'true' ? 10_000 : 1_000));
/** Peak resident memory of the whole test process (stage, render workers, pagefind's host). */
const PEAK_RSS_LIMIT_GB = 4;
/** Issue 9, point 7: what a first search may fetch, in bytes as sent. */
const FIRST_SEARCH_BUDGET = 400 * 1024;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe(`the synthetic catalogue of ${RECORDS.toLocaleString('en')} experiments`, () => {
  it('builds every public record, withholds the unpublished ones, in bounded memory', { timeout: 3_600_000 }, async () => {
    const root = await tempDir('scale-');
    const options = { ...DEFAULT_OPTIONS, experiments: RECORDS, seed: 9, mix: true };
    const summary = await generateCatalogue(path.join(root, 'catalogue'), options);
    const written = Array.from({ length: RECORDS }, (_, i) => {
      const e = syntheticExperiment(i, options);
      const datacite = JSON.parse(e.files.find(([name]) => name === 'datacite.json')![1]) as { doi: string; titles: Array<{ title: string }>; relatedIdentifiers: Array<{ relatedIdentifier: string }> };
      // The record before it, when the generator made this one name it (siblingRelations).
      const sibling = datacite.relatedIdentifiers.map((r) => r.relatedIdentifier).find((id) => id.startsWith('10.5072/aperture-synthetic.') && !id.includes('.related-'));
      return { state: e.state, doi: datacite.doi, title: datacite.titles[0].title, sibling };
    });
    const stateOf = new Map(written.map((r) => [r.doi, r.state]));
    const naming = (state: string) => written.filter((r) => r.state !== 'unpublished' && r.state !== 'withdrawn' && r.sibling && stateOf.get(r.sibling) === state);
    const configFile = path.join(root, 'aperture.config.json');
    await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const lines: string[] = [];
    const report = await buildSite({
      config: await loadSiteConfig(configFile, {}),
      outDir: path.join(root, 'dist'),
      workDir: path.join(root, 'work'),
      log: (line) => lines.push(line),
      now: new Date('2026-11-01T00:00:00Z'),
    });
    // The figures go to the test log for whoever wonders why CI got slower; nothing asserts on time.
    console.log(`scale test, ${RECORDS} experiments:\n  ${lines.join('\n  ')}\n  peak RSS ${(process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)} GB`);

    expect(report.ok).toBe(true);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.stage.published.length).toBe(summary.states.released + summary.states['metadata-only']);
    expect(report.stage.tombstones.length).toBe(summary.states.withdrawn);
    expect(report.stage.withheld.length).toBe(summary.states.unpublished);
    expect(summary.states.unpublished * summary.states.withdrawn * summary.states['metadata-only']).toBeGreaterThan(0);

    // One landing page per public record and one tombstone per withdrawn one, each at its DOI.
    const doiDir = path.join(report.outDir, 'doi', '10.5072');
    const landings = new Set(await readdir(doiDir));
    expect(landings.size).toBe(report.stage.published.length + report.stage.tombstones.length);
    expect(report.render.rendered).toBe(report.render.pages);
    const released = written.filter((r) => r.state === 'released');
    for (const record of released.filter((_, i) => i % Math.ceil(released.length / 25) === 0)) {
      const page = await readFile(path.join(doiDir, record.doi.split('/')[1], 'index.html'), 'utf8');
      expect(page).toContain(`>${escapeHtml(record.title)}</h1>`);
    }
    for (const record of written.filter((r) => r.state === 'unpublished')) expect(landings.has(record.doi.split('/')[1])).toBe(false);
    expect(report.indexedPages).toBeGreaterThanOrEqual(report.stage.published.length);

    // Public records that name an unreleased sibling are published without that relation, each
    // reported once; those naming a withdrawn one keep it (and the release gate passed above).
    expect(naming('unpublished').length * naming('withdrawn').length).toBeGreaterThan(0);
    const toUnreleased = report.diagnostics.filter((d) => d.code === 'stage/relation-to-unreleased');
    expect(toUnreleased.map((d) => d.message.match(/(?:names|mentions) (\S+),/)![1]).sort()).toEqual(naming('unpublished').map((r) => r.sibling).sort());
    expect(naming('withdrawn').map((r) => r.sibling).sort()).toEqual([...report.stage.citedTombstones].sort());
    for (const record of naming('withdrawn').slice(0, 5)) {
      expect(await readFile(path.join(doiDir, record.doi.split('/')[1], 'index.html'), 'utf8')).toContain(record.sibling!);
    }

    expect(process.resourceUsage().maxRSS / 1024 ** 2).toBeLessThan(PEAK_RSS_LIMIT_GB);

    if (existsSync(CHROMIUM_PATH) || process.env.CI) {
      const searches = await measureFirstSearches(path.join(root, 'dist'), firstSearchQueries(options));
      console.log(firstSearchLines(searches).join('\n'));
      expect(searches.length).toBeGreaterThan(3);
      expect(searches.filter((s) => s.bytes > FIRST_SEARCH_BUDGET).map((s) => `${s.label}: ${(s.bytes / 1024).toFixed(0)} KB`)).toEqual([]);
      // Each answered (found something, or said it found nothing): the budget is for a search that worked.
      for (const s of searches) expect(s.status).toMatch(/found|No experiment|carr|named/);
    }
  });
});
