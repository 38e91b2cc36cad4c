import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import type { CliIO } from '../../../src/cli/io.ts';
import { miniCbfBytes, syntheticFrame } from '../../../src/images/synthetic.ts';

function capture(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd, env: {} };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aperture-inspect-'));
  writeFileSync(join(dir, 'frame.cbf'), miniCbfBytes(syntheticFrame({ width: 200, height: 100, seed: 2 })));
  writeFileSync(join(dir, 'notes.txt'), 'hello');
});

describe('aperture inspect', () => {
  it('prints exactly the documented JSON keys, absent values as null', async () => {
    const io = capture(dir);
    expect(await main(['inspect', 'frame.cbf', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out.join('')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'format', 'detector', 'wavelength_angstrom', 'distance_mm', 'beam_centre_x_px', 'beam_centre_y_px',
      'pixel_size_x_mm', 'pixel_size_y_mm', 'exposure_time_s', 'oscillation_start_deg', 'oscillation_width_deg',
      'frames', 'width_px', 'height_px', 'diagnostics',
    ]);
    expect(json).toMatchObject({ format: 'cbf-mini', wavelength_angstrom: 0.9763, width_px: 200, height_px: 100, diagnostics: [] });
  });

  it('writes a WebP preview and names it in the human-readable output', async () => {
    const io = capture(dir);
    expect(await main(['inspect', 'frame.cbf', '--preview', 'out.webp', '--size', '100'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/wavelength_angstrom\s+0\.9763/);
    expect(io.out.join('\n')).toMatch(/out\.webp \(100×50 image\/webp\)/);
    const meta = await sharp(readFileSync(join(dir, 'out.webp'))).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 100, 50]);
  });

  it('exits 1 with a diagnostic when the file is not an image or does not exist', async () => {
    const io = capture(dir);
    expect(await main(['inspect', 'notes.txt', '--json'], io)).toBe(1);
    expect(JSON.parse(io.out.join('')).format).toBe('unknown');
    expect(io.err.join('\n')).toContain('image/unknown-format');
    const missing = capture(dir);
    expect(await main(['inspect', 'missing.cbf'], missing)).toBe(1);
    expect(missing.err.join('\n')).toContain('image/unreadable');
  });
});
