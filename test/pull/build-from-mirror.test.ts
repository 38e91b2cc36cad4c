/**
 * End to end: `aperture pull` into the folder named by `catalogue.path`, then the real
 * build reads the mirror like content/: a landing page for a released DOI, a metadata-only
 * page for an ESRF-style session DOI, and a tombstone once a DOI went back to registered.
 */
import { afterAll, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startReplay } from './replay-server.ts';
import { dataciteAttributes } from './fixtures.ts';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { runCli } from '../helpers/cli.ts';
import { buildSite } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const f of cleanup) await f();
});

it('builds landing pages, a metadata-only page and a tombstone from a pulled mirror', async () => {
  // Registered without a licence: published, and the warning names the record's source.
  const released = dataciteAttributes('10.15151/ESRF-DC-2001', { rightsList: [] });
  const session = dataciteAttributes('10.15151/ESRF-ES-2002', {
    registered: '2025-09-06T06:00:10.000Z',
    dates: [{ date: '2025-09-05', dateType: 'Collected' }, { date: '2028-09-06', dateType: 'Available' }, { date: '2028', dateType: 'Issued' }],
    publicationYear: 2028,
  });
  const hidden = dataciteAttributes('10.15151/ESRF-DC-2003');
  const all = [released, session, hidden];
  const replay = await startReplay((req) => {
    if (req.path === '/dois') return { body: { data: all.filter((a) => a.state === 'findable').map((attributes) => ({ attributes })), links: {} } };
    const doi = decodeURIComponent(req.path.replace(/^\/dois\//, ''));
    const hit = all.find((a) => String(a.doi).toLowerCase() === doi.toLowerCase());
    return hit ? { body: { data: { attributes: hit } } } : undefined;
  });
  const root = await tempDir('pull-build-');
  cleanup.push(() => replay.stop(), () => rm(root, { recursive: true, force: true }));
  const configFile = path.join(root, 'aperture.config.json');
  await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: { path: 'mirror', source: { type: 'datacite', url: replay.url, clientId: 'inist.esrf' } } }));

  expect((await runCli(['pull'], root, {})).code).toBe(0);
  hidden.state = 'registered';
  const second = await runCli(['pull', '--full', '--json'], root, {});
  expect(second.code).toBe(0);
  expect(JSON.parse(second.out).withdrawn).toBe(1);
  // The pull's one progress line goes to stderr, beside stdout's JSON (issue 14, point 7).
  expect(second.err.split('\n').filter((l) => l.startsWith('pull ('))).toEqual([expect.stringMatching(/^pull \(.+\): \d+ records in \d+\.\d+ s \([\d.,]+\/s\); \d+ folders written, \d+ unchanged; \d+ requests$/)]);

  const dist = path.join(root, 'dist');
  const report = await buildSite({ config: await loadSiteConfig(configFile, {}), outDir: dist, workDir: path.join(root, 'work'), log: () => {}, now: new Date('2026-11-01T00:00:00Z') });
  expect(report.ok).toBe(true);
  // Named by the DOI's source URL, not only by the mirror's copy, which the next pull overwrites.
  const [noLicence] = report.diagnostics.filter((d) => d.code === 'licence/missing');
  expect(noLicence).toMatchObject({ record: '10.15151-esrf-dc-2001', file: expect.stringMatching(new RegExp(`^${replay.url}/dois/10\\.15151%2FESRF-DC-2001`, 'i')) });
  expect(noLicence.message).toMatch(/\[datacite:.+ record 10\.15151\/esrf-dc-2001; mirrored as 10\.15151-esrf-dc-2001\/datacite\.json\]$/);
  const curatorReport = JSON.parse(await readFile(path.join(report.reportDir, 'report.json'), 'utf8'));
  expect(curatorReport.diagnostics.byRecord['10.15151-esrf-dc-2001']).toContainEqual(noLicence);
  const page = (slug: string) => readFile(path.join(dist, 'doi', slug, 'index.html'), 'utf8');
  expect(await page('10.15151/esrf-dc-2001')).toContain('Diffraction data for 10.15151/ESRF-DC-2001');
  expect(await page('10.15151/esrf-es-2002')).toMatch(/files are under embargo until <strong>[^<]*2028/);
  expect(report.stage.tombstones.map((t) => t.doi)).toContain('10.15151/esrf-dc-2003');
  expect(existsSync(path.join(dist, 'doi', '10.15151', 'esrf-dc-2003', 'index.html'))).toBe(true);
}, 300_000);
