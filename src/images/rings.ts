/**
 * Resolution rings for the image viewer: where a d-spacing falls on the detector.
 * Bragg: d = λ / (2 sin θ); a flat detector normal to the beam at distance D sees the
 * ring at r = D · tan 2θ.
 */
import type { TechnicalMetadata } from '../record/types.ts';

export interface ResolutionRing {
  dSpacingAngstrom: number;
  /** Radius in detector pixels (fast-axis pixel size). */
  radiusPx: number;
}

const DEFAULT_D_SPACINGS = [20, 10, 6, 4, 3, 2.5, 2, 1.6, 1.4, 1.2, 1, 0.8];

export function ringRadiusPx(dSpacingAngstrom: number, meta: TechnicalMetadata): number | null {
  const { wavelength_angstrom: lambda, distance_mm: distance, pixel_size_x_mm: pixel } = meta;
  if (!lambda || !distance || !pixel || dSpacingAngstrom <= 0) return null;
  const s = lambda / (2 * dSpacingAngstrom);
  if (s >= 1) return null;
  const twoTheta = 2 * Math.asin(s);
  if (twoTheta >= Math.PI / 2) return null;
  return (distance * Math.tan(twoTheta)) / pixel;
}

export function resolutionAtRadius(radiusPx: number, meta: TechnicalMetadata): number | null {
  const { wavelength_angstrom: lambda, distance_mm: distance, pixel_size_x_mm: pixel } = meta;
  if (!lambda || !distance || !pixel || radiusPx <= 0) return null;
  const twoTheta = Math.atan((radiusPx * pixel) / distance);
  return lambda / (2 * Math.sin(twoTheta / 2));
}

/**
 * Rings that fall on the detector (out to its farthest corner when the size is known).
 * Empty when wavelength, distance, beam centre or pixel size is missing.
 */
export function resolutionRings(meta: TechnicalMetadata, dSpacings: number[] = DEFAULT_D_SPACINGS): ResolutionRing[] {
  const { beam_centre_x_px: bx, beam_centre_y_px: by, width_px: w, height_px: h } = meta;
  if (bx === null || bx === undefined || by === null || by === undefined) return [];
  const maxRadius = w && h ? Math.max(Math.hypot(bx, by), Math.hypot(w - bx, by), Math.hypot(bx, h - by), Math.hypot(w - bx, h - by)) : Infinity;
  const rings: ResolutionRing[] = [];
  for (const d of dSpacings) {
    const radiusPx = ringRadiusPx(d, meta);
    if (radiusPx !== null && radiusPx > 0 && radiusPx <= maxRadius) rings.push({ dSpacingAngstrom: d, radiusPx });
  }
  return rings;
}
