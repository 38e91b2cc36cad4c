import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateTechnical } from '../../../src/enrich/aggregate.ts';
import { dropOtherReaderVersions, fileCache, readerVersion } from '../../../src/enrich/cache.ts';
import { enrichDatafile } from '../../../src/enrich/enrich-datafile.ts';
import { bufferSource, type ByteSource } from '../../../src/images/byte-source.ts';
import { miniCbfBytes, syntheticFrame } from '../../../src/images/synthetic.ts';
import type { Datafile } from '../../../src/record/types.ts';

describe('enrichDatafile', () => {
  it('fills technical metadata and previews, then serves rebuilds from the SHA-256 cache', async () => {
    const bytes = miniCbfBytes(syntheticFrame({ width: 300, height: 300, seed: 5 }));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file: Datafile = { path: 'images/x_0001.cbf', size: bytes.length, sha256, mediaType: 'application/octet-stream', key: 'k/x_0001.cbf' };
    const cache = fileCache(mkdtempSync(join(tmpdir(), 'aperture-cache-')));
    const first = await enrichDatafile(bufferSource(bytes), file, cache);
    expect(first.technical.wavelength_angstrom).toBe(0.9763);
    expect(first.preview?.thumbnail).toMatchObject({ width: 256, height: 256, mediaType: 'image/webp' });
    expect(first.preview?.view).toMatchObject({ width: 300, height: 300 });
    expect(existsSync(first.preview!.thumbnail.path)).toBe(true);

    const untouchable: ByteSource = {
      name: 'must-not-be-read',
      size: () => Promise.reject(new Error('read during a cached rebuild')),
      read: () => Promise.reject(new Error('read during a cached rebuild')),
    };
    const second = await enrichDatafile(untouchable, file, cache);
    expect(second).toEqual(first);
  });

  it('does not serve what older reader code cached, and a build drops it', async () => {
    const bytes = miniCbfBytes(syntheticFrame({ width: 64, height: 64, seed: 2 }));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file: Datafile = { path: 'images/y_0001.cbf', size: bytes.length, sha256, mediaType: 'application/octet-stream', key: 'k/y_0001.cbf' };
    const dir = mkdtempSync(join(tmpdir(), 'aperture-cache-'));
    // What a reader before a fix made of this file, cached under the first layout's version.
    await enrichDatafile(bufferSource(bytes), file, fileCache(dir, 1));
    const entry = join(dir, 'v1', sha256.slice(0, 2), `${sha256}.json`);
    const cached = JSON.parse(readFileSync(entry, 'utf8'));
    writeFileSync(entry, JSON.stringify({ ...cached, technical: { ...cached.technical, width_px: 3.5 } }));
    expect((await enrichDatafile(bufferSource(bytes), file, fileCache(dir, 1))).technical.width_px).toBe(3.5);
    const result = await enrichDatafile(bufferSource(bytes), file, fileCache(dir));
    expect(result.technical.width_px).toBe(64);
    dropOtherReaderVersions(dir);
    expect(readdirSync(dir)).toEqual([`v${readerVersion()}`]);
  });

  it('reports problems against the catalogue path, not the storage location', async () => {
    const file: Datafile = { path: 'images/bad.cbf', size: 3, sha256: 'a'.repeat(64), mediaType: 'x', key: 'k' };
    const cache = fileCache(mkdtempSync(join(tmpdir(), 'aperture-cache-')));
    const result = await enrichDatafile(bufferSource(new Uint8Array([1, 2, 3]), 'https://s3/x'), file, cache, { record: 'exp-1' });
    expect(result.preview).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.file, d.record])).toEqual([['image/unknown-format', 'images/bad.cbf', 'exp-1']]);
  });
});

describe('aggregateTechnical', () => {
  it('summarises a rotation sweep: wavelength range, total oscillation, frames, detectors', () => {
    const sweep = Array.from({ length: 3 }, (_, i) => ({
      detector: 'PILATUS 2M',
      wavelength_angstrom: 0.6889,
      oscillation_start_deg: -145 + i * 0.1,
      oscillation_width_deg: 0.1,
      frames: 1,
    }));
    const agg = aggregateTechnical([...sweep, { detector: 'EIGER 16M', wavelength_angstrom: 0.98, frames: 100, oscillation_width_deg: 0.25 }]);
    expect(agg.files).toBe(4);
    expect(agg.wavelengthAngstrom).toEqual({ min: 0.6889, max: 0.98 });
    expect(agg.totalOscillationDeg).toBeCloseTo(25.3, 9);
    expect(agg.frames).toBe(103);
    expect(agg.detectors).toEqual(['EIGER 16M', 'PILATUS 2M']);
    expect(agg.summary.wavelength_angstrom).toBeUndefined();
    expect(aggregateTechnical(sweep).summary).toMatchObject({ wavelength_angstrom: 0.6889, frames: 3, oscillation_start_deg: -145 });
  });
});
