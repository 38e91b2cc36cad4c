/**
 * Writes the demo catalogue's synthetic diffraction frames into a folder:
 *   node --import tsx scripts/generate-synthetic-frames.ts OUT_DIR [--size 512] [--seed 1] [--frames 3]
 * Produces synthetic_0001.cbf (miniCBF, byte_offset) and synthetic_master.h5 (NXmx,
 * bitshuffle/LZ4). Deterministic for a given seed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { miniCbfBytes, syntheticFrame, writeNxmxHdf5 } from '../src/images/synthetic.ts';

export async function generateSyntheticFrames(dir: string, options: { size?: number; seed?: number; frames?: number } = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const size = options.size ?? 512;
  const frame = syntheticFrame({ width: size, height: size, seed: options.seed ?? 1 });
  const cbf = join(dir, 'synthetic_0001.cbf');
  await writeFile(cbf, miniCbfBytes(frame));
  const h5 = join(dir, 'synthetic_master.h5');
  await writeNxmxHdf5(h5, { ...frame, technical: { ...frame.technical, pixel_size_x_mm: 0.075, pixel_size_y_mm: 0.075 } }, options.frames ?? 3);
  return [cbf, h5];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('generate-synthetic-frames.ts')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { size: { type: 'string' }, seed: { type: 'string' }, frames: { type: 'string' } },
  });
  const dir = resolve(positionals[0] ?? 'synthetic-frames');
  const written = await generateSyntheticFrames(dir, {
    size: values.size ? Number(values.size) : undefined,
    seed: values.seed ? Number(values.seed) : undefined,
    frames: values.frames ? Number(values.frames) : undefined,
  });
  for (const path of written) process.stdout.write(`${path}\n`);
}
