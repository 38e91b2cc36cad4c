/**
 * The bytes of every object of the demo catalogue, deterministic from the listing line:
 * the images Aperture reads (headers and previews, chosen exactly as the enrich stage
 * chooses them) are small synthetic frames carrying the detector, beam and scan values
 * their dataset declares; every other file is a short text placeholder naming what it
 * stands for. scripts/generate-demo-listings.ts writes each line's size and SHA-256 from
 * these bytes; scripts/generate-demo-objects.ts writes the bytes and checks them against
 * the listing, so the demo's downloads verify. Never derived from ../shared.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Datafile, TechnicalMetadata } from '../src/record/types.ts';
import { imagesToRead, type EnrichLimits } from '../src/enrich/enrich-catalogue.ts';
import { miniCbfBytes, smvBytes, syntheticFrame, writeNxmxHdf5 } from '../src/images/synthetic.ts';

/** The reading budget the demo's frames are made for (aperture.config.json's enrich block). */
export const DEMO_LIMITS: EnrichLimits = { headersPerDataset: 50, previewsPerDataset: 4 };

export interface DemoLine {
  path: string;
  key: string;
  mediaType: string;
  technical?: TechnicalMetadata;
}

/** Keys of the lines that must be real frames: the ones the enrich stage will read. */
export async function frameKeys(lines: DemoLine[], limits: EnrichLimits = DEMO_LIMITS): Promise<Set<string>> {
  async function* files() {
    for (const line of lines) yield { ...line, size: 0, sha256: '' } as Datafile;
  }
  const keys = new Set<string>();
  for await (const { file } of imagesToRead(files(), lines.length, limits)) keys.add(file.key);
  return keys;
}

function seedOf(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) || 1;
}

/** HDF5 stamps object times from the clock; a fixed clock makes the bytes reproducible. */
async function withFixedClock<T>(run: () => Promise<T>): Promise<T> {
  const now = Date.now;
  Date.now = () => Date.UTC(2024, 0, 1);
  try {
    return await run();
  } finally {
    Date.now = now;
  }
}

/**
 * One object's bytes. `declared` is the dataset's technical metadata (a hits-only
 * dataset's parent's): the frame is the declared detector binned to 512 pixels of 0.8 mm.
 */
export async function demoFileBytes(line: DemoLine, declared: TechnicalMetadata, frame: boolean, stills: boolean): Promise<Uint8Array> {
  if (!frame) {
    return new TextEncoder().encode(
      `Aperture demo placeholder\nkey: ${line.key}\nmedia type: ${line.mediaType}\n` +
        'This small file stands in for a file of the demo catalogue; Aperture reads no header from it.\n',
    );
  }
  const t = { ...declared, ...line.technical };
  const image = syntheticFrame({
    width: 512,
    height: 512,
    seed: seedOf(line.key),
    spots: stills ? 160 : 90,
    pixelSizeMm: 0.8,
    geometry: {
      detector: t.detector ?? 'Synthetic detector (Aperture demo)',
      ...(t.wavelength_angstrom ? { wavelength_angstrom: t.wavelength_angstrom } : {}),
      ...(t.distance_mm ? { distance_mm: t.distance_mm } : {}),
      ...(t.exposure_time_s ? { exposure_time_s: t.exposure_time_s } : {}),
      ...(t.oscillation_width_deg != null ? { oscillation_width_deg: t.oscillation_width_deg } : {}),
      ...(t.oscillation_start_deg != null ? { oscillation_start_deg: t.oscillation_start_deg } : {}),
    },
  });
  if (/hdf5|nexus|\.(h5|nxs)$/i.test(line.mediaType + line.path)) {
    const dir = await mkdtemp(path.join(tmpdir(), 'aperture-demo-h5-'));
    try {
      const file = path.join(dir, 'frame.h5');
      await withFixedClock(() => writeNxmxHdf5(file, image));
      return new Uint8Array(await readFile(file));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (/smv|\.img$/i.test(line.mediaType + line.path)) return smvBytes(image);
  return miniCbfBytes(image, path.basename(line.path).replace(/\..*$/, ''));
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
