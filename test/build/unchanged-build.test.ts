/**
 * Issue 9 (an unchanged rebuild of 10,000 in ≤ 3 s): a rebuild whose inputs are all as the
 * live build had them keeps that build live and runs no stage; any change to a record, the
 * configuration or the day builds again.
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { releasedMxSpec, withdrawnSpec, writeFixtureCatalogue } from '../helpers/catalogue-fixtures.ts';
import { buildSite } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { fingerprintInputs } from '../../src/build/unchanged-build.ts';
import { experimentFolderStamps } from '../../src/catalogue/record-stamps.ts';
import { liveBuildName, listBuilds } from '../../src/publish/local-release.ts';

const A = '10.5072/aperture-unchanged-a';

describe('a rebuild with unchanged inputs', () => {
  it('keeps the live build without running a stage, and builds again after any change', { timeout: 300_000 }, async () => {
    const root = await tempDir('unchanged-');
    const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 2), withdrawnSpec('rec-w')]);
    const configFile = path.join(root, 'aperture.config.json');
    const writeConfig = (extra: Record<string, unknown> = {}) => writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', ...extra }));
    await writeConfig();
    const dist = path.join(root, 'dist');
    const work = path.join(root, 'work');
    const logs: string[] = [];
    const build = async (now = '2026-11-01T10:00:00Z') =>
      buildSite({ config: await loadSiteConfig(configFile, {}), outDir: dist, workDir: work, log: (l) => logs.push(l), now: new Date(now) });
    const reports = async () => (await readdir(path.join(work, 'reports'))).sort();

    // Files written this instant could change again within one clock tick unseen, so a fingerprint
    // taken now is never trusted; wait until the catalogue has settled.
    await sleep(2_100);
    const first = await build();
    expect(first.ok).toBe(true);
    expect(first.unchanged).toBeUndefined();
    const live = liveBuildName(dist);

    logs.length = 0;
    const again = await build('2026-11-01T18:00:00Z');
    expect(again.unchanged).toBe(true);
    expect(liveBuildName(dist)).toBe(live);
    expect((await listBuilds(dist)).length).toBe(1);
    expect(again.stage).toMatchObject({ records: first.stage.records, cached: first.stage.records, published: first.stage.published });
    expect(again.render.rendered).toBe(0);
    expect(logs.some((l) => l.startsWith('stage'))).toBe(false);
    // A report per build, the second saying nothing changed.
    const [, second] = await reports();
    const report = JSON.parse(await readFile(path.join(work, 'reports', second, 'report.json'), 'utf8'));
    expect(report.outcome).toMatch(/^unchanged/);
    expect(report.changes).toMatchObject({ added: [], changed: [], withdrawn: [], removed: [] });
    expect(report.records.live).toBe(1);

    // A new day is an input (last-modified dates, the record cache's key).
    expect((await build('2026-11-02T10:00:00Z')).unchanged).toBeUndefined();
    // So is the configuration.
    await writeConfig({ tagline: 'Another tagline.' });
    expect((await build('2026-11-02T11:00:00Z')).unchanged).toBeUndefined();
    expect(await readFile(path.join(dist, 'index.html'), 'utf8')).toContain('Another tagline.');

    // A record rewritten with a title of the same length is seen without reading a byte.
    const file = path.join(catalogue, 'rec-a', 'datacite.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    const title: string = json.titles[0].title;
    json.titles[0].title = title.slice(0, -1) + (title.endsWith('X') ? 'Y' : 'X');
    await writeFile(file, JSON.stringify(json));
    const changed = await build('2026-11-02T12:00:00Z');
    expect(changed.unchanged).toBeUndefined();
    expect(await readFile(path.join(dist, 'doi', A, 'index.html'), 'utf8')).toContain(json.titles[0].title);
  });

  it('keeps the live build after a build of a record edited a moment before, once that record reads the same', { timeout: 300_000 }, async () => {
    const root = await tempDir('unchanged-racy-');
    const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1), releasedMxSpec('rec-b', '10.5072/aperture-unchanged-b', 1)]);
    const configFile = path.join(root, 'aperture.config.json');
    await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const dist = path.join(root, 'dist');
    const work = path.join(root, 'work');
    const build = async () => buildSite({ config: await loadSiteConfig(configFile, {}), outDir: dist, workDir: work, log: () => {}, now: new Date('2026-11-01T10:00:00Z') });
    await sleep(2_100);
    expect((await build()).ok).toBe(true);

    // A curator edits a record and builds at once (aperture release does): its stamp cannot be trusted yet.
    const file = path.join(catalogue, 'rec-a', 'datacite.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.titles[0].title = 'Edited a moment before the build';
    await writeFile(file, JSON.stringify(json));
    const released = await build();
    expect(released.unchanged).toBeUndefined();
    expect(await readFile(path.join(dist, 'doi', A, 'index.html'), 'utf8')).toContain('Edited a moment before the build');
    const last = JSON.parse(await readFile(path.join(work, 'last-build.json'), 'utf8'));
    expect(Object.keys(last.racy)).toEqual(['rec-a']);

    // Nothing changed since: the record is read again, is the same, and the live build stays.
    const live = liveBuildName(dist);
    const again = await build();
    expect(again.unchanged).toBe(true);
    expect(liveBuildName(dist)).toBe(live);

    // What decides is the content: had the build read other bytes than the record now holds, it builds again.
    await writeFile(path.join(work, 'last-build.json'), JSON.stringify({ ...last, racy: { 'rec-a': 'f'.repeat(64) } }));
    expect((await build()).unchanged).toBeUndefined();
  });

  it('never trusts a fingerprint taken while a file may still change unseen', async () => {
    const root = await tempDir('fingerprint-');
    const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1)]);
    const inputs = { catalogue, projectRoot: process.cwd(), settings: { day: '2026-11-01' } };
    const before = fingerprintInputs(inputs);
    expect(before.settled).toBe(false);
    expect(fingerprintInputs(inputs, Date.now() + 60_000).settled).toBe(true);
    // Same size, new bytes: either the times moved or the fingerprint is unsettled; never equal and trusted.
    const file = path.join(catalogue, 'rec-a', 'datacite.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"', "'").replace("'", '"'));
    await writeFile(file, text.replace(/a/, 'b'));
    const after = fingerprintInputs(inputs);
    expect(after.settled && after.value === before.value).toBe(false);
    // A new hidden file is not an input; a new visible one is.
    const withoutHidden = fingerprintInputs(inputs).value;
    await writeFile(path.join(catalogue, '.DS_Store'), 'x');
    const withHidden = fingerprintInputs(inputs).value;
    expect(withHidden).toBe(withoutHidden);
    await writeFile(path.join(catalogue, 'rec-a', 'notes.txt'), 'x');
    expect(fingerprintInputs(inputs).value).not.toBe(withHidden);
    expect(fingerprintInputs({ ...inputs, settings: { day: '2026-11-02' } }).value).not.toBe(fingerprintInputs(inputs).value);
  });

  it('stands a stamped experiment folder for its files, and fingerprints a catalogue that is one file', async () => {
    const root = await tempDir('fingerprint-stamps-');
    const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec('rec-a', A, 1)]);
    const later = () => Date.now() + 60_000;
    const stamped = async () => fingerprintInputs({ catalogue, projectRoot: process.cwd(), settings: {}, stamps: await experimentFolderStamps(catalogue, later()) }, later());
    const before = await stamped();
    expect(before.settled).toBe(true);
    await writeFile(path.join(catalogue, 'rec-a', 'notes.txt'), 'x');
    expect((await stamped()).value).not.toBe(before.value);
    // A folder whose stamp could not be trusted is named without it, for its content to be compared instead.
    const racy = fingerprintInputs({ catalogue, projectRoot: process.cwd(), settings: {}, stamps: new Map([['rec-a', null]]) }, later());
    expect(racy).toMatchObject({ settled: true, racy: ['rec-a'] });
    expect(racy.value).not.toBe(before.value);
    // The next build names the same folder without its (now settled) stamp, to compare with that fingerprint.
    const named = fingerprintInputs({ catalogue, projectRoot: process.cwd(), settings: {}, stamps: await experimentFolderStamps(catalogue, later()), racy: new Set(['rec-a']) }, later());
    expect(named).toMatchObject({ value: racy.value, racy: ['rec-a'] });

    const file = path.join(root, 'record.json');
    await writeFile(path.join(root, 'record.json'), '{"doi":"10.5072/one"}');
    const one = () => fingerprintInputs({ catalogue: file, projectRoot: process.cwd(), settings: {} }, later()).value;
    const first = one();
    await writeFile(file, '{"doi":"10.5072/one", "titles": []}');
    expect(one()).not.toBe(first);
  });
});
