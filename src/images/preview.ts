/**
 * Frame → preview image. Block max-pooling keeps Bragg spots visible when shrinking;
 * masked pixels (gaps, bad, overloaded) never enter the statistics; contrast is a robust
 * percentile window with asinh stretch; encoding by sharp (WebP, PNG as fallback).
 */
import sharp from 'sharp';
import type { Frame } from './types.ts';

export interface PreviewImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  mediaType: 'image/webp' | 'image/png';
}

export interface PreviewOptions {
  /** Longest side in pixels (never enlarged). */
  size: number;
  format?: 'webp' | 'png';
  /** Percentiles of valid pixels mapped to white and black. */
  lowPercentile?: number;
  highPercentile?: number;
}

export const THUMBNAIL_SIZE = 256;
export const VIEW_SIZE = 1024;

/** Colour for masked pixels: a pale blue that cannot be mistaken for signal. */
const MASK_RGB = [206, 220, 235] as const;

interface Pooled {
  width: number;
  height: number;
  values: Float32Array;
  valid: Uint8Array;
}

export function poolFrame(frame: Frame, size: number): Pooled {
  const scale = Math.min(1, size / Math.max(frame.width, frame.height));
  const width = Math.max(1, Math.round(frame.width * scale));
  const height = Math.max(1, Math.round(frame.height * scale));
  const values = new Float32Array(width * height).fill(-Infinity);
  const valid = new Uint8Array(width * height);
  const fx = width / frame.width;
  const fy = height / frame.height;
  for (let y = 0; y < frame.height; y++) {
    const oy = Math.min(height - 1, Math.floor(y * fy)) * width;
    const row = y * frame.width;
    for (let x = 0; x < frame.width; x++) {
      const i = row + x;
      if (frame.invalid[i]) continue;
      const o = oy + Math.min(width - 1, Math.floor(x * fx));
      const v = frame.data[i];
      if (v > values[o]) values[o] = v;
      valid[o] = 1;
    }
  }
  return { width, height, values, valid };
}

function percentiles(pooled: Pooled, low: number, high: number): [number, number] {
  const sample: number[] = [];
  const step = Math.max(1, Math.floor(pooled.values.length / 200_000));
  for (let i = 0; i < pooled.values.length; i += step) if (pooled.valid[i]) sample.push(pooled.values[i]);
  if (sample.length === 0) return [0, 1];
  sample.sort((a, b) => a - b);
  const at = (p: number) => sample[Math.min(sample.length - 1, Math.max(0, Math.floor((p / 100) * (sample.length - 1))))];
  const lo = at(low);
  const hi = at(high);
  return [lo, hi > lo ? hi : lo + 1];
}

/** 8-bit RGB, dark spots on white as crystallographers view them. */
export function toneMap(pooled: Pooled, low = 50, high = 99.8): Uint8Array {
  const [lo, hi] = percentiles(pooled, low, high);
  // asinh behaves like log for strong spots and stays linear near the background.
  const softness = Math.max((hi - lo) / 20, 1e-6);
  const norm = Math.asinh((hi - lo) / softness);
  const rgb = new Uint8Array(pooled.width * pooled.height * 3);
  for (let i = 0; i < pooled.values.length; i++) {
    const o = i * 3;
    if (!pooled.valid[i]) {
      rgb[o] = MASK_RGB[0];
      rgb[o + 1] = MASK_RGB[1];
      rgb[o + 2] = MASK_RGB[2];
      continue;
    }
    const t = Math.min(1, Math.max(0, Math.asinh(Math.max(0, pooled.values[i] - lo) / softness) / norm));
    const grey = Math.round(255 * (1 - t));
    rgb[o] = rgb[o + 1] = rgb[o + 2] = grey;
  }
  return rgb;
}

export async function renderPreview(frame: Frame, options: PreviewOptions): Promise<PreviewImage> {
  const pooled = poolFrame(frame, options.size);
  const rgb = toneMap(pooled, options.lowPercentile, options.highPercentile);
  const image = () => sharp(rgb, { raw: { width: pooled.width, height: pooled.height, channels: 3 } });
  if ((options.format ?? 'webp') === 'webp') {
    try {
      const bytes = await image().webp({ quality: 82, effort: 2 }).toBuffer();
      return { bytes: new Uint8Array(bytes), width: pooled.width, height: pooled.height, mediaType: 'image/webp' };
    } catch {
      // A sharp build without WebP still writes PNG.
    }
  }
  const bytes = await image().png({ compressionLevel: 6 }).toBuffer();
  return { bytes: new Uint8Array(bytes), width: pooled.width, height: pooled.height, mediaType: 'image/png' };
}
