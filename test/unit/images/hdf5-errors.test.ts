import fs, { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileSource } from '../../../src/images/byte-source.ts';
import { readImage } from '../../../src/images/read-image.ts';
import { syntheticFrame, writeNxmxHdf5 } from '../../../src/images/synthetic.ts';

let dir: string;
let clean: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aperture-h5err-'));
  await writeNxmxHdf5(join(dir, 'clean.h5'), syntheticFrame({ width: 16, height: 12, seed: 3, spots: 4 }), 1);
  clean = readFileSync(join(dir, 'clean.h5'));
});

afterEach(() => vi.restoreAllMocks());

/** Everything written to stderr, both through process.stderr and straight to fd 2 (where the wasm module writes). */
function spyStderr(): () => string {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  const writeSync = fs.writeSync;
  // Emscripten writes (fd, whole heap, offset, length, position): copy only the slice.
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array | string, offset?: number, length?: number, ...rest: never[]) => {
    if (fd !== 2) return (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, ...rest);
    if (typeof buffer === 'string') {
      text += buffer;
      return buffer.length;
    }
    const start = offset ?? 0;
    const end = start + (length ?? buffer.length - start);
    text += Buffer.from(buffer.subarray(start, end)).toString('utf8');
    return end - start;
  }) as typeof fs.writeSync);
  return () => text;
}

describe('a corrupt HDF5 file', () => {
  it.each([
    ['truncated to half', () => clean.subarray(0, clean.length >> 1)],
    ['with a broken superblock', () => Buffer.concat([clean.subarray(0, 8), Buffer.alloc(64, 0xff)])],
  ])('%s prints nothing to stderr and is reported once as image/unreadable', async (name, bytes) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.h5`);
    writeFileSync(path, bytes());
    const stderr = spyStderr();
    const read = await readImage(fileSource(path), { frame: true });
    const written = stderr();
    vi.restoreAllMocks();
    expect(written).toBe('');
    expect(read.diagnostics.filter((d) => d.code === 'image/unreadable')).toHaveLength(1);
    // The library's innermost reason, not its "HDF5-DIAG" banner, names the problem.
    expect(read.diagnostics.find((d) => d.code === 'image/unreadable')!.message).not.toMatch(/HDF5-DIAG|#0/);
  });

  it('leaves a sound file unaffected', async () => {
    const read = await readImage(fileSource(join(dir, 'clean.h5')), { frame: true });
    expect(read.format).toBe('hdf5-nxmx');
    expect(read.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});
