/**
 * HDF5 over HTTP ranges: h5wasm reads a remote NXmx file through 1 MiB blocks fetched on
 * demand, never the whole object. The store runs in a worker thread (see range-server.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource, httpRangeSource } from '../../../src/images/byte-source.ts';
import { readImage, type ImageRead } from '../../../src/images/read-image.ts';
import { syntheticFrame, writeNxmxHdf5 } from '../../../src/images/synthetic.ts';
import { startRangeServer, type RangeServer } from '../../helpers/range-server.ts';
import { writeLinkedMaster } from '../../helpers/hdf5-fixtures.ts';

let dir: string;
let server: RangeServer;
let bigSize: number;

const frameHash = (read: ImageRead) =>
  read.frame ? createHash('sha256').update(new Uint8Array(read.frame.data.buffer)).update(read.frame.invalid).digest('hex') : null;
const codes = (read: ImageRead) => read.diagnostics.map((d) => d.code);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aperture-h5-remote-'));
  // 20 frames of 1024×1024 with bitshuffle/LZ4: ~14 MB, the frames dominate.
  await writeNxmxHdf5(join(dir, 'big.h5'), syntheticFrame({ width: 1024, height: 1024, seed: 5 }), 20);
  bigSize = (await stat(join(dir, 'big.h5'))).size;
  await writeNxmxHdf5(join(dir, 'linked_data_000001.h5'), syntheticFrame({ width: 256, height: 256, seed: 6 }), 2);
  await writeLinkedMaster(join(dir, 'linked_master.h5'), 'linked_data_000001.h5');
  await writeLinkedMaster(join(dir, 'orphan_master.h5'), 'orphan_data_000001.h5');
  server = await startRangeServer(dir);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ranged HDF5 reads over HTTP', () => {
  it('reads metadata and one frame equal to the local read, fetching a small part of the file', async () => {
    const local = await readImage(fileSource(join(dir, 'big.h5')));
    server.reset();
    const remote = await readImage(httpRangeSource(`${server.base}/files/big.h5`, { timeoutMs: 10_000 }));
    const headerBytes = server.sent().bytes;
    expect(remote.format).toBe('hdf5-nxmx');
    expect(remote.technical).toEqual(local.technical);
    expect(remote.technical.frames).toBe(20);
    expect(codes(remote)).toEqual(codes(local));
    expect(headerBytes).toBeLessThan(bigSize * 0.1);

    const localFrame = await readImage(fileSource(join(dir, 'big.h5')), { frame: true, frameIndex: 7 });
    server.reset();
    const source = httpRangeSource(`${server.base}/files/big.h5`, { timeoutMs: 10_000 });
    const remoteFrame = await readImage(source, { frame: true, frameIndex: 7 });
    const frameBytes = server.sent().bytes;
    expect(remoteFrame.frame?.width).toBe(1024);
    expect(frameHash(remoteFrame)).toBe(frameHash(localFrame));
    expect(frameBytes).toBeLessThan(bigSize * 0.25);
    // The source counts the ranged blocks too (benchmarks report it).
    expect(source.bytesRead).toBe(frameBytes);
  });

  it('follows an external link to a sibling URL, as it does to a sibling file', async () => {
    const local = await readImage(fileSource(join(dir, 'linked_master.h5')), { frame: true });
    const remote = await readImage(httpRangeSource(`${server.base}/files/linked_master.h5`, { timeoutMs: 10_000 }), { frame: true });
    expect(remote.frame?.width).toBe(256);
    expect(frameHash(remote)).toBe(frameHash(local));
    expect(remote.technical).toEqual(local.technical);
  });

  it('reports a missing sibling data file and still gives the master metadata', async () => {
    const remote = await readImage(httpRangeSource(`${server.base}/files/orphan_master.h5`, { timeoutMs: 10_000 }), { frame: true });
    expect(codes(remote)).toEqual(['image/missing-external-data']);
    expect(remote.diagnostics[0].message).toContain(`${server.base}/files/orphan_master.h5`);
    expect(remote.technical.wavelength_angstrom).toBe(1.0332);
  });
});

describe('ranged HDF5 reads that go wrong end as diagnostics', () => {
  const unreadable = (read: ImageRead) => read.diagnostics.find((d) => d.code === 'image/unreadable');

  it('a server that ignores Range is refused, not downloaded', async () => {
    server.reset();
    const read = await readImage(httpRangeSource(`${server.base}/norange/big.h5`, { timeoutMs: 10_000 }), { frame: true });
    expect(unreadable(read)?.message).toMatch(/ignored the Range header/);
    expect(read.frame).toBeUndefined();
    expect(server.sent().bytes).toBeLessThan(bigSize * 0.5);
  });

  it('a 404 is unreadable', async () => {
    const read = await readImage(httpRangeSource(`${server.base}/files/nothing-here.h5`, { timeoutMs: 5_000 }));
    expect(unreadable(read)).toBeDefined();
  });

  it('a stalled server is given up after the timeout', async () => {
    const started = Date.now();
    const read = await readImage(httpRangeSource(`${server.base}/stall/big.h5`, { timeoutMs: 1_000 }));
    expect(unreadable(read)?.message).toMatch(/within 1000 ms/);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('a wrong Content-Length is caught by the Content-Range of the first block', async () => {
    const read = await readImage(httpRangeSource(`${server.base}/liar/big.h5`, { timeoutMs: 5_000 }));
    expect(unreadable(read)?.message).toMatch(/wrong Content-Length/);
  });

  it('the bytes fetched for one read are capped', async () => {
    server.reset();
    const source = httpRangeSource(`${server.base}/files/big.h5`, { timeoutMs: 5_000 });
    const read = await readImage(source, { frame: true, remoteHdf5: { blockBytes: 64 * 1024, maxFetchBytes: 256 * 1024 } });
    expect(unreadable(read)?.message).toMatch(/256 ?KiB|262144-byte limit/);
    expect(read.frame).toBeUndefined();
    expect(server.sent().bytes).toBeLessThanOrEqual(256 * 1024 + 4096);
  });
});

const shared = new URL('../../../../shared/images/', import.meta.url).pathname;

describe.skipIf(!existsSync(shared))('shared NXmx/EIGER files read over HTTP equal the local read', () => {
  const folders = ['hdf5-nxmx', 'hdf5-eiger-data/artificial_small'];
  const servers: RangeServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  for (const folder of folders) {
    it(folder, async () => {
      const root = join(shared, folder);
      const store = await startRangeServer(root);
      servers.push(store);
      const names = (await readdir(root)).filter((n) => /\.(h5|nxs|hdf5)$/.test(n) && !/_data_\d+\.h5$/.test(n));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const local = await readImage(fileSource(join(root, name)), { frame: true });
        const remote = await readImage(httpRangeSource(`${store.base}/files/${name}`, { timeoutMs: 10_000 }), { frame: true });
        expect({ name, format: remote.format, technical: remote.technical }).toEqual({ name, format: local.format, technical: local.technical });
        expect(codes(remote)).toEqual(codes(local));
        expect(frameHash(remote)).toBe(frameHash(local));
      }
    });
  }
});
