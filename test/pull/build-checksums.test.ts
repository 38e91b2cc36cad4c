/**
 * Files whose source publishes MD5 (SciCat chkAlg) or CRC32 (ICAT) are pulled into the
 * mirror and built into pages that say which checksum each file has: the file table, the
 * check files beside SHA256SUMS and Metalink never claim a SHA-256 the file lacks.
 */
import { afterAll, expect, it } from 'vitest';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startReplay } from './replay-server.ts';
import { SHA } from './fixtures.ts';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { icatSource } from '../../src/pull/icat.ts';
import { buildSite } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const MD5 = 'c900b6d93b99838c27ad8de3a89a119c';
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const f of cleanup) await f();
});

it('a SciCat MD5 dataset and an ICAT CRC32 dataset are listed and built into pages that name their checksums', async () => {
  const replay = await startReplay((req) => {
    if (req.path === '/api/v3/PublishedData') {
      const filter = JSON.parse(req.query.get('filter') ?? '{}');
      const published = [{ doi: '10.16907/psi-md5', status: 'registered', creator: ['Meier, Egon'], publisher: 'PSI', publicationYear: 2023, title: 'Tomography with MD5 checksums', abstract: 'Projections whose checksums are MD5, as SciCat records them by default.', pidArray: ['20.500.11935/md5'], registeredTime: '2023-05-01T10:00:00.000Z' }];
      return { body: filter.skip === 0 ? published : [] };
    }
    if (req.path === '/api/v3/Datasets/findOne') {
      const pid = JSON.parse(req.query.get('filter') ?? '{}').where.pid;
      return { body: { pid, datasetName: 'Scan md5', type: 'raw', isPublished: true, sourceFolder: '/data/p1', origdatablocks: [{ chkAlg: 'MD5', dataFileList: [{ path: 'proj_0001.tif', size: 5, chk: MD5 }] }] } };
    }
    if (req.path === '/icat/session' && req.method === 'POST') return { body: { sessionId: 's' } };
    if (req.path === '/icat/properties') return { body: { maxEntities: 100, lifetimeMinutes: 120 } };
    if (req.path === '/icat/entityManager') {
      const q = req.query.get('query') ?? '';
      const offset = Number(/LIMIT (\d+),/.exec(q)?.[1] ?? 0);
      if (offset > 0) return { body: [] };
      if (q.includes('FROM DataPublication')) {
        return { body: [{ DataPublication: { id: 1, modTime: '2025-07-16T22:54:23.000+02:00', pid: 'DOI:10.5286/icat-crc', title: 'Neutron data with CRC32 checksums', description: 'Datafiles whose only checksum is the CRC32 the IDS computed.', publicationDate: '2022-10-31T00:00:00.000+01:00', users: [{ contributorType: 'Creator', fullName: 'Sloane, Neil', orderKey: '1' }], facility: { name: 'TNS', fullName: 'Test Neutron Source' } } }] };
      }
      if (q.includes('FROM Dataset')) return { body: [{ Dataset: { id: 8, name: 'ds1', location: '/archive/ds1' } }] };
      if (q.includes('FROM Datafile')) {
        return { body: [
          { Datafile: { id: 1, name: 'run1.nxs', location: '/archive/ds1/run1.nxs', fileSize: 17, checksum: 'a3f2b1' } },
          { Datafile: { id: 2, name: 'run2.nxs', location: '/archive/ds1/run2.nxs', fileSize: 18, checksum: SHA('run2') } },
        ] };
      }
    }
    return undefined;
  });
  const root = await tempDir('pull-checksums-');
  cleanup.push(() => replay.stop(), () => rm(root, { recursive: true, force: true }));
  const mirror = path.join(root, 'mirror');
  const http = new HttpClient({ sleep: async () => {}, timeoutMs: 5_000 });
  for (const source of [scicatSource({ url: replay.url, apiVersion: 3, pageSize: 10 }), icatSource({ url: replay.url })]) {
    const sink = new DiagnosticSink();
    await runPull({ source, out: mirror, http, sink, now: NOW });
    expect(sink.list.map((d) => d.code)).not.toContain('pull/checksum-unsupported');
  }

  const configFile = path.join(root, 'aperture.config.json');
  await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: { path: 'mirror' } }));
  const dist = path.join(root, 'dist');
  const report = await buildSite({ config: await loadSiteConfig(configFile, {}), outDir: dist, workDir: path.join(root, 'work'), log: () => {}, now: new Date('2026-11-01T00:00:00Z') });
  expect(report.ok).toBe(true);

  const all = (await readdir(dist, { recursive: true })).map(String);
  const text = (rel: string) => readFile(path.join(dist, rel), 'utf8');
  const filesPage = async (name: string) => {
    for (const rel of all.filter((p) => p.endsWith('.html') && p.startsWith('doi'))) {
      const html = await text(rel);
      if (html.includes(`data-path="${name}"`)) return html;
    }
    throw new Error(`no page lists ${name}`);
  };
  const scicat = await filesPage('proj_0001.tif');
  expect(scicat).toMatch(new RegExp(`MD5</span> ${MD5}`));
  expect(scicat).not.toMatch(/data-sha256="[^"]*"[^>]*data-path="proj_0001\.tif"/);
  const icat = await filesPage('run1.nxs');
  expect(icat).toMatch(/CRC32<\/span> 00a3f2b1/);
  expect(icat).toMatch(new RegExp(`SHA-256</span> ${SHA('run2')}`));

  const manifest = (dataset: string, file: string) => text(all.find((p) => p.startsWith('doi') && p.endsWith(`${dataset}${path.sep}manifest${path.sep}${file}`))!);
  expect(await manifest('scan-md5', 'MD5SUMS')).toBe(`${MD5}  proj_0001.tif\n`);
  expect(await manifest('scan-md5', 'SHA256SUMS')).toBe('');
  expect(await manifest('scan-md5', 'files.meta4')).toContain(`<hash type="md5">${MD5}</hash>`);
  const crcMetalink = await manifest('ds1', 'files.meta4');
  expect(crcMetalink.match(/<hash /g)).toHaveLength(1); // run2's SHA-256; CRC32 has no Metalink hash name
  expect(await manifest('ds1', 'SHA256SUMS')).toBe(`${SHA('run2')}  run2.nxs\n`);
}, 300_000);
